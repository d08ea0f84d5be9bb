package io.esteira.training.schedule;

import io.esteira.shared.security.SystemActor;
import io.esteira.training.TrainingService;
import java.util.UUID;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * One fire of a training job's schedule. A thin trigger: whether and as whom a run starts belongs to
 * {@link TrainingService#fired}. Never two at once per job.
 */
@org.quartz.DisallowConcurrentExecution
public class ScheduledTrainingJob extends QuartzJobBean {

    public static final String JOB_ID = "trainingJobId";

    private final TrainingService training;

    public ScheduledTrainingJob(TrainingService training) {
        this.training = training;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        UUID jobId = UUID.fromString(context.getMergedJobDataMap().getString(JOB_ID));
        SystemActor.run(() -> training.fired(jobId, context.getScheduledFireTime().toInstant()));
    }
}
