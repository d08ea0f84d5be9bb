package io.esteira.shared.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;

class RecurringJobsTest {

    static class Tick implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    private final JobDetail job = RecurringJobs.job(Tick.class, "costs", "cost-rating", "Rates the ledger");

    @Test
    void aJobIsDurableAndNamedByModuleAndPurpose() {
        assertThat(job.getKey().getGroup()).isEqualTo("costs");
        assertThat(job.getKey().getName()).isEqualTo("cost-rating");
        assertThat(job.isDurable()).isTrue();
        assertThat(job.getDescription()).isEqualTo("Rates the ledger");
    }

    @Test
    void anIntervalRepeatsForeverAndSkipsWhatItMissed() {
        Instant first = Instant.parse("2026-12-07T10:00:00Z");
        SimpleTrigger trigger = (SimpleTrigger) RecurringJobs.every(job, Duration.ofMinutes(5), first);
        assertThat(trigger.getKey().getName()).isEqualTo("cost-rating");
        assertThat(trigger.getKey().getGroup()).isEqualTo("costs");
        assertThat(trigger.getJobKey()).isEqualTo(job.getKey());
        assertThat(trigger.getRepeatInterval()).isEqualTo(300_000);
        assertThat(trigger.getRepeatCount()).isEqualTo(SimpleTrigger.REPEAT_INDEFINITELY);
        assertThat(trigger.getMisfireInstruction()).isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);
        assertThat(trigger.getStartTime()).isEqualTo(Date.from(first));
    }

    @Test
    void aCronIsReadInUtcAndCatchesUpOnce() {
        CronTrigger trigger = (CronTrigger) RecurringJobs.cron(job, "0 30 2 * * ?");
        assertThat(trigger.getTimeZone().getID()).isEqualTo("UTC");
        assertThat(trigger.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
        assertThat(trigger.getKey()).isEqualTo(org.quartz.TriggerKey.triggerKey("cost-rating", "costs"));
        assertThat(trigger.getPriority()).isEqualTo(Trigger.DEFAULT_PRIORITY);
    }
}
