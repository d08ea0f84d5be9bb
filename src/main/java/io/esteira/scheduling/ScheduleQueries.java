package io.esteira.scheduling;

import io.esteira.areas.AreaAccess;
import io.esteira.scheduling.domain.ScheduleAlerts;
import io.esteira.scheduling.domain.ScheduleRuns;
import io.esteira.scheduling.domain.Schedules;
import io.esteira.shared.Paging;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading schedules: the areas' schedules, one, its runs and its alerts. Another area's schedule is "not found". */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ScheduleQueries {

    private final Schedules schedules;
    private final ScheduleRuns runs;
    private final ScheduleAlerts alerts;
    private final AreaAccess access;
    private final ScheduleAccess readable;
    private final ScheduleViews views;

    ScheduleQueries(Schedules schedules, ScheduleRuns runs, ScheduleAlerts alerts, AreaAccess access, ScheduleAccess readable,
            ScheduleViews views) {
        this.schedules = schedules;
        this.runs = runs;
        this.alerts = alerts;
        this.access = access;
        this.readable = readable;
        this.views = views;
    }

    public Page<ScheduleView> list(Pageable pageable) {
        return schedules.findByAreaIdIn(access.readableAreaIds(), Paging.orderedBy(pageable, "name")).map(views::view);
    }

    public ScheduleView get(UUID id) {
        return views.view(readable.readable(id));
    }

    public Page<RunView> runs(UUID scheduleId, Pageable pageable) {
        readable.readable(scheduleId);
        return runs.findByScheduleIdOrderByScheduledForDescAttemptDesc(scheduleId, pageable).map(ScheduleViews::view);
    }

    /** The schedule's alerts, newest first. */
    public Page<AlertView> alerts(UUID scheduleId, Pageable pageable) {
        readable.readable(scheduleId);
        return alerts.findByScheduleIdOrderByRaisedAtDesc(scheduleId, pageable)
                .map(a -> new AlertView(a.getId(), a.getScheduleId(), a.getKind().name(), a.getScheduledFor(), a.getRunId(), a.getMessage(),
                        a.getRaisedAt()));
    }
}
