package io.esteira.scheduling;

import io.esteira.areas.AreaAccess;
import io.esteira.features.QuerySources;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.ScheduleRun;
import io.esteira.scheduling.domain.ScheduleRuns;
import io.esteira.shared.NotFoundException;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/** Schedules and runs as screens and the API show them. */
@Component
class ScheduleViews {

    private final QuerySources sources;
    private final ScheduleRuns runs;
    private final AreaAccess access;
    private final RowScorers scorers;
    private final Clock clock;

    ScheduleViews(QuerySources sources, ScheduleRuns runs, AreaAccess access, RowScorers scorers, Clock clock) {
        this.sources = sources;
        this.runs = runs;
        this.access = access;
        this.scorers = scorers;
        this.clock = clock;
    }

    ScheduleView view(Schedule s) {
        ScheduleTiming timing = new ScheduleTiming(s.getCron(), s.getZone());
        String source;
        try {
            source = sources.requireUsableBy(s.getSourceId(), s.getAreaId());
        } catch (NotFoundException e) {
            source = "?";
        }
        return new ScheduleView(s.getId(), s.getAreaId(), s.getName(), s.getDescription(), s.getSourceId(), source, s.getSql(),
                s.getTargetTable(), s.getTargetMode().name(), s.targetKeyList(), s.getCron(), s.getZone(), timing.inWords(),
                s.getCalendar().name(), s.getState() == Schedule.State.ACTIVE ? timing.nextFires(clock.instant(), 5, s.getCalendar()) : List.of(),
                s.getTimeoutSeconds(), optionsFor(s), s.getState().name(), s.getOwnerName(),
                runs.findTopByScheduleIdOrderByStartedAtDesc(s.getId()).map(ScheduleViews::view).orElse(null), s.getRowVersion(),
                s.isManaged() ? scorers.managedBy(s) : null);
    }

    /** A webhook's address often carries the receiver's secret: only those who may change the schedule read it. */
    private ScheduleOptions optionsFor(Schedule s) {
        ScheduleOptions o = s.options();
        if (o.webhookUrl() == null || access.canAct(s.getAreaId())) {
            return o;
        }
        return new ScheduleOptions(o.retries(), o.retryDelaySeconds(), o.misfire(), o.deadlineMinutes(), o.notifyOnFailure(), "(set)");
    }

    static RunView view(ScheduleRun r) {
        return new RunView(r.getId(), r.getScheduleId(), r.getScheduledFor(), r.getAttempt(), r.getTrigger().name(), r.getRunDate(),
                r.getState().name(), r.getNode(), r.getStartedAt(), r.getFinishedAt(), r.getRowsRead(), r.getRowsWritten(), r.getError(), r.getLog());
    }
}
