package io.esteira.scheduling.jobs;

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
class ScheduleDeadlineSchedule {

    @Bean
    JobDetail scheduleDeadlineJob() {
        return JobBuilder.newJob(ScheduleDeadlineJob.class).withIdentity("schedule-deadlines", "scheduling")
                .withDescription("Alerts for scheduled runs that missed their deadline").storeDurably().build();
    }

    @Bean
    Trigger scheduleDeadlineTrigger(JobDetail scheduleDeadlineJob,
            @Value("${esteira.scheduling.deadline-check-interval:PT1M}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(scheduleDeadlineJob).withIdentity("schedule-deadlines", "scheduling")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
