package io.esteira.changes.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ChangeExpirySchedule {

    @Bean
    JobDetail changeExpiryJob() {
        return RecurringJobs.job(ChangeExpiryJob.class, "changes", "change-expiry",
                "Expires change approvals, and approved change requests not implemented in time");
    }

    @Bean
    Trigger changeExpiryTrigger(JobDetail changeExpiryJob, @Value("${esteira.changes.expiry-check-interval:PT5M}") Duration interval) {
        return RecurringJobs.every(changeExpiryJob, interval);
    }
}
