package io.esteira.features.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class FeatureRefreshSchedule {

    @Bean
    JobDetail featureRefreshJob() {
        return JobBuilder.newJob(FeatureRefreshJob.class).withIdentity("feature-refresh", "features")
                .withDescription("Validation and online materialization of published feature groups").storeDurably().build();
    }

    @Bean
    Trigger featureRefreshTrigger(JobDetail featureRefreshJob,
            @Value("${esteira.features.refresh-interval:PT15M}") Duration interval, Clock clock) {
        return TriggerBuilder.newTrigger().forJob(featureRefreshJob).withIdentity("feature-refresh", "features")
                .startAt(Date.from(clock.instant().plus(interval)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
