package io.esteira.scheduling;

import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.jobs.ScheduledQueryJob;
import io.esteira.scheduling.jobs.BusinessDayCalendar;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;

/** Keeps one Quartz job and cron trigger per active schedule in the clustered job store. */
@Component
class ScheduleTriggers {

    private static final String GROUP = "schedules";
    private static final String RETRIES = "schedule-retries";

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
            // the job and its trigger stored or replaced in one step under Quartz's lock: two events putting the same schedule at
            // once (a release going live is seen on more than one thread) must not both find no trigger and both insert one
            quartz.scheduleJob(job(schedule), Set.of(trigger(schedule)), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused the schedule " + schedule.getName() + ": " + e.getMessage(), e);
        }
    }

    private static JobDetail job(Schedule schedule) {
        return JobBuilder.newJob(ScheduledQueryJob.class).withIdentity(JobKey.jobKey(schedule.getId().toString(), GROUP))
                .withDescription(schedule.getName()).usingJobData(ScheduledQueryJob.SCHEDULE_ID, schedule.getId().toString())
                .requestRecovery(true).storeDurably().build();
    }

    private Trigger trigger(Schedule schedule) throws SchedulerException {
        CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(schedule.getCron()).inTimeZone(TimeZone.getTimeZone(schedule.getZone()));
        cron = switch (schedule.getMisfire()) {
            case RUN_ONCE -> cron.withMisfireHandlingInstructionFireAndProceed();
            case SKIP -> cron.withMisfireHandlingInstructionDoNothing();
            case RUN_ALL -> cron.withMisfireHandlingInstructionIgnoreMisfires();
        };
        TriggerBuilder<?> builder = TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(schedule.getId().toString(), GROUP))
                .forJob(JobKey.jobKey(schedule.getId().toString(), GROUP)).withSchedule(cron);
        if (schedule.getCalendar() != BusinessCalendar.NONE) {
            ZoneId zone = ZoneId.of(schedule.getZone());
            String name = BusinessDayCalendar.nameOf(schedule.getCalendar(), zone);
            quartz.addCalendar(name, new BusinessDayCalendar(schedule.getCalendar(), zone), true, false);
            builder.modifiedByCalendar(name);
        }
        return builder.build();
    }

    /**
     * Puts the trigger only when the schedule has none (a node starting while another registers a new
     * schedule must not replace that node's trigger, which would let the same fire start twice).
     */
    void ensure(Schedule schedule) {
        try {
            if (quartz.checkExists(JobKey.jobKey(schedule.getId().toString(), GROUP))) {
                return;
            }
            quartz.addJob(job(schedule), false);
            quartz.scheduleJob(trigger(schedule));
        } catch (org.quartz.ObjectAlreadyExistsException putMeanwhile) {
            // the node that created or resumed the schedule registered it first
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz cannot be asked about " + schedule.getName() + ": " + e.getMessage(), e);
        }
    }

    /** A one-time trigger that runs a failed fire again as its next attempt, kept in the job store so a restart does not lose it. */
    void retry(Schedule schedule, Instant scheduledFor, int attempt, Instant at) {
        try {
            Trigger retry = TriggerBuilder.newTrigger()
                    .withIdentity(TriggerKey.triggerKey(schedule.getId() + "-" + scheduledFor.toEpochMilli() + "-" + attempt, RETRIES))
                    .forJob(JobKey.jobKey(schedule.getId().toString(), GROUP))
                    .usingJobData(ScheduledQueryJob.SCHEDULED_FOR, scheduledFor.toEpochMilli())
                    .usingJobData(ScheduledQueryJob.ATTEMPT, attempt)
                    .startAt(Date.from(at))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            quartz.scheduleJob(retry);
        } catch (org.quartz.ObjectAlreadyExistsException e) {
            // another node planned this retry already
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused the retry of " + schedule.getName() + ": " + e.getMessage(), e);
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
