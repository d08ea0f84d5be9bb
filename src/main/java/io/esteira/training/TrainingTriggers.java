package io.esteira.training;

import io.esteira.training.domain.TrainingJob;
import io.esteira.training.schedule.ScheduledTrainingJob;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;

/**
 * Keeps one Quartz job and cron trigger per scheduled training job in the clustered job store, written in the
 * transaction that saves the job, so a job and its trigger never disagree. A missed fire runs once when the
 * scheduler is back (a training run is not worth repeating for every fire it missed).
 */
@Component
class TrainingTriggers {

    static final String GROUP = "training-jobs";

    private final Scheduler quartz;

    TrainingTriggers(Scheduler quartz) {
        this.quartz = quartz;
    }

    /** Creates or replaces the job's trigger; a job without a schedule (or deleted) has none. */
    void put(TrainingJob job) {
        if (!job.isScheduled() || job.isDeleted()) {
            remove(job.getId());
            return;
        }
        try {
            // job and trigger in one step under Quartz's lock, as the scheduling module does
            quartz.scheduleJob(detail(job), Set.of(trigger(job)), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused the schedule of " + job.getName() + ": " + e.getMessage(), e);
        }
    }

    void remove(UUID jobId) {
        try {
            quartz.deleteJob(JobKey.jobKey(jobId.toString(), GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused to remove the training schedule: " + e.getMessage(), e);
        }
    }

    /** Whether the job store has the job's trigger (for checks and tests). */
    boolean exists(UUID jobId) {
        try {
            return quartz.checkExists(TriggerKey.triggerKey(jobId.toString(), GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz cannot be asked about the training schedule: " + e.getMessage(), e);
        }
    }

    private static JobDetail detail(TrainingJob job) {
        return JobBuilder.newJob(ScheduledTrainingJob.class).withIdentity(JobKey.jobKey(job.getId().toString(), GROUP))
                .withDescription("training job " + job.getName()).usingJobData(ScheduledTrainingJob.JOB_ID, job.getId().toString())
                .requestRecovery(true).storeDurably().build();
    }

    private static Trigger trigger(TrainingJob job) {
        CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(job.getScheduleCron())
                .inTimeZone(TimeZone.getTimeZone(job.getScheduleZone())).withMisfireHandlingInstructionFireAndProceed();
        return TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(job.getId().toString(), GROUP))
                .forJob(JobKey.jobKey(job.getId().toString(), GROUP)).withSchedule(cron).build();
    }
}
