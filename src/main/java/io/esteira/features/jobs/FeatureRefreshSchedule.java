package io.esteira.features.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Clock;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class FeatureRefreshSchedule {

    @Bean
    JobDetail featureRefreshJob() {
        return RecurringJobs.job(FeatureRefreshJob.class, "features", "feature-refresh",
                "Validation and online materialization of published feature groups");
    }

    @Bean
    Trigger featureRefreshTrigger(JobDetail featureRefreshJob,
            @Value("${esteira.features.refresh-interval:PT15M}") Duration interval, Clock clock) {
        return RecurringJobs.every(featureRefreshJob, interval, clock.instant().plus(interval));
    }
}
