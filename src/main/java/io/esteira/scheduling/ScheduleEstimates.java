package io.esteira.scheduling;

import io.esteira.costs.ScheduledRuns;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.ScheduleRun;
import io.esteira.scheduling.domain.ScheduleRuns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A schedule's runs as they are quoted and checked against the area's budget: how often, and how long each. */
@Component
class ScheduleEstimates {

    private final ScheduleRuns runs;
    private final Clock clock;

    ScheduleEstimates(ScheduleRuns runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /** A schedule's runs as they are quoted and checked against the budget. */
    record Estimate(UUID areaId, ScheduledRuns runs, ScheduleQuote.Basis basis, int averaged, String inWords) {
    }

    Estimate of(Schedule s) {
        return of(s.getAreaId(), new ScheduleTiming(s.getCron(), s.getZone()), s.getCalendar(), s.getTimeoutSeconds(), s.isManaged(),
                s.getId() == null ? List.of() : runs.findTop10ByScheduleIdAndFinishedAtIsNotNullOrderByStartedAtDesc(s.getId()));
    }

    /** Runs as long as the recent ones took on average (a batch-scoring schedule's rows too), or as the time limit while there are none. */
    static Estimate of(UUID areaId, ScheduleTiming timing, BusinessCalendar calendar, int timeoutSeconds, boolean scores,
            List<ScheduleRun> recent) {
        if (recent.isEmpty()) {
            Duration limit = Duration.ofSeconds(timeoutSeconds);
            return new Estimate(areaId, ScheduleMetering.runs(timing, calendar, limit, 0), ScheduleQuote.Basis.TIME_LIMIT, 0,
                    inWords(limit) + ", its time limit: it has no runs yet, and a run never takes longer");
        }
        long millis = Math.max(1, Math.round(recent.stream().mapToLong(r -> Duration.between(r.getStartedAt(), r.getFinishedAt()).toMillis())
                .average().orElse(0)));
        long rows = scores ? Math.round(recent.stream().mapToLong(r -> r.getRowsRead() == null ? 0 : r.getRowsRead()).average().orElse(0)) : 0;
        Duration perRun = Duration.ofMillis(millis);
        return new Estimate(areaId, ScheduleMetering.runs(timing, calendar, perRun, rows), ScheduleQuote.Basis.RECENT_RUNS, recent.size(),
                inWords(perRun) + (recent.size() == 1 ? ", the time its one run took" : ", the average of its last " + recent.size() + " runs")
                        + (rows > 0 ? ", which scored " + String.format(Locale.UK, "%,d", rows) + " rows each" : ""));
    }

    /** Whether the changed schedule's runs hold its query slot longer in the next 730 hours than before (they cost in proportion). */
    boolean costsMore(Estimate before, Estimate after) {
        Instant now = clock.instant();
        Instant month = now.plus(Duration.ofHours(730));
        return after.runs().perRun().multipliedBy(after.runs().fires().between(now, month))
                .compareTo(before.runs().perRun().multipliedBy(before.runs().fires().between(now, month))) > 0;
    }

    /** 45 s, 2 min 10 s, 1 h 5 min; below a second in ms. */
    static String inWords(Duration d) {
        if (d.toSeconds() < 1) {
            return d.toMillis() + " ms";
        }
        long h = d.toHours();
        long m = d.toMinutesPart();
        long sec = d.toSecondsPart();
        if (h > 0) {
            return h + " h" + (m > 0 ? " " + m + " min" : "");
        }
        return m > 0 ? m + " min" + (sec > 0 ? " " + sec + " s" : "") : sec + " s";
    }
}
