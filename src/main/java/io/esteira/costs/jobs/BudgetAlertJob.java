package io.esteira.costs.jobs;

import io.esteira.costs.BudgetAlerts;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Checks every area's budgets (hourly, on one node of the cluster at a time). A thin trigger for {@link BudgetAlerts#check()}. */
@DisallowConcurrentExecution
public class BudgetAlertJob extends QuartzJobBean {

    private final BudgetAlerts alerts;

    public BudgetAlertJob(BudgetAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(alerts::check);
    }
}
