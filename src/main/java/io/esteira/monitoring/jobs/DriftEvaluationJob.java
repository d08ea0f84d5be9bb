package io.esteira.monitoring.jobs;

import io.esteira.monitoring.DriftResults;
import io.esteira.monitoring.SegmentOperationalMetrics;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Evaluates drift of the closed windows of live releases, and counts the operational figures per segment of the
 * settled hours (one node at a time). A thin trigger for {@link DriftResults#evaluateRecent} and
 * {@link SegmentOperationalMetrics#computeRecent}.
 */
@DisallowConcurrentExecution
public class DriftEvaluationJob extends QuartzJobBean {

    private final DriftResults drift;
    private final SegmentOperationalMetrics segments;

    public DriftEvaluationJob(DriftResults drift, SegmentOperationalMetrics segments) {
        this.drift = drift;
        this.segments = segments;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(() -> drift.evaluateRecent(Duration.ofHours(3)));
        SystemActor.run(() -> segments.computeRecent(Duration.ofHours(3)));
    }
}
