package io.esteira.scheduling;

import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.ScheduleAlert;
import io.esteira.scheduling.domain.ScheduleAlerts;
import io.esteira.scheduling.domain.ScheduleRuns;
import io.esteira.scheduling.domain.Schedules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** A schedule's deadline: how long after a fire its run must have succeeded, or an alert is raised. */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ScheduleDeadlines {

    /** How far back a deadline check looks for fires whose deadline passed: a node down longer than this raises no alert for them. */
    private static final Duration DEADLINE_LOOKBACK = Duration.ofHours(24);

    private final Schedules schedules;
    private final ScheduleRuns runs;
    private final ScheduleAlerts alerts;
    private final AlertRaiser raiser;
    private final Clock clock;

    ScheduleDeadlines(Schedules schedules, ScheduleRuns runs, ScheduleAlerts alerts, AlertRaiser raiser, Clock clock) {
        this.schedules = schedules;
        this.runs = runs;
        this.alerts = alerts;
        this.raiser = raiser;
        this.clock = clock;
    }

    /**
     * Raises an alert for every fire of an active schedule whose deadline has passed without a
     * succeeded run. Called by Quartz every minute, on one node at a time.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public int checkDeadlines() {
        Instant now = clock.instant();
        int raised = 0;
        for (Schedule schedule : schedules.findByStateAndDeadlineMinutesIsNotNull(Schedule.State.ACTIVE)) {
            Duration deadline = Duration.ofMinutes(schedule.getDeadlineMinutes());
            Instant latestDue = now.minus(deadline);
            Instant from = Collections.max(List.of(schedule.getUpdatedAt(), now.minus(DEADLINE_LOOKBACK)));
            if (!latestDue.isAfter(from)) {
                continue;
            }
            ScheduleTiming timing = new ScheduleTiming(schedule.getCron(), schedule.getZone());
            List<Instant> due = timing.nextFires(from, 2_000, schedule.getCalendar()).stream().filter(t -> !t.isAfter(latestDue)).toList();
            if (due.isEmpty()) {
                continue;
            }
            Set<Instant> done = runs.succeededBetween(schedule.getId(), due.getFirst(), due.getLast());
            Set<Instant> alerted = alerts.raisedBetween(schedule.getId(), ScheduleAlert.Kind.DEADLINE_MISSED, due.getFirst(), due.getLast());
            for (Instant t : due) {
                if (!done.contains(t) && !alerted.contains(t)) {
                    raiser.raise(schedule, t, ScheduleAlert.Kind.DEADLINE_MISSED, null, "The run of " + schedule.getName() + " due at " + t
                            + " had not succeeded " + schedule.getDeadlineMinutes() + " min later");
                    raised++;
                }
            }
        }
        return raised;
    }
}
