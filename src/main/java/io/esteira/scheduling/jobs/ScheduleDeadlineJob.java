package io.esteira.scheduling.jobs;

import io.esteira.scheduling.ScheduleDeadlines;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Looks for fires past their deadline without a succeeded run. A thin trigger for {@link ScheduleDeadlines#checkDeadlines()}. */
@DisallowConcurrentExecution
public class ScheduleDeadlineJob extends QuartzJobBean {

    private final ScheduleDeadlines deadlines;

    public ScheduleDeadlineJob(ScheduleDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(deadlines::checkDeadlines);
    }
}
