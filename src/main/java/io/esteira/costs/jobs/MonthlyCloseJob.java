package io.esteira.costs.jobs;

import io.esteira.costs.MonthlyClose;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Closes the month that is over (idempotent: a month already closed is left as it is). */
@DisallowConcurrentExecution
public class MonthlyCloseJob extends QuartzJobBean {

    private final MonthlyClose close;

    public MonthlyCloseJob(MonthlyClose close) {
        this.close = close;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(() -> close.close(close.lastMonthOver()));
    }
}
