package io.esteira.monitoring.jobs;

import io.esteira.monitoring.OperationalMetrics;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Computes the operational metric rows that are due, on one node of the cluster at a time. A thin
 * trigger for {@link OperationalMetrics#computeDue()}.
 */
@DisallowConcurrentExecution
public class OperationalMetricsJob extends QuartzJobBean {

    private final OperationalMetrics metrics;

    public OperationalMetricsJob(OperationalMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(metrics::computeDue);
    }
}
