package io.esteira.monitoring.jobs;

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
class OperationalMetricsSchedule {

    @Bean
    JobDetail operationalMetricsJob() {
        return JobBuilder.newJob(OperationalMetricsJob.class).withIdentity("operational-metrics", "monitoring")
                .withDescription("Computes the operational metric rows (calls, errors, latency, queue) of the minutes just closed, "
                        + "late entries and anything missed while the portal was stopped").storeDurably().build();
    }

    @Bean
    Trigger operationalMetricsTrigger(JobDetail operationalMetricsJob,
            @Value("${esteira.monitoring.operational-interval:PT1M}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(operationalMetricsJob).withIdentity("operational-metrics", "monitoring")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
