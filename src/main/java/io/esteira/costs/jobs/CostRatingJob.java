package io.esteira.costs.jobs;

import io.esteira.costs.CostLedger;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Rates the ledger's hours that are due, on one node of the cluster at a time. A thin trigger for
 * {@link CostLedger#rateDue()}.
 */
@DisallowConcurrentExecution
public class CostRatingJob extends QuartzJobBean {

    private final CostLedger ledger;

    public CostRatingJob(CostLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(ledger::rateDue);
    }
}
