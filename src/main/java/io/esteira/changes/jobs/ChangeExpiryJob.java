package io.esteira.changes.jobs;

import io.esteira.changes.ChangeExpiry;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Expires approvals and approved requests that ran out of time. A thin trigger for {@link ChangeExpiry#expireOverdue()}. */
@DisallowConcurrentExecution
public class ChangeExpiryJob extends QuartzJobBean {

    private final ChangeExpiry expiry;

    public ChangeExpiryJob(ChangeExpiry expiry) {
        this.expiry = expiry;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(expiry::expireOverdue);
    }
}
