package io.esteira.scheduling;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.costs.CostQuotes;
import io.esteira.costs.UsageLedger;
import io.esteira.costs.UsageStart;
import io.esteira.features.QuerySources;
import io.esteira.notifications.Notifications;
import io.esteira.scheduling.SchedulingEvents.ScheduleChanged;
import io.esteira.scheduling.SchedulingEvents.ScheduleRunFinished;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.SchedulingEvents.ScheduleAlertRaised;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.scheduling.domain.ScheduleAlert;
import io.esteira.scheduling.domain.ScheduleAlerts;
import io.esteira.scheduling.domain.ScheduleRun;
import io.esteira.scheduling.domain.ScheduleRuns;
import io.esteira.scheduling.domain.Schedules;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.SystemActor;
import jakarta.validation.Validator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scheduled queries of an area: one read-only SELECT on a data source, run by Quartz at the times
 * of its cron expression, optionally written into a table of the area's schema on that source.
 * Each fire is one run in the run log, unique per schedule and time, so it runs once whichever
 * node takes it.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class SchedulingService {

    private static final Logger log = LoggerFactory.getLogger(SchedulingService.class);

    private final Schedules schedules;
    private final ScheduleRuns runs;
    private final ScheduleAlerts alerts;
    private final ScheduleTriggers triggers;
    private final QuerySources sources;
    private final AreaAccess access;
    private final AreaService areas;
    private final UsageLedger usage;
    private final Notifications notifications;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration minimumInterval;
    private final String node;
    private final ObjectProvider<RowScorer> scorers;
    private final CostQuotes quotes;
    private final Clock clock;

    SchedulingService(Schedules schedules, ScheduleRuns runs, ScheduleAlerts alerts, ScheduleTriggers triggers, QuerySources sources, AreaAccess access,
            AreaService areas, UsageLedger usage, Notifications notifications, Validator validator, ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager,
            @Value("${esteira.scheduling.minimum-interval:PT1M}") Duration minimumInterval,
            @Value("${esteira.node-id:local}") String node, ObjectProvider<RowScorer> scorers, CostQuotes quotes, Clock clock) {
        this.clock = clock;
        this.schedules = schedules;
        this.runs = runs;
        this.alerts = alerts;
        this.triggers = triggers;
        this.sources = sources;
        this.access = access;
        this.areas = areas;
        this.usage = usage;
        this.notifications = notifications;
        this.validator = validator;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.minimumInterval = minimumInterval;
        this.node = node;
        this.scorers = scorers;
        this.quotes = quotes;
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
        define(schedule, draft);
        // its runs left this month against the area's budget: REFUSE throws (audited, nothing stored), WARN goes on with the warning
        java.util.Optional<String> overBudget = quotes.enforce(schedule.getAreaId(), estimate(schedule).runs(), "The schedule " + draft.name(),
                draft.name());
        schedules.saveAndFlush(schedule);
        AfterCommit.run(() -> triggers.put(schedule)); // after commit: Quartz's scheduler thread must see the trigger when it wakes
        Map<String, Object> details = new java.util.LinkedHashMap<>(Map.of("cron", schedule.getCron(), "zone", schedule.getZone(),
                "target", String.valueOf(schedule.getTargetTable())));
        overBudget.ifPresent(warning -> details.put("budget", warning));
        events.publishEvent(new ScheduleChanged(schedule.getId(), schedule.getAreaId(), schedule.getName(), "created", details,
                Trace.capture(clock)));
        return view(schedule);
    }

    /**
     * Changes what a schedule reads, writes and when, from the version the editor saw; its trigger follows after commit.
     *
     * @throws org.springframework.orm.ObjectOptimisticLockingFailureException when someone changed it meanwhile
     */
    @Transactional
    public ScheduleView update(UUID id, ScheduleDraft draft, long expectedVersion) {
        Validation.check(validator, draft, "schedule");
        Schedule schedule = editable(id);
        if (!schedule.getAreaId().equals(draft.areaId())) {
            throw new InvalidRequestException("areaId", "A schedule stays in its area; create a new one in the other area");
        }
        if (schedule.getRowVersion() != expectedVersion) {
            throw new org.springframework.orm.ObjectOptimisticLockingFailureException(Schedule.class, id);
        }
        if (!schedule.getName().equalsIgnoreCase(draft.name())) {
            throw new InvalidRequestException("name", "A schedule keeps its name; its runs and targets are known by it");
        }
        Map<String, Object> before = definition(schedule);
        Estimate was = schedule.getState() == Schedule.State.ACTIVE ? estimate(schedule) : null;
        define(schedule, draft);
        Map<String, Object> after = definition(schedule);
        Map<String, Object> changed = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            if (!java.util.Objects.equals(before.get(k), v)) {
                changed.put(k, before.get(k) + " → " + v);
            }
        });
        if (changed.isEmpty()) {
            return view(schedule);
        }
        if (was != null && costsMore(was, estimate(schedule))) {
            // an active schedule made to run more often or longer: the budget is asked again, as when it was created
            quotes.enforce(schedule.getAreaId(), estimate(schedule).runs(), "The schedule " + schedule.getName() + " as changed",
                    schedule.getName()).ifPresent(warning -> changed.put("budget", warning));
        }
        schedules.saveAndFlush(schedule);
        AfterCommit.run(() -> triggers.put(schedule));
        events.publishEvent(new ScheduleChanged(id, schedule.getAreaId(), schedule.getName(), "updated", changed, Trace.capture(clock)));
        return view(schedule);
    }

    /** What an edit may change, as the audit log shows it (the webhook only as set or not: its address may carry a secret). */
    private static Map<String, Object> definition(Schedule s) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("description", s.getDescription());
        d.put("source", String.valueOf(s.getSourceId()));
        d.put("sql", s.getSql());
        d.put("target", s.getTargetMode() + " " + s.getTargetTable() + " " + s.targetKeyList());
        d.put("cron", s.getCron() + " " + s.getZone());
        d.put("calendar", s.getCalendar().name());
        d.put("timeoutSeconds", s.getTimeoutSeconds());
        ScheduleOptions o = s.options();
        d.put("retries", o.retries() + " after " + o.retryDelaySeconds() + " s");
        d.put("misfire", o.misfire().name());
        d.put("deadlineMinutes", String.valueOf(o.deadlineMinutes()));
        d.put("notifyOnFailure", o.notifyOnFailure());
        d.put("webhook", o.webhookUrl() == null ? "none" : "set (" + java.util.Objects.hash(o.webhookUrl()) + ")");
        return d;
    }

    public Page<ScheduleView> list(Pageable pageable) {
        return schedules.findByAreaIdIn(access.readableAreaIds(), Paging.orderedBy(pageable, "name")).map(this::view);
    }

    public ScheduleView get(UUID id) {
        return view(readable(id));
    }

    public Page<RunView> runs(UUID scheduleId, Pageable pageable) {
        readable(scheduleId);
        return runs.findByScheduleIdOrderByScheduledForDescAttemptDesc(scheduleId, pageable).map(SchedulingService::view);
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
        Schedule schedule = editable(id);
        schedules.delete(schedule);
        AfterCommit.run(() -> triggers.remove(id));
        events.publishEvent(new ScheduleChanged(id, schedule.getAreaId(), schedule.getName(), "deleted", Map.of(), Trace.capture(clock)));
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
        scorer(subject.type());
        Schedule schedule = schedules.findByScorerTypeAndScorerSubject(subject.type(), subject.subjectId()).orElse(null);
        if (schedule == null) {
            if (schedules.findByAreaIdAndNameIgnoreCase(draft.areaId(), draft.name()).isPresent()) {
                throw new InvalidRequestException("name", "The area has a schedule named " + draft.name() + " already");
            }
            SignedInUser user = CurrentUser.require();
            Schedule created = new Schedule(draft.areaId(), draft.name(), user.userId(), user.displayName(), clock.instant());
            created.scoredBy(subject.type(), subject.subjectId());
            define(created, draft);
            if (!active) {
                created.pause(clock.instant());
            }
            schedules.saveAndFlush(created);
            AfterCommit.run(() -> triggers.put(created));
            events.publishEvent(new ScheduleChanged(created.getId(), created.getAreaId(), created.getName(), "created",
                    Map.of("cron", created.getCron(), "zone", created.getZone(), "target", String.valueOf(created.getTargetTable()),
                            "scoredBy", managedBy(created), "state", created.getState().name()), Trace.capture(clock)));
            return view(created);
        }
        if (!schedule.getAreaId().equals(draft.areaId())) {
            throw new InvalidRequestException("areaId", "A schedule stays in its area");
        }
        Map<String, Object> before = definition(schedule);
        define(schedule, draft);
        Map<String, Object> changed = new java.util.TreeMap<>();
        definition(schedule).forEach((k, v) -> {
            if (!java.util.Objects.equals(before.get(k), v)) {
                changed.put(k, before.get(k) + " → " + v);
            }
        });
        boolean moves = active != (schedule.getState() == Schedule.State.ACTIVE);
        if (moves && active) {
            schedule.resume(clock.instant());
        } else if (moves) {
            schedule.pause(clock.instant());
        }
        if (changed.isEmpty() && !moves) {
            return view(schedule);
        }
        schedules.saveAndFlush(schedule);
        AfterCommit.run(() -> triggers.put(schedule));
        if (!changed.isEmpty()) {
            events.publishEvent(new ScheduleChanged(schedule.getId(), schedule.getAreaId(), schedule.getName(), "updated", changed, Trace.capture(clock)));
        }
        if (moves) {
            events.publishEvent(new ScheduleChanged(schedule.getId(), schedule.getAreaId(), schedule.getName(), active ? "resumed" : "paused",
                    Map.of("by", managedBy(schedule)), Trace.capture(clock)));
        }
        return view(schedule);
    }

    /** The schedule the subject scores, if it has one. */
    public java.util.Optional<ScheduleView> managed(RowScorer.Subject subject) {
        return schedules.findByScorerTypeAndScorerSubject(subject.type(), subject.subjectId())
                .filter(s -> access.canRead(s.getAreaId())).map(this::view);
    }

    /**
     * What a schedule costs, by the function that bills its runs: one run at its expected run time (the average of
     * its last ten finished runs, or its time limit while it has none), its runs in the next 730 hours and what its
     * runs left this month leave of the area's budget. Members of the area ask; others are told it is not found.
     */
    public ScheduleQuote quote(UUID id) {
        return quote(estimate(readable(id)));
    }

    /**
     * As {@link #quote(UUID)} for a schedule being written: its area, cron, zone, calendar and time limit;
     * {@code editing}, when given, is the schedule it changes (whose runs give the expected run time).
     *
     * @throws InvalidRequestException naming the field that is wrong
     */
    public ScheduleQuote quote(ScheduleDraft draft, UUID editing) {
        if (draft == null || draft.areaId() == null) {
            throw new InvalidRequestException("areaId", "Pick an area");
        }
        access.requireRead(draft.areaId(), "area", draft.areaId());
        if (draft.timeoutSeconds() < 1 || draft.timeoutSeconds() > 21_600) {
            throw new InvalidRequestException("timeoutSeconds", "A time limit of 1 second to 6 hours");
        }
        ScheduleTiming timing = new ScheduleTiming(draft.cron(), draft.zone());
        Schedule was = editing == null ? null : readable(editing);
        if (was != null && !was.getAreaId().equals(draft.areaId())) {
            throw new InvalidRequestException("areaId", "A schedule stays in its area");
        }
        List<ScheduleRun> recent = was == null ? List.of() : runs.findTop10ByScheduleIdAndFinishedAtIsNotNullOrderByStartedAtDesc(editing);
        return quote(estimate(draft.areaId(), timing, draft.calendarOrDefault(), draft.timeoutSeconds(), was != null && was.isManaged(),
                recent));
    }

    private ScheduleQuote quote(Estimate e) {
        return new ScheduleQuote(quotes.runs(e.areaId(), e.runs()), e.basis(), e.runs().perRun().toMillis() / 1000.0, e.averaged(),
                e.runs().predictedRowsPerRun(), e.inWords());
    }

    /** A schedule's runs as they are quoted and checked against the budget. */
    private record Estimate(UUID areaId, io.esteira.costs.ScheduledRuns runs, ScheduleQuote.Basis basis, int averaged, String inWords) {
    }

    private Estimate estimate(Schedule s) {
        return estimate(s.getAreaId(), new ScheduleTiming(s.getCron(), s.getZone()), s.getCalendar(), s.getTimeoutSeconds(), s.isManaged(),
                s.getId() == null ? List.of() : runs.findTop10ByScheduleIdAndFinishedAtIsNotNullOrderByStartedAtDesc(s.getId()));
    }

    /** Runs as long as the recent ones took on average (a batch-scoring schedule's rows too), or as the time limit while there are none. */
    private static Estimate estimate(UUID areaId, ScheduleTiming timing, BusinessCalendar calendar, int timeoutSeconds, boolean scores,
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
    private boolean costsMore(Estimate before, Estimate after) {
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

    /**
     * Checks a draft as {@link #create} would (the source, the query, the schedule, the target),
     * storing nothing.
     *
     * @throws InvalidRequestException naming the field that is wrong
     */
    public void check(ScheduleDraft draft) {
        Validation.check(validator, draft, "schedule");
        access.requireAct(draft.areaId(), "area", draft.areaId());
        define(new Schedule(draft.areaId(), draft.name(), new UUID(0, 0), "check", clock.instant()), draft);
    }

    /** Runs the schedule now, in the background, as a manual run. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public RunView runNow(UUID id) {
        Schedule schedule = changeable(id);
        Instant now = clock.instant();
        ScheduleRun run = start(schedule, now, 1, ScheduleRun.Trigger.MANUAL);
        Thread.ofPlatform().daemon().name("schedule-run").start(() -> SystemActor.run(() -> execute(schedule.getId(), run.getId())));
        return view(run);
    }

    /** At start-up every active schedule gets its trigger back if it lost it (e.g. a node died between commit and registration). */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    @PreAuthorize("permitAll()")
    void restoreTriggers() {
        schedules.findByState(Schedule.State.ACTIVE).forEach(triggers::ensure);
    }

    /** The most runs one backfill may create. */
    public static final int MAX_BACKFILL = 366;

    /** The runs a backfill of {@code from} to {@code to} (dates in the schedule's zone, inclusive) would create: one per fire time. */
    public List<Instant> backfillPreview(UUID id, LocalDate from, LocalDate to) {
        Schedule schedule = readable(id);
        if (from == null || to == null || to.isBefore(from)) {
            throw new InvalidRequestException("from", "Give a range: from a date to the same or a later date");
        }
        java.time.ZoneId zone = java.time.ZoneId.of(schedule.getZone());
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
        Schedule schedule = changeable(id);
        List<Instant> fires = backfillPreview(id, from, to);
        if (fires.isEmpty()) {
            throw new InvalidRequestException("from", "The schedule does not fire between " + from + " and " + to);
        }
        List<ScheduleRun> created = fires.stream().map(t -> start(schedule, t, nextAttempt(schedule.getId(), t), ScheduleRun.Trigger.BACKFILL))
                .toList();
        Trace trace = Trace.capture(clock);
        tx.executeWithoutResult(s -> events.publishEvent(new ScheduleChanged(id, schedule.getAreaId(), schedule.getName(), "backfilled",
                Map.of("from", from.toString(), "to", to.toString(), "runs", created.size()), trace)));
        Thread.ofPlatform().daemon().name("schedule-backfill").start(() -> SystemActor.run(() -> created.forEach(r -> execute(id, r.getId()))));
        return created.stream().map(SchedulingService::view).toList();
    }

    /** Runs a failed run again, for the same scheduled time and run date, as its next attempt. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public RunView rerun(UUID runId) {
        ScheduleRun failed = runs.findById(runId).orElseThrow(() -> new NotFoundException("run", runId));
        Schedule schedule = changeable(failed.getScheduleId());
        if (failed.getState() != ScheduleRun.State.FAILED) {
            throw new InvalidRequestException("state", "Only a failed run is run again; this one is " + failed.getState().name().toLowerCase());
        }
        ScheduleRun run = start(schedule, failed.getScheduledFor(), nextAttempt(schedule.getId(), failed.getScheduledFor()),
                ScheduleRun.Trigger.RERUN);
        Thread.ofPlatform().daemon().name("schedule-run").start(() -> SystemActor.run(() -> execute(schedule.getId(), run.getId())));
        return view(run);
    }

    private int nextAttempt(UUID scheduleId, Instant scheduledFor) {
        return runs.findTopByScheduleIdAndScheduledForOrderByAttemptDesc(scheduleId, scheduledFor).map(r -> r.getAttempt() + 1).orElse(1);
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
            Integer next = takeOver(schedule, scheduledFor);
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
            Integer next = takeOver(schedule, scheduledFor);
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
            run = start(schedule, scheduledFor, attempt, trigger);
        } catch (DataIntegrityViolationException duplicate) {
            log.info("Schedule {} at {} (attempt {}) runs elsewhere already", schedule.getName(), scheduledFor, attempt);
            return;
        }
        execute(schedule.getId(), run.getId());
    }

    /**
     * A fire whose node died: its run, if still marked running, is closed as failed.
     *
     * @return the attempt to run now, or null when the fire had finished before its node died
     */
    private Integer takeOver(Schedule schedule, Instant scheduledFor) {
        ScheduleRun interrupted = runs.findTopByScheduleIdAndScheduledForOrderByAttemptDesc(schedule.getId(), scheduledFor).orElse(null);
        if (interrupted == null) {
            return 1;
        }
        if (interrupted.getState() != ScheduleRun.State.RUNNING) {
            log.info("Schedule {} at {} had finished ({}) before its node stopped", schedule.getName(), scheduledFor, interrupted.getState());
            return null;
        }
        tx.executeWithoutResult(s -> runs.findById(interrupted.getId()).ifPresent(r -> {
            r.failed("Node " + r.getNode() + " stopped during the run; " + node + " took it over", 0, clock.instant());
            runs.saveAndFlush(r);
            usage.close(usageSource(schedule), r.getId(), clock.instant(), "node stopped");
        }));
        log.info("Schedule {} at {} taken over after its node stopped (attempt {})", schedule.getName(), scheduledFor,
                interrupted.getAttempt() + 1);
        return interrupted.getAttempt() + 1;
    }

    private static String usageSource(Schedule schedule) {
        return ScheduleMetering.source(schedule);
    }

    private ScheduleRun start(Schedule schedule, Instant scheduledFor, int attempt, ScheduleRun.Trigger trigger) {
        LocalDate runDate = scheduledFor.atZone(java.time.ZoneId.of(schedule.getZone())).toLocalDate();
        return tx.execute(s -> {
            ScheduleRun run = runs.saveAndFlush(new ScheduleRun(schedule.getId(), schedule.getAreaId(), scheduledFor, attempt, trigger,
                    runDate, node, clock.instant()));
            UsageStart slot = ScheduleMetering.started(schedule, run.getId(), run.getStartedAt()).partOf(schedule.getId());
            RowScorer.Model model = chargedModel(schedule);
            usage.open(model == null ? slot : slot.ofModel(model.id(), model.name()));
            return run;
        });
    }

    /** Runs the query and writes the target; the outcome lands in the run log whatever happens. */
    void execute(UUID scheduleId, UUID runId) {
        Schedule schedule = schedules.findById(scheduleId).orElse(null);
        ScheduleRun run = runs.findById(runId).orElse(null);
        if (schedule == null || run == null) {
            return; // deleted meanwhile, with its runs
        }
        long[] read = new long[1];
        long written = 0;
        String error = null;
        RunLog runLog = new RunLog();
        runLog.add("Run of " + schedule.getName() + " for " + run.getRunDate() + " (attempt " + run.getAttempt() + ", "
                + run.getTrigger().name().toLowerCase(Locale.ROOT) + ") on " + node);
        try {
            SqlParameters query = SqlParameters.of(schedule.getSql());
            // again: the rules (and the data's classification) may have changed since it was saved
            sources.checkSelect(schedule.getSourceId(), query.sql(), schedule.getAreaId());
            try (Connection in = sources.openReadOnly(schedule.getSourceId(), schedule.getAreaId())) {
                in.setAutoCommit(false);
                runLog.add("Connected read-only to the source; time limit " + schedule.getTimeoutSeconds() + " s"
                        + (query.names().isEmpty() ? "" : "; parameters " + String.join(", ", query.names())));
                try (PreparedStatement statement = in.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    statement.setQueryTimeout(schedule.getTimeoutSeconds());
                    statement.setFetchSize(1_000);
                    query.bind(statement, run.getRunDate(), run.getScheduledFor());
                    try (ResultSet rs = new CountingResultSet(statement.executeQuery(), read).resultSet()) {
                        runLog.add("Query started");
                        TargetWriter.Rows rows = TargetWriter.Rows.of(rs);
                        ScoredRows scored = null;
                        if (schedule.isManaged()) {
                            RowScorer.Scoring scoring = scorer(schedule.getScorerType()).open(schedule.getScorerSubject(), rows.names());
                            runLog.add("Scoring with " + scoring.description() + ", at most " + RowScorer.CHUNK + " rows at a time");
                            rows = scored = new ScoredRows(rows, scoring);
                        }
                        if (schedule.getTargetMode() == TargetMode.NONE) {
                            while (rows.next()) {
                                // counted
                            }
                        } else {
                            String target = schemaOf(schedule.getAreaId()) + "." + schedule.getTargetTable();
                            try (Connection out = sources.openForWriting(schedule.getSourceId(), schedule.getAreaId())) {
                                written = TargetWriter.write(out, schemaOf(schedule.getAreaId()), schedule.getTargetTable(),
                                        schedule.getTargetMode(), schedule.targetKeyList(), rows, runId.toString().substring(0, 8));
                            }
                            runLog.add(schedule.getTargetMode().name().toLowerCase(Locale.ROOT) + " into " + target + ": " + written
                                    + " rows written");
                        }
                        if (scored != null) {
                            runLog.add(scored.scored() + " rows scored in " + scored.chunks() + " chunks");
                        }
                        runLog.add(read[0] + " rows read");
                    }
                } finally {
                    in.rollback();
                }
            }
        } catch (SQLException | RuntimeException e) {
            // the source's own words go to the log; the run says what they mean
            error = e instanceof SQLException refused
                    ? io.esteira.shared.errors.SqlErrors.fromSource("sql", refused, schedule.getSql(), null, schedule.getTimeoutSeconds()).getMessage()
                    : e.getMessage();
            runLog.add("Failed after " + read[0] + " rows read: " + error
                    + (schedule.getTargetMode() == TargetMode.NONE ? "" : "; the target was left as it was"));
            log.warn("Schedule {} run {} failed: {}", schedule.getName(), runId, e.getMessage());
        }
        runLog.add((error == null ? "Succeeded" : "Failed") + " in " + runLog.elapsed());
        String failure = error;
        long rowsWritten = written;
        tx.executeWithoutResult(s -> {
            ScheduleRun done = runs.findById(runId).orElseThrow();
            done.log(runLog.text());
            if (failure == null) {
                done.succeeded(read[0], rowsWritten, clock.instant());
            } else {
                done.failed(failure, read[0], clock.instant());
            }
            runs.saveAndFlush(done);
            usage.close(usageSource(schedule), runId, clock.instant(), failure == null ? "succeeded" : "failed");
            events.publishEvent(new ScheduleRunFinished(runId, schedule.getId(), schedule.getAreaId(), schedule.getName(), failure == null,
                    read[0], rowsWritten, failure, Trace.system(clock)));
            if (failure != null) {
                afterFailure(schedule, done);
            }
        });
    }

    /**
     * A failed scheduled run is retried automatically while it has retries left, after the retry
     * delay doubled for each earlier retry; once none are left, an alert is raised. Manual runs
     * and reruns are watched by whoever started them, so they raise none.
     */
    private void afterFailure(Schedule schedule, ScheduleRun failed) {
        ScheduleRun.Trigger trigger = failed.getTrigger();
        boolean automatic = trigger == ScheduleRun.Trigger.SCHEDULE || trigger == ScheduleRun.Trigger.RETRY;
        if (automatic && failed.getAttempt() <= schedule.getRetries() && schedule.getState() == Schedule.State.ACTIVE) {
            int next = failed.getAttempt() + 1;
            Instant at = clock.instant().plus(schedule.retryDelay(failed.getAttempt()));
            AfterCommit.run(() -> triggers.retry(schedule, failed.getScheduledFor(), next, at));
            log.info("Schedule {} at {} failed (attempt {}); retry at {}", schedule.getName(), failed.getScheduledFor(), failed.getAttempt(), at);
            return;
        }
        if (automatic || trigger == ScheduleRun.Trigger.BACKFILL) {
            raise(schedule, failed.getScheduledFor(), ScheduleAlert.Kind.FAILED, failed.getId(), "The run of " + schedule.getName() + " for "
                    + failed.getRunDate() + " failed" + (failed.getAttempt() > 1 ? " after " + failed.getAttempt() + " attempts" : "") + ": "
                    + failed.getError());
        }
    }

    /** Records an alert once per fire and kind (a second node raising the same one finds it and stays quiet) and publishes it. */
    private void raise(Schedule schedule, Instant scheduledFor, ScheduleAlert.Kind kind, UUID runId, String message) {
        try {
            tx.executeWithoutResult(s -> {
                ScheduleAlert alert = alerts.saveAndFlush(new ScheduleAlert(schedule.getId(), schedule.getAreaId(), scheduledFor, kind, runId,
                        message, clock.instant()));
                events.publishEvent(new ScheduleAlertRaised(alert.getId(), schedule.getId(), schedule.getAreaId(), schedule.getName(),
                        kind.name(), scheduledFor, runId, alert.getMessage(), Trace.system(clock)));
            });
        } catch (DataIntegrityViolationException raisedAlready) {
            log.debug("Alert {} of {} at {} raised already", kind, schedule.getName(), scheduledFor);
        }
    }

    /** How far back a deadline check looks for fires whose deadline passed: a node down longer than this raises no alert for them. */
    private static final Duration DEADLINE_LOOKBACK = Duration.ofHours(24);

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
            Instant from = java.util.Collections.max(List.of(schedule.getUpdatedAt(), now.minus(DEADLINE_LOOKBACK)));
            if (!latestDue.isAfter(from)) {
                continue;
            }
            ScheduleTiming timing = new ScheduleTiming(schedule.getCron(), schedule.getZone());
            List<Instant> due = timing.nextFires(from, 2_000, schedule.getCalendar()).stream().filter(t -> !t.isAfter(latestDue)).toList();
            if (due.isEmpty()) {
                continue;
            }
            java.util.Set<Instant> done = runs.succeededBetween(schedule.getId(), due.getFirst(), due.getLast());
            java.util.Set<Instant> alerted = alerts.raisedBetween(schedule.getId(), ScheduleAlert.Kind.DEADLINE_MISSED, due.getFirst(), due.getLast());
            for (Instant t : due) {
                if (!done.contains(t) && !alerted.contains(t)) {
                    raise(schedule, t, ScheduleAlert.Kind.DEADLINE_MISSED, null, "The run of " + schedule.getName() + " due at " + t
                            + " had not succeeded " + schedule.getDeadlineMinutes() + " min later");
                    raised++;
                }
            }
        }
        return raised;
    }

    /** The most rows a preview shows, and its time limit. */
    public static final int PREVIEW_ROWS = 100;
    private static final int PREVIEW_TIMEOUT_SECONDS = 30;

    /**
     * The first rows of a query as the wizard shows them: checked like a saved one, run on a
     * read-only connection with a time limit, with {@code ${run_date}} as today and {@code ${run_ts}} as now.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    @io.esteira.shared.limits.PerPersonLimit("preview")
    public QueryRows preview(UUID areaId, UUID sourceId, String sql) {
        access.requireAct(areaId, "area", areaId);
        sources.requireUsableBy(sourceId, areaId);
        return sources.audited(sourceId, areaId, "schedule preview", sql, () -> previewRows(areaId, sourceId, sql));
    }

    private QueryRows previewRows(UUID areaId, UUID sourceId, String sql) {
        SqlParameters query = SqlParameters.of(sql);
        sources.checkSelect(sourceId, query.sql(), areaId);
        Instant now = clock.instant();
        try (Connection in = sources.openReadOnly(sourceId, areaId)) {
            in.setAutoCommit(false);
            try (PreparedStatement statement = in.prepareStatement(query.sql())) {
                statement.setQueryTimeout(PREVIEW_TIMEOUT_SECONDS);
                statement.setMaxRows(PREVIEW_ROWS + 1);
                query.bind(statement, LocalDate.now(clock.withZone(ZoneOffset.UTC)), now);
                try (io.esteira.shared.jdbc.Cancellation.Watch watch = io.esteira.shared.jdbc.Cancellation.watch(statement);
                        ResultSet rs = statement.executeQuery()) {
                    int width = rs.getMetaData().getColumnCount();
                    List<String> columns = new java.util.ArrayList<>(width);
                    for (int i = 1; i <= width; i++) {
                        columns.add(rs.getMetaData().getColumnLabel(i));
                    }
                    List<List<String>> rows = new java.util.ArrayList<>();
                    while (rs.next() && rows.size() < PREVIEW_ROWS + 1) {
                        List<String> row = new java.util.ArrayList<>(width);
                        for (int i = 1; i <= width; i++) {
                            row.add(rs.getString(i));
                        }
                        rows.add(row);
                    }
                    boolean more = rows.size() > PREVIEW_ROWS;
                    return new QueryRows(columns, more ? rows.subList(0, PREVIEW_ROWS) : rows, more);
                }
            } finally {
                in.rollback();
            }
        } catch (SQLException e) {
            throw io.esteira.shared.errors.SqlErrors.fromSource("sql", e, sql, null, PREVIEW_TIMEOUT_SECONDS);
        }
    }

    /** The check a query gets on save, alone: one read-only SELECT with known parameters. @throws InvalidRequestException with the parser's message */
    public void checkQuery(String sql) {
        QuerySources.checkSelect(SqlParameters.of(sql).sql());
    }

    /** The schedule's alerts, newest first. */
    public Page<AlertView> alerts(UUID scheduleId, Pageable pageable) {
        readable(scheduleId);
        return alerts.findByScheduleIdOrderByRaisedAtDesc(scheduleId, pageable)
                .map(a -> new AlertView(a.getId(), a.getScheduleId(), a.getKind().name(), a.getScheduledFor(), a.getRunId(), a.getMessage(),
                        a.getRaisedAt()));
    }

    /** A run's log: time-stamped lines, relative to its start. */
    private static final class RunLog {
        private final long start = System.nanoTime();
        private final StringBuilder text = new StringBuilder();

        void add(String line) {
            text.append(String.format(Locale.ROOT, "%8.3f s  ", (System.nanoTime() - start) / 1e9)).append(line).append('\n');
        }

        String elapsed() {
            Duration d = Duration.ofNanos(System.nanoTime() - start);
            return d.toMillis() < 1000 ? d.toMillis() + " ms" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }

        String text() {
            return text.toString();
        }
    }

    /** An area writes only into its own schema: {@code area_<code>}. */
    private String schemaOf(UUID areaId) {
        return QuerySources.areaSchema(areas.get(areaId).code());
    }

    private void define(Schedule schedule, ScheduleDraft draft) {
        sources.requireUsableBy(draft.sourceId(), draft.areaId());
        SqlParameters parameters = SqlParameters.of(draft.sql());
        sources.checkSelect(draft.sourceId(), parameters.sql(), draft.areaId());
        ScheduleTiming timing = new ScheduleTiming(draft.cron(), draft.zone());
        List<Instant> next = timing.nextFires(clock.instant(), 2, draft.calendarOrDefault());
        if (next.size() == 2 && Duration.between(next.get(0), next.get(1)).compareTo(minimumInterval) < 0) {
            throw new InvalidRequestException("cron", "A schedule runs at most every " + minimumInterval.toSeconds() + " s");
        }
        if (next.isEmpty()) {
            throw new InvalidRequestException("cron", draft.cron() + " never fires again");
        }
        boolean writes = draft.targetMode() != TargetMode.NONE;
        if (writes && (draft.targetTable() == null || draft.targetTable().isBlank())) {
            throw new InvalidRequestException("targetTable", "Name the table the rows go to");
        }
        if (!writes && draft.targetTable() != null && !draft.targetTable().isBlank()) {
            throw new InvalidRequestException("targetMode", "Pick replace, append or upsert to write into " + draft.targetTable());
        }
        if (writes && !sources.acceptsAreaTables(draft.sourceId())) {
            throw new InvalidRequestException("targetTable", "The source is a system of record, which the portal never writes; "
                    + "read from it and write into a source of truth or a specific source");
        }
        List<String> keys = draft.targetKeys() == null ? List.of() : draft.targetKeys();
        if (draft.targetMode() == TargetMode.UPSERT && keys.isEmpty()) {
            throw new InvalidRequestException("targetKeys", "Upsert needs the key columns that identify a row");
        }
        ScheduleOptions options = draft.optionsOrDefault();
        if (options.webhookUrl() != null) {
            notifications.checkWebhook(options.webhookUrl());
        }
        schedule.define(draft.description(), draft.sourceId(), draft.sql().strip(), writes ? draft.targetTable() : null, draft.targetMode(),
                draft.targetMode() == TargetMode.UPSERT ? keys : List.of(), timing.cron(), timing.zone(), draft.calendarOrDefault(),
                draft.timeoutSeconds(), options, clock.instant());
    }

    private ScheduleView changeState(UUID id, boolean pause) {
        Schedule schedule = editable(id);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        if (pause) {
            schedule.pause(clock.instant());
        } else {
            if (schedule.getState() == Schedule.State.PAUSED) {
                // its runs left this month against the area's budget, as when it was created
                quotes.enforce(schedule.getAreaId(), estimate(schedule).runs(), "Resuming " + schedule.getName(), schedule.getName())
                        .ifPresent(warning -> details.put("budget", warning));
            }
            schedule.resume(clock.instant());
        }
        schedules.saveAndFlush(schedule);
        AfterCommit.run(() -> triggers.put(schedule));
        events.publishEvent(new ScheduleChanged(id, schedule.getAreaId(), schedule.getName(), pause ? "paused" : "resumed", details,
                Trace.capture(clock)));
        return view(schedule);
    }

    private Schedule readable(UUID id) {
        Schedule schedule = schedules.findById(id).orElseThrow(() -> new NotFoundException("schedule", id));
        access.requireRead(schedule.getAreaId(), "schedule", id);
        return schedule;
    }

    private Schedule changeable(UUID id) {
        Schedule schedule = readable(id);
        access.requireAct(schedule.getAreaId(), "schedule", id);
        return schedule;
    }

    /** A person's schedule; one whose rows another module's subject scores changes only with that subject. */
    private Schedule editable(UUID id) {
        Schedule schedule = changeable(id);
        if (schedule.isManaged()) {
            throw new InvalidRequestException("schedule", "The schedule " + schedule.getName() + " runs " + managedBy(schedule)
                    + ": it changes with it, and stops when it is retired; here it may only be run now");
        }
        return schedule;
    }

    private String managedBy(Schedule s) {
        return scorers.orderedStream().filter(r -> r.type().equals(s.getScorerType())).findFirst()
                .map(r -> r.describe(s.getScorerSubject())).orElse(s.getScorerType() + " " + s.getScorerSubject());
    }

    /** The model a run of the schedule is the cost of (its scorer's, e.g. a batch deployment's live model), or null. */
    private RowScorer.Model chargedModel(Schedule schedule) {
        if (schedule.getScorerType() == null) {
            return null;
        }
        try {
            return scorer(schedule.getScorerType()).model(schedule.getScorerSubject()).orElse(null);
        } catch (RuntimeException e) {
            log.warn("The run of {} is charged to no model: {}", schedule.getName(), e.toString());
            return null;
        }
    }

    private RowScorer scorer(String type) {
        List<RowScorer> matching = scorers.orderedStream().filter(r -> r.type().equals(type)).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException(matching.isEmpty() ? "No module of this portal scores rows of type " + type
                    : "Two modules score rows of type " + type);
        }
        return matching.getFirst();
    }

    private ScheduleView view(Schedule s) {
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
                runs.findTopByScheduleIdOrderByStartedAtDesc(s.getId()).map(SchedulingService::view).orElse(null), s.getRowVersion(),
                s.isManaged() ? managedBy(s) : null);
    }

    /** A webhook's address often carries the receiver's secret: only those who may change the schedule read it. */
    private ScheduleOptions optionsFor(Schedule s) {
        ScheduleOptions o = s.options();
        if (o.webhookUrl() == null || access.canAct(s.getAreaId())) {
            return o;
        }
        return new ScheduleOptions(o.retries(), o.retryDelaySeconds(), o.misfire(), o.deadlineMinutes(), o.notifyOnFailure(), "(set)");
    }

    private static RunView view(ScheduleRun r) {
        return new RunView(r.getId(), r.getScheduleId(), r.getScheduledFor(), r.getAttempt(), r.getTrigger().name(), r.getRunDate(),
                r.getState().name(), r.getNode(), r.getStartedAt(), r.getFinishedAt(), r.getRowsRead(), r.getRowsWritten(), r.getError(), r.getLog());
    }
}
