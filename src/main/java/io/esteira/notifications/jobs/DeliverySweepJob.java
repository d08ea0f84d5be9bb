package io.esteira.notifications.jobs;

import io.esteira.notifications.delivery.Deliverer;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Sends the deliveries that are due: retries, and those a stopped node left. A thin trigger for {@link Deliverer}. */
@DisallowConcurrentExecution
public class DeliverySweepJob extends QuartzJobBean {

    private final Deliverer deliverer;

    public DeliverySweepJob(Deliverer deliverer) {
        this.deliverer = deliverer;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        deliverer.sendDue();
    }
}
