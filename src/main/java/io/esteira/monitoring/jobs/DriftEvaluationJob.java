package io.esteira.monitoring.jobs;

import io.esteira.monitoring.DriftResults;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Evaluates drift of the closed windows of live releases (one node at a time). A thin trigger for {@link DriftResults#evaluateRecent}. */
@DisallowConcurrentExecution
public class DriftEvaluationJob extends QuartzJobBean {

    private final DriftResults drift;

    public DriftEvaluationJob(DriftResults drift) {
        this.drift = drift;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(() -> drift.evaluateRecent(Duration.ofHours(3)));
    }
}
