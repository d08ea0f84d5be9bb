package io.esteira.scheduling;

import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.jobs.ScheduledQueryJob;
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

/** Keeps one Quartz job and cron trigger per active schedule in the clustered job store. */
@Component
class ScheduleTriggers {

    private static final String GROUP = "schedules";

    private final Scheduler quartz;

    ScheduleTriggers(Scheduler quartz) {
        this.quartz = quartz;
    }

    /** Creates or replaces the schedule's trigger; a paused schedule has none. */
    void put(Schedule schedule) {
        try {
            JobKey job = JobKey.jobKey(schedule.getId().toString(), GROUP);
            if (schedule.getState() == Schedule.State.PAUSED) {
                quartz.deleteJob(job);
                return;
            }
            JobDetail detail = JobBuilder.newJob(ScheduledQueryJob.class).withIdentity(job)
                    .withDescription(schedule.getName()).usingJobData(ScheduledQueryJob.SCHEDULE_ID, schedule.getId().toString())
                    .requestRecovery(true).storeDurably().build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(schedule.getId().toString(), GROUP)).forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(schedule.getCron())
                            .inTimeZone(TimeZone.getTimeZone(schedule.getZone()))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            quartz.addJob(detail, true);
            if (quartz.checkExists(trigger.getKey())) {
                quartz.rescheduleJob(trigger.getKey(), trigger);
            } else {
                quartz.scheduleJob(trigger);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused the schedule " + schedule.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Puts the trigger only when the schedule has none, so a running trigger keeps its state. */
    void ensure(Schedule schedule) {
        try {
            if (!quartz.checkExists(JobKey.jobKey(schedule.getId().toString(), GROUP))) {
                put(schedule);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz cannot be asked about " + schedule.getName() + ": " + e.getMessage(), e);
        }
    }

    void remove(UUID scheduleId) {
        try {
            quartz.deleteJob(JobKey.jobKey(scheduleId.toString(), GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused to remove the schedule: " + e.getMessage(), e);
        }
    }
}
