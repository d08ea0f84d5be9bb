package io.esteira.scheduling;

import io.esteira.costs.Held;
import io.esteira.costs.ResourceShape;
import io.esteira.costs.ScheduledRuns;
import io.esteira.costs.UsageStart;
import io.esteira.scheduling.domain.Schedule;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * How a schedule's runs are metered, in one place for the usage ledger and for the quote: each run holds
 * one query slot from its start to its end, as a {@code schedule-run} (a person's query) or a
 * {@code batch-run} (rows scored for a batch deployment, whose predictions its deployment meters).
 */
final class ScheduleMetering {

    private ScheduleMetering() {
    }

    /** What a run holds while it runs. */
    static Map<String, BigDecimal> held() {
        return Held.querySlot();
    }

    /** The usage ledger's source type of a schedule's runs. */
    static String source(Schedule schedule) {
        return schedule.isManaged() ? "batch-run" : "schedule-run";
    }

    /** The interval a run opens when it starts. */
    static UsageStart started(Schedule schedule, UUID runId, Instant startedAt) {
        return new UsageStart(schedule.getAreaId(), source(schedule), runId, schedule.getName(), schedule.getOwnerId(),
                schedule.getOwnerName(), schedule.isManaged() ? "Batch scoring" : "Scheduled query", new ResourceShape(1, 1, null, 0, 0),
                startedAt, held());
    }

    /** The schedule's runs as a quote counts them: each {@code perRun} long, fired by its cron on its calendar. */
    static ScheduledRuns runs(ScheduleTiming timing, BusinessCalendar calendar, Duration perRun, long predictedRowsPerRun) {
        return new ScheduledRuns(held(), perRun, predictedRowsPerRun, (from, to) -> timing.firesBetween(from, to, calendar));
    }
}
