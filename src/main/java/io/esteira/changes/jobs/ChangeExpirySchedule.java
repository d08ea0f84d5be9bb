package io.esteira.changes.jobs;

import java.time.Duration;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ChangeExpirySchedule {

    @Bean
    JobDetail changeExpiryJob() {
        return JobBuilder.newJob(ChangeExpiryJob.class).withIdentity("change-expiry", "changes")
                .withDescription("Expires change approvals, and approved change requests not implemented in time").storeDurably().build();
    }

    @Bean
    Trigger changeExpiryTrigger(JobDetail changeExpiryJob, @Value("${esteira.changes.expiry-check-interval:PT5M}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(changeExpiryJob).withIdentity("change-expiry", "changes")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
