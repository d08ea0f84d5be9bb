package io.esteira.monitoring.jobs;

import io.esteira.monitoring.PerformanceResults;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Evaluates performance of the windows whose labels arrived, and of the recent and just-matured
 * windows of live releases (one node at a time). A thin trigger for {@link PerformanceResults}.
 */
@DisallowConcurrentExecution
public class PerformanceEvaluationJob extends QuartzJobBean {

    private final PerformanceResults performance;

    public PerformanceEvaluationJob(PerformanceResults performance) {
        this.performance = performance;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(() -> {
            performance.evaluateDue();
            performance.evaluateRecent(Duration.ofHours(3));
        });
    }
}
