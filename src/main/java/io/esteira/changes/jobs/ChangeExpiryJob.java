package io.esteira.changes.jobs;

import io.esteira.changes.ChangeRequestService;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Expires approvals and approved requests that ran out of time. A thin trigger for {@link ChangeRequestService#expireOverdue()}. */
@DisallowConcurrentExecution
public class ChangeExpiryJob extends QuartzJobBean {

    private final ChangeRequestService changes;

    public ChangeExpiryJob(ChangeRequestService changes) {
        this.changes = changes;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(changes::expireOverdue);
    }
}
