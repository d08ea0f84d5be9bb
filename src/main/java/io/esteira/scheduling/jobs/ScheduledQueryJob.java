package io.esteira.scheduling.jobs;

import io.esteira.scheduling.ScheduleRunner;
import io.esteira.shared.security.SystemActor;
import java.time.Instant;
import java.util.UUID;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** One fire of one schedule. A thin trigger: the run itself belongs to {@link ScheduleRunner}. Never two at once per schedule. */
@org.quartz.DisallowConcurrentExecution
public class ScheduledQueryJob extends QuartzJobBean {

    public static final String SCHEDULE_ID = "scheduleId";
    /** On a retry's trigger: the fire it retries (epoch millis) and its attempt. */
    public static final String SCHEDULED_FOR = "scheduledFor";
    public static final String ATTEMPT = "attempt";

    private final ScheduleRunner runner;

    public ScheduledQueryJob(ScheduleRunner runner) {
        this.runner = runner;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        var data = context.getMergedJobDataMap();
        UUID scheduleId = UUID.fromString(data.getString(SCHEDULE_ID));
        if (data.containsKey(ATTEMPT)) {
            Instant scheduledFor = Instant.ofEpochMilli(data.getLong(SCHEDULED_FOR));
            SystemActor.run(() -> runner.retried(scheduleId, scheduledFor, data.getInt(ATTEMPT), context.isRecovering()));
        } else {
            SystemActor.run(() -> runner.fired(scheduleId, context.getScheduledFireTime().toInstant(), context.isRecovering()));
        }
    }
}
