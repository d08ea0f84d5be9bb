package io.esteira.workspaces.jobs;

import io.esteira.shared.security.SystemActor;
import io.esteira.workspaces.WorkspaceHousekeeping;
import java.time.Clock;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The periodic care of workspaces: idle stop, lifetime, reconciliation. A thin trigger for {@link WorkspaceHousekeeping}. */
@DisallowConcurrentExecution
public class WorkspaceCareJob extends QuartzJobBean {

    private final WorkspaceHousekeeping housekeeping;
    private final Clock clock;

    public WorkspaceCareJob(WorkspaceHousekeeping housekeeping, Clock clock) {
        this.clock = clock;
        this.housekeeping = housekeeping;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(() -> {
            housekeeping.checkActivity(clock.instant());
            housekeeping.reconcile();
        });
    }
}
