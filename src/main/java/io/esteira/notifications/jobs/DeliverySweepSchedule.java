package io.esteira.notifications.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import io.esteira.notifications.delivery.NotificationProperties;
import org.quartz.JobDetail;
import org.quartz.Trigger;
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
        return RecurringJobs.job(DeliverySweepJob.class, "notifications", "notification-delivery-sweep",
                "Retries of notification deliveries, and deliveries a stopped node left");
    }

    @Bean
    Trigger notificationDeliverySweepTrigger(JobDetail notificationDeliverySweepJob, NotificationProperties properties) {
        return RecurringJobs.every(notificationDeliverySweepJob, properties.retryInterval());
    }
}
