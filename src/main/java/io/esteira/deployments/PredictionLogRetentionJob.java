package io.esteira.deployments;

import io.esteira.deployments.predictions.PredictionLogPartitions;
import io.esteira.deployments.predictions.PredictionLogRetention;
import java.time.Clock;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Applies the prediction log's retention, on one node of the cluster at a time: on PostgreSQL the
 * daily partitions first ({@link PredictionLogPartitions#maintain}), then the row deletes
 * ({@link PredictionLogRetention#purge}). It stays in the module's root package because the clustered job store keeps
 * its class name (see {@link DeploymentWindowJob}).
 */
@DisallowConcurrentExecution
public class PredictionLogRetentionJob extends QuartzJobBean {

    private final PredictionLogRetention retention;
    private final PredictionLogPartitions partitions;

    public PredictionLogRetentionJob(PredictionLogRetention retention, PredictionLogPartitions partitions) {
        this.retention = retention;
        this.partitions = partitions;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        partitions.maintain(); // PostgreSQL: the days ahead, and whole old days dropped
        retention.purge();
    }

    @Configuration
    static class Schedule {

        @Bean
        JobDetail predictionLogRetentionJob() {
            return JobBuilder.newJob(PredictionLogRetentionJob.class).withIdentity("prediction-log-retention", "deployments")
                    .withDescription("Deletes prediction-log calls older than their release's retention").storeDurably().build();
        }

        @Bean
        Trigger predictionLogRetentionTrigger(JobDetail predictionLogRetentionJob,
                @Value("${esteira.prediction-log.retention-interval:PT1H}") Duration interval, Clock clock) {
            // first after one interval, not at every start of a node
            return TriggerBuilder.newTrigger().forJob(predictionLogRetentionJob).withIdentity("prediction-log-retention", "deployments")
                    .startAt(java.util.Date.from(clock.instant().plus(interval)))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
        }
    }
}
