package io.esteira.scheduling;

import io.esteira.areas.AreaAccess;
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
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules whose rows another module's subject scores ({@link RowScorer}, e.g. a batch deployment's): that module
 * creates, changes, pauses and resumes them with its subject; people may only run them now.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ManagedSchedules {

    private final Schedules schedules;
    private final ScheduleTriggers triggers;
    private final ScheduleDrafts drafts;
    private final RowScorers scorers;
    private final AreaAccess access;
    private final ScheduleViews views;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ManagedSchedules(Schedules schedules, ScheduleTriggers triggers, ScheduleDrafts drafts, RowScorers scorers, AreaAccess access,
            ScheduleViews views, Validator validator, ApplicationEventPublisher events, Clock clock) {
        this.schedules = schedules;
        this.triggers = triggers;
        this.drafts = drafts;
        this.scorers = scorers;
        this.access = access;
        this.views = views;
        this.validator = validator;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Creates or changes the schedule whose rows the subject scores (e.g. a batch deployment's), and
     * sets it active or paused. The subject's module calls this; people cannot change such a schedule,
     * only run it now. Its name is given when it is created and kept.
     *
     * @throws InvalidRequestException naming the field of the draft that is wrong
     */
    @Transactional
    public ScheduleView manage(RowScorer.Subject subject, ScheduleDraft draft, boolean active) {
        Validation.check(validator, draft, "schedule");
        access.requireAct(draft.areaId(), "area", draft.areaId());
        scorers.scorer(subject.type());
        Schedule schedule = schedules.findByScorerTypeAndScorerSubject(subject.type(), subject.subjectId()).orElse(null);
        if (schedule == null) {
            if (schedules.findByAreaIdAndNameIgnoreCase(draft.areaId(), draft.name()).isPresent()) {
                throw new InvalidRequestException("name", "The area has a schedule named " + draft.name() + " already");
            }
            SignedInUser user = CurrentUser.require();
            Schedule created = new Schedule(draft.areaId(), draft.name(), user.userId(), user.displayName(), clock.instant());
            created.scoredBy(subject.type(), subject.subjectId());
            drafts.define(created, draft);
            if (!active) {
                created.pause(clock.instant());
            }
            schedules.saveAndFlush(created);
            AfterCommit.run(() -> triggers.put(created));
            events.publishEvent(new ScheduleChanged(created.getId(), created.getAreaId(), created.getName(), "created",
                    Map.of("cron", created.getCron(), "zone", created.getZone(), "target", String.valueOf(created.getTargetTable()),
                            "scoredBy", scorers.managedBy(created), "state", created.getState().name()), Trace.capture(clock)));
            return views.view(created);
        }
        if (!schedule.getAreaId().equals(draft.areaId())) {
            throw new InvalidRequestException("areaId", "A schedule stays in its area");
        }
        Map<String, Object> before = ScheduleDrafts.definition(schedule);
        drafts.define(schedule, draft);
        Map<String, Object> changed = ScheduleDrafts.changes(before, ScheduleDrafts.definition(schedule));
        boolean moves = active != (schedule.getState() == Schedule.State.ACTIVE);
        if (moves && active) {
            schedule.resume(clock.instant());
        } else if (moves) {
            schedule.pause(clock.instant());
        }
        if (changed.isEmpty() && !moves) {
            return views.view(schedule);
        }
        schedules.saveAndFlush(schedule);
        AfterCommit.run(() -> triggers.put(schedule));
        if (!changed.isEmpty()) {
            events.publishEvent(new ScheduleChanged(schedule.getId(), schedule.getAreaId(), schedule.getName(), "updated", changed, Trace.capture(clock)));
        }
        if (moves) {
            events.publishEvent(new ScheduleChanged(schedule.getId(), schedule.getAreaId(), schedule.getName(), active ? "resumed" : "paused",
                    Map.of("by", scorers.managedBy(schedule)), Trace.capture(clock)));
        }
        return views.view(schedule);
    }

    /** The schedule the subject scores, if it has one. */
    public Optional<ScheduleView> managed(RowScorer.Subject subject) {
        return schedules.findByScorerTypeAndScorerSubject(subject.type(), subject.subjectId())
                .filter(s -> access.canRead(s.getAreaId())).map(views::view);
    }
}
