package io.esteira.scheduling.jobs;

import io.esteira.scheduling.SchedulingService;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Looks for fires past their deadline without a succeeded run. A thin trigger for {@link SchedulingService#checkDeadlines()}. */
@DisallowConcurrentExecution
public class ScheduleDeadlineJob extends QuartzJobBean {

    private final SchedulingService scheduling;

    public ScheduleDeadlineJob(SchedulingService scheduling) {
        this.scheduling = scheduling;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(scheduling::checkDeadlines);
    }
}
