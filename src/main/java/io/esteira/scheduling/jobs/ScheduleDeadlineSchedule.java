package io.esteira.scheduling.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ScheduleDeadlineSchedule {

    @Bean
    JobDetail scheduleDeadlineJob() {
        return RecurringJobs.job(ScheduleDeadlineJob.class, "scheduling", "schedule-deadlines",
                "Alerts for scheduled runs that missed their deadline");
    }

    @Bean
    Trigger scheduleDeadlineTrigger(JobDetail scheduleDeadlineJob,
            @Value("${esteira.scheduling.deadline-check-interval:PT1M}") Duration interval) {
        return RecurringJobs.every(scheduleDeadlineJob, interval);
    }
}
