package io.esteira.features.jobs;

import io.esteira.features.FeatureRefresher;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The periodic refresh of published feature groups: validation and the online table. A thin trigger for {@link FeatureRefresher}. */
@DisallowConcurrentExecution
public class FeatureRefreshJob extends QuartzJobBean {

    private final FeatureRefresher refresher;

    public FeatureRefreshJob(FeatureRefresher refresher) {
        this.refresher = refresher;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(refresher::refreshAll);
    }
}
