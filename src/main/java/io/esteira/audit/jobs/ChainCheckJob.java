package io.esteira.audit.jobs;

import io.esteira.audit.AuditLog;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The daily check of the audit chain; a thin trigger for {@link AuditLog#verify}. */
@DisallowConcurrentExecution
public class ChainCheckJob extends QuartzJobBean {

    private final AuditLog auditLog;

    public ChainCheckJob(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(() -> auditLog.verify("daily check"));
    }
}
