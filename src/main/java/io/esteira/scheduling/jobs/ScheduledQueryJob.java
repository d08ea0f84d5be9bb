package io.esteira.scheduling.jobs;

import io.esteira.scheduling.SchedulingService;
import io.esteira.shared.security.SystemActor;
import java.util.UUID;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** One fire of one schedule. A thin trigger: the run itself belongs to {@link SchedulingService}. Never two at once per schedule. */
@org.quartz.DisallowConcurrentExecution
public class ScheduledQueryJob extends QuartzJobBean {

    public static final String SCHEDULE_ID = "scheduleId";

    private final SchedulingService scheduling;

    public ScheduledQueryJob(SchedulingService scheduling) {
        this.scheduling = scheduling;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        UUID scheduleId = UUID.fromString(context.getMergedJobDataMap().getString(SCHEDULE_ID));
        SystemActor.run(() -> scheduling.fired(scheduleId, context.getScheduledFireTime().toInstant(), context.isRecovering()));
    }
}
