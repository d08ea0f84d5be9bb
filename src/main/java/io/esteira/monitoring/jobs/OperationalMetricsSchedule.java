package io.esteira.monitoring.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class OperationalMetricsSchedule {

    @Bean
    JobDetail operationalMetricsJob() {
        return RecurringJobs.job(OperationalMetricsJob.class, "monitoring", "operational-metrics",
                "Computes the operational metric rows (calls, errors, latency, queue) of the minutes just "
                        + "closed, late entries and anything missed while the portal was stopped");
    }

    @Bean
    Trigger operationalMetricsTrigger(JobDetail operationalMetricsJob,
            @Value("${esteira.monitoring.operational-interval:PT1M}") Duration interval) {
        return RecurringJobs.every(operationalMetricsJob, interval);
    }
}
