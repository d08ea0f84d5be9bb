package io.esteira.shared.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * The one way a module registers a recurring platform job with Quartz (its job and trigger as two Spring beans):
 * the job is durable and named by module and purpose; its trigger has the job's key and either repeats at an interval
 * (a missed firing is skipped: the next one catches up) or follows a cron expression in UTC (a missed firing runs
 * as soon as the scheduler is back).
 */
public final class RecurringJobs {

    private RecurringJobs() {
    }

    /** @param description what the job does, as operators read it in the scheduler's tables */
    public static JobDetail job(Class<? extends Job> type, String module, String name, String description) {
        return JobBuilder.newJob(type).withIdentity(name, module).withDescription(description).storeDurably().build();
    }

    /** Fires now and then every {@code interval}. */
    public static Trigger every(JobDetail job, Duration interval) {
        return every(job, interval, null);
    }

    /** Fires first at {@code firstAt} (null: now), then every {@code interval}. */
    public static Trigger every(JobDetail job, Duration interval, Instant firstAt) {
        TriggerBuilder<Trigger> trigger = TriggerBuilder.newTrigger().forJob(job).withIdentity(job.getKey().getName(), job.getKey().getGroup());
        if (firstAt != null) {
            trigger.startAt(Date.from(firstAt));
        }
        return trigger.withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                .withMisfireHandlingInstructionNextWithRemainingCount()).build();
    }

    /** Fires by a Quartz cron expression read in UTC. */
    public static Trigger cron(JobDetail job, String cron) {
        return TriggerBuilder.newTrigger().forJob(job).withIdentity(job.getKey().getName(), job.getKey().getGroup())
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
