package io.esteira.scheduling;

import io.esteira.scheduling.SchedulingEvents.ScheduleChanged;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.ScheduleRun;
import io.esteira.scheduling.domain.ScheduleRuns;
import io.esteira.scheduling.domain.Schedules;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.SystemActor;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs of a schedule: when Quartz fires it or retries a failed fire, and when a person runs it now, runs a failed
 * run again or backfills past dates. Each fire is one run in the run log, unique per schedule and time, so it runs
 * once whichever node takes it.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ScheduleRunner {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);

    /** The most runs one backfill may create. */
    public static final int MAX_BACKFILL = 366;

    private final Schedules schedules;
    private final ScheduleRuns runs;
    private final ScheduleAccess access;
    private final RunExecution execution;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    ScheduleRunner(Schedules schedules, ScheduleRuns runs, ScheduleAccess access, RunExecution execution, ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.schedules = schedules;
        this.runs = runs;
        this.access = access;
        this.execution = execution;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Runs the schedule now, in the background, as a manual run. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public RunView runNow(UUID id) {
        Schedule schedule = access.changeable(id);
        Instant now = clock.instant();
        ScheduleRun run = execution.start(schedule, now, 1, ScheduleRun.Trigger.MANUAL);
        Thread.ofPlatform().daemon().name("schedule-run").start(() -> SystemActor.run(() -> execution.execute(schedule.getId(), run.getId())));
        return ScheduleViews.view(run);
    }

    /** The runs a backfill of {@code from} to {@code to} (dates in the schedule's zone, inclusive) would create: one per fire time. */
    public List<Instant> backfillPreview(UUID id, LocalDate from, LocalDate to) {
        Schedule schedule = access.readable(id);
        if (from == null || to == null || to.isBefore(from)) {
            throw new InvalidRequestException("from", "Give a range: from a date to the same or a later date");
        }
        ZoneId zone = ZoneId.of(schedule.getZone());
        Instant start = from.atStartOfDay(zone).toInstant().minusMillis(1);
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        if (end.isAfter(clock.instant())) {
            throw new InvalidRequestException("to", "A backfill covers the past; " + to + " has not ended yet");
        }
        List<Instant> fires = new ScheduleTiming(schedule.getCron(), schedule.getZone())
                .nextFires(start, MAX_BACKFILL + 1, schedule.getCalendar()).stream()
                .filter(t -> t.isBefore(end)).toList();
        if (fires.size() > MAX_BACKFILL) {
            throw new InvalidRequestException("to", "A backfill creates at most " + MAX_BACKFILL + " runs; this range has more");
        }
        return fires;
    }

    /** Creates the previewed runs, each with its own run date, and runs them one after another in the background. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public List<RunView> backfill(UUID id, LocalDate from, LocalDate to) {
        Schedule schedule = access.changeable(id);
        List<Instant> fires = backfillPreview(id, from, to);
        if (fires.isEmpty()) {
            throw new InvalidRequestException("from", "The schedule does not fire between " + from + " and " + to);
        }
        List<ScheduleRun> created = fires.stream()
                .map(t -> execution.start(schedule, t, nextAttempt(schedule.getId(), t), ScheduleRun.Trigger.BACKFILL)).toList();
        Trace trace = Trace.capture(clock);
        tx.executeWithoutResult(s -> events.publishEvent(new ScheduleChanged(id, schedule.getAreaId(), schedule.getName(), "backfilled",
                Map.of("from", from.toString(), "to", to.toString(), "runs", created.size()), trace)));
        Thread.ofPlatform().daemon().name("schedule-backfill")
                .start(() -> SystemActor.run(() -> created.forEach(r -> execution.execute(id, r.getId()))));
        return created.stream().map(ScheduleViews::view).toList();
    }

    /** Runs a failed run again, for the same scheduled time and run date, as its next attempt. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public RunView rerun(UUID runId) {
        ScheduleRun failed = runs.findById(runId).orElseThrow(() -> new NotFoundException("run", runId));
        Schedule schedule = access.changeable(failed.getScheduleId());
        if (failed.getState() != ScheduleRun.State.FAILED) {
            throw new InvalidRequestException("state", "Only a failed run is run again; this one is " + failed.getState().name().toLowerCase());
        }
        ScheduleRun run = execution.start(schedule, failed.getScheduledFor(), nextAttempt(schedule.getId(), failed.getScheduledFor()),
                ScheduleRun.Trigger.RERUN);
        Thread.ofPlatform().daemon().name("schedule-run").start(() -> SystemActor.run(() -> execution.execute(schedule.getId(), run.getId())));
        return ScheduleViews.view(run);
    }

    /**
     * Called by Quartz for each fire; a fire that another node has taken already is left alone.
     *
     * @param recovering Quartz fires again a run whose node died: its run is closed as failed and taken over as the next attempt
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public void fired(UUID scheduleId, Instant scheduledFor, boolean recovering) {
        Schedule schedule = schedules.findById(scheduleId).orElse(null);
        if (schedule == null || schedule.getState() == Schedule.State.PAUSED) {
            return;
        }
        int attempt = 1;
        if (recovering) {
            Integer next = execution.takeOver(schedule, scheduledFor);
            if (next == null) {
                return;
            }
            attempt = next;
        }
        run(schedule, scheduledFor, attempt, ScheduleRun.Trigger.SCHEDULE);
    }

    /** Called by Quartz when an automatic retry of a failed fire is due. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public void retried(UUID scheduleId, Instant scheduledFor, int attempt, boolean recovering) {
        Schedule schedule = schedules.findById(scheduleId).orElse(null);
        if (schedule == null || schedule.getState() == Schedule.State.PAUSED) {
            return;
        }
        if (recovering) {
            Integer next = execution.takeOver(schedule, scheduledFor);
            if (next == null) {
                return;
            }
            attempt = next;
        }
        run(schedule, scheduledFor, attempt, ScheduleRun.Trigger.RETRY);
    }

    private void run(Schedule schedule, Instant scheduledFor, int attempt, ScheduleRun.Trigger trigger) {
        ScheduleRun run;
        try {
            run = execution.start(schedule, scheduledFor, attempt, trigger);
        } catch (DataIntegrityViolationException duplicate) {
            log.info("Schedule {} at {} (attempt {}) runs elsewhere already", schedule.getName(), scheduledFor, attempt);
            return;
        }
        execution.execute(schedule.getId(), run.getId());
    }

    private int nextAttempt(UUID scheduleId, Instant scheduledFor) {
        return runs.findTopByScheduleIdAndScheduledForOrderByAttemptDesc(scheduleId, scheduledFor).map(r -> r.getAttempt() + 1).orElse(1);
    }
}
