package io.esteira.scheduling;

import io.esteira.areas.AreaAccess;
import io.esteira.costs.CostQuotes;
import io.esteira.scheduling.ScheduleEstimates.Estimate;
import io.esteira.scheduling.SchedulingEvents.ScheduleChanged;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.Schedules;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scheduled queries of an area as people define them: one read-only SELECT on a data source, run by Quartz at the
 * times of its cron expression, optionally written into a table of the area's schema on that source. Created,
 * changed, paused, resumed and deleted here, with the area's budget asked whenever it would cost more; its Quartz
 * trigger follows after commit. A schedule whose rows another module scores changes only through {@link ManagedSchedules}.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ScheduleDefinitions {

    private final Schedules schedules;
    private final ScheduleTriggers triggers;
    private final ScheduleDrafts drafts;
    private final AreaAccess access;
    private final ScheduleAccess editable;
    private final ScheduleEstimates estimates;
    private final CostQuotes quotes;
    private final ScheduleViews views;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ScheduleDefinitions(Schedules schedules, ScheduleTriggers triggers, ScheduleDrafts drafts, AreaAccess access, ScheduleAccess editable,
            ScheduleEstimates estimates, CostQuotes quotes, ScheduleViews views, Validator validator, ApplicationEventPublisher events,
            Clock clock) {
        this.schedules = schedules;
        this.triggers = triggers;
        this.drafts = drafts;
        this.access = access;
        this.editable = editable;
        this.estimates = estimates;
        this.quotes = quotes;
        this.views = views;
        this.validator = validator;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public ScheduleView create(ScheduleDraft draft) {
        Validation.check(validator, draft, "schedule");
        access.requireAct(draft.areaId(), "area", draft.areaId());
        if (schedules.findByAreaIdAndNameIgnoreCase(draft.areaId(), draft.name()).isPresent()) {
            throw new InvalidRequestException("name", "The area has a schedule named " + draft.name() + " already");
        }
        SignedInUser user = CurrentUser.require();
        Schedule schedule = new Schedule(draft.areaId(), draft.name(), user.userId(), user.displayName(), clock.instant());
        drafts.define(schedule, draft);
        // its runs left this month against the area's budget: REFUSE throws (audited, nothing stored), WARN goes on with the warning
        Optional<String> overBudget = quotes.enforce(schedule.getAreaId(), estimates.of(schedule).runs(), "The schedule " + draft.name(),
                draft.name());
        schedules.saveAndFlush(schedule);
        AfterCommit.run(() -> triggers.put(schedule)); // after commit: Quartz's scheduler thread must see the trigger when it wakes
        Map<String, Object> details = new LinkedHashMap<>(Map.of("cron", schedule.getCron(), "zone", schedule.getZone(),
                "target", String.valueOf(schedule.getTargetTable())));
        overBudget.ifPresent(warning -> details.put("budget", warning));
        events.publishEvent(new ScheduleChanged(schedule.getId(), schedule.getAreaId(), schedule.getName(), "created", details,
                Trace.capture(clock)));
        return views.view(schedule);
    }

    /**
     * Changes what a schedule reads, writes and when, from the version the editor saw; its trigger follows after commit.
     *
     * @throws ObjectOptimisticLockingFailureException when someone changed it meanwhile
     */
    @Transactional
    public ScheduleView update(UUID id, ScheduleDraft draft, long expectedVersion) {
        Validation.check(validator, draft, "schedule");
        Schedule schedule = editable.editable(id);
        if (!schedule.getAreaId().equals(draft.areaId())) {
            throw new InvalidRequestException("areaId", "A schedule stays in its area; create a new one in the other area");
        }
        if (schedule.getRowVersion() != expectedVersion) {
            throw new ObjectOptimisticLockingFailureException(Schedule.class, id);
        }
        if (!schedule.getName().equalsIgnoreCase(draft.name())) {
            throw new InvalidRequestException("name", "A schedule keeps its name; its runs and targets are known by it");
        }
        Map<String, Object> before = ScheduleDrafts.definition(schedule);
        Estimate was = schedule.getState() == Schedule.State.ACTIVE ? estimates.of(schedule) : null;
        drafts.define(schedule, draft);
        Map<String, Object> changed = ScheduleDrafts.changes(before, ScheduleDrafts.definition(schedule));
        if (changed.isEmpty()) {
            return views.view(schedule);
        }
        if (was != null && estimates.costsMore(was, estimates.of(schedule))) {
            // an active schedule made to run more often or longer: the budget is asked again, as when it was created
            quotes.enforce(schedule.getAreaId(), estimates.of(schedule).runs(), "The schedule " + schedule.getName() + " as changed",
                    schedule.getName()).ifPresent(warning -> changed.put("budget", warning));
        }
        schedules.saveAndFlush(schedule);
        AfterCommit.run(() -> triggers.put(schedule));
        events.publishEvent(new ScheduleChanged(id, schedule.getAreaId(), schedule.getName(), "updated", changed, Trace.capture(clock)));
        return views.view(schedule);
    }

    @Transactional
    public ScheduleView pause(UUID id) {
        return changeState(id, true);
    }

    @Transactional
    public ScheduleView resume(UUID id) {
        return changeState(id, false);
    }

    @Transactional
    public void delete(UUID id) {
        Schedule schedule = editable.editable(id);
        schedules.delete(schedule);
        AfterCommit.run(() -> triggers.remove(id));
        events.publishEvent(new ScheduleChanged(id, schedule.getAreaId(), schedule.getName(), "deleted", Map.of(), Trace.capture(clock)));
    }

    /**
     * Checks a draft as {@link #create} would (the source, the query, the schedule, the target),
     * storing nothing.
     *
     * @throws InvalidRequestException naming the field that is wrong
     */
    public void check(ScheduleDraft draft) {
        Validation.check(validator, draft, "schedule");
        access.requireAct(draft.areaId(), "area", draft.areaId());
        drafts.define(new Schedule(draft.areaId(), draft.name(), new UUID(0, 0), "check", clock.instant()), draft);
    }

    /** At start-up every active schedule gets its trigger back if it lost it (e.g. a node died between commit and registration). */
    @EventListener(ApplicationReadyEvent.class)
    @PreAuthorize("permitAll()")
    void restoreTriggers() {
        schedules.findByState(Schedule.State.ACTIVE).forEach(triggers::ensure);
    }

    private ScheduleView changeState(UUID id, boolean pause) {
        Schedule schedule = editable.editable(id);
        Map<String, Object> details = new LinkedHashMap<>();
        if (pause) {
            schedule.pause(clock.instant());
        } else {
            if (schedule.getState() == Schedule.State.PAUSED) {
                // its runs left this month against the area's budget, as when it was created
                quotes.enforce(schedule.getAreaId(), estimates.of(schedule).runs(), "Resuming " + schedule.getName(), schedule.getName())
                        .ifPresent(warning -> details.put("budget", warning));
            }
            schedule.resume(clock.instant());
        }
        schedules.saveAndFlush(schedule);
        AfterCommit.run(() -> triggers.put(schedule));
        events.publishEvent(new ScheduleChanged(id, schedule.getAreaId(), schedule.getName(), pause ? "paused" : "resumed", details,
                Trace.capture(clock)));
        return views.view(schedule);
    }
}
