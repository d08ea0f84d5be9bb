package io.esteira.notifications.jobs;

import io.esteira.notifications.delivery.NotificationProperties;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sweep runs in Quartz's clustered job store like the portal's other periodic work: one node at
 * a time, and it survives any node. The claim on each delivery keeps it from racing the attempt
 * that follows a commit.
 */
@Configuration
class DeliverySweepSchedule {

    @Bean
    JobDetail notificationDeliverySweepJob() {
        return JobBuilder.newJob(DeliverySweepJob.class).withIdentity("notification-delivery-sweep", "notifications")
                .withDescription("Retries of notification deliveries, and deliveries a stopped node left").storeDurably().build();
    }

    @Bean
    Trigger notificationDeliverySweepTrigger(JobDetail notificationDeliverySweepJob, NotificationProperties properties) {
        return TriggerBuilder.newTrigger().forJob(notificationDeliverySweepJob).withIdentity("notification-delivery-sweep", "notifications")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(properties.retryInterval().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
