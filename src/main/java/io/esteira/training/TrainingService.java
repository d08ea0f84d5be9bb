package io.esteira.training;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.costs.CostQuote;
import io.esteira.costs.CostQuoteRequest;
import io.esteira.costs.CostQuotes;
import io.esteira.costs.RateCard;
import io.esteira.costs.UsageLedger;
import io.esteira.identity.Accounts;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.ScheduleTiming;
import io.esteira.shared.ForbiddenException;
import io.esteira.features.TrainingSets;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Money;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import io.esteira.training.TrainingEvents.TrainingJobDeleted;
import io.esteira.training.TrainingEvents.TrainingJobSaved;
import io.esteira.training.TrainingEvents.TrainingRunCancelRequested;
import io.esteira.training.TrainingEvents.TrainingRunStateChanged;
import io.esteira.training.TrainingEvents.TrainingScheduleSkipped;
import io.esteira.training.domain.RunState;
import io.esteira.training.domain.TrainingJob;
import io.esteira.training.domain.TrainingJobs;
import io.esteira.training.domain.TrainingRun;
import io.esteira.training.domain.TrainingRuns;
import io.esteira.training.runners.Runner;
import io.esteira.workspaces.SizeOption;
import io.esteira.workspaces.WorkspaceService;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The training module's facade: an area's training jobs and their runs, for its people and pipelines through
 * the UI and the API. Members of the area read; its data scientists (and pipelines) change jobs and start and
 * cancel runs; anybody else is told the job or run is not found.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class TrainingService {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,79}");
    private static final int DEFAULT_MAX_RUN_MINUTES = 60;
    private static final long DEFAULT_SEED = 42;
    /** A schedule fires at most this often: a training run is not a query. */
    static final Duration MIN_SCHEDULE_INTERVAL = Duration.ofMinutes(15);
    /** How many rows of the training set the wizard's preview shows. */
    public static final int PREVIEW_ROWS = 20;

    private final TrainingJobs jobs;
    private final TrainingRuns runs;
    private final AreaAccess access;
    private final AreaService areas;
    private final ModelRegistry registry;
    private final TrainingSets trainingSets;
    private final WorkspaceService workspaces;
    private final CostQuotes quotes;
    private final JobSources sources;
    private final RunDispatcher dispatcher;
    private final List<Runner> runners;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final String defaultRunner;
    private final TrainingTriggers triggers;
    private final Accounts accounts;
    private final UsageLedger ledger;
    private final RateCard rateCard;
    private final TransactionTemplate transaction;
    private final UserDirectory people;
    private final Clock clock;

    TrainingService(TrainingJobs jobs, TrainingRuns runs, AreaAccess access, AreaService areas, ModelRegistry registry,
            TrainingSets trainingSets, WorkspaceService workspaces, CostQuotes quotes, JobSources sources, RunDispatcher dispatcher,
            List<Runner> runners, Validator validator, ApplicationEventPublisher events, TrainingTriggers triggers, Accounts accounts,
            UsageLedger ledger, RateCard rateCard, PlatformTransactionManager transactions, UserDirectory people,
            @org.springframework.beans.factory.annotation.Value("${esteira.training.runner:local}") String defaultRunner, Clock clock) {
        this.clock = clock;
        this.jobs = jobs;
        this.runs = runs;
        this.access = access;
        this.areas = areas;
        this.registry = registry;
        this.trainingSets = trainingSets;
        this.workspaces = workspaces;
        this.quotes = quotes;
        this.sources = sources;
        this.dispatcher = dispatcher;
        this.runners = List.copyOf(runners);
        this.validator = validator;
        this.events = events;
        this.defaultRunner = defaultRunner == null || defaultRunner.isBlank() ? "local" : defaultRunner.strip();
        this.triggers = triggers;
        this.accounts = accounts;
        this.ledger = ledger;
        this.rateCard = rateCard;
        this.transaction = new TransactionTemplate(transactions);
        this.people = people;
    }

    // --- jobs

    public Page<TrainingJobView> jobs(UUID areaId, String filter, Pageable pageable) {
        access.requireRead(areaId, "area", areaId);
        Page<TrainingJobView> page = jobs.search(areaId, filter == null ? "" : filter.strip(), Paging.orderedBy(pageable, "name"))
                .map(this::view);
        Map<UUID, TrainingJobView.LastRun> latest = runs.latestOf(page.map(TrainingJobView::id).getContent()).stream()
                .collect(Collectors.toMap(TrainingRun::getJobId, TrainingService::lastRun, (a, b) -> a));
        return page.map(j -> j.withLastRun(latest.get(j.id())));
    }

    public TrainingJobView job(UUID id) {
        TrainingJob job = readable(id);
        return view(job).withLastRun(runs.latestOf(List.of(job.getId())).stream().findFirst().map(TrainingService::lastRun).orElse(null));
    }

    /** A job by name in an area. */
    public TrainingJobView jobByName(UUID areaId, String name) {
        access.requireRead(areaId, "training job", name);
        return view(jobs.findByAreaIdAndLiveNameIgnoreCase(areaId, name).orElseThrow(() -> new NotFoundException("training job", name)));
    }

    @Transactional
    public TrainingJobView create(TrainingJobDraft draft) {
        Validation.check(validator, draft, "training job");
        access.requireAct(draft.areaId(), "area", draft.areaId());
        if (jobs.existsByAreaIdAndLiveNameIgnoreCase(draft.areaId(), draft.name())) {
            throw new InvalidRequestException("name", "The area has a training job named " + draft.name() + " already");
        }
        TrainingJob job = new TrainingJob(draft.areaId(), draft.name(), CurrentUser.require().actorName(), clock.instant());
        define(job, draft);
        try {
            jobs.saveAndFlush(job);
        } catch (DataIntegrityViolationException e) {
            throw new InvalidRequestException("name", "The area has a training job named " + draft.name() + " already");
        }
        triggers.put(job);
        events.publishEvent(new TrainingJobSaved(job.getId(), job.getAreaId(), job.getName(), true, summary(job), Trace.capture(clock)));
        return view(job);
    }

    /** Changes a job (not its name or area); runs already queued or started keep what they were started with. */
    @Transactional
    public TrainingJobView update(UUID id, TrainingJobDraft draft, long expectedVersion) {
        TrainingJob job = changeable(id);
        Validation.check(validator, draft, "training job");
        if (!job.getAreaId().equals(draft.areaId()) || !job.getName().equals(draft.name())) {
            throw new InvalidRequestException("name", "A job keeps its area and name; create another job instead");
        }
        if (job.getVersion() != expectedVersion) {
            throw new ObjectOptimisticLockingFailureException(TrainingJob.class, id);
        }
        define(job, draft);
        jobs.saveAndFlush(job);
        triggers.put(job);
        events.publishEvent(new TrainingJobSaved(job.getId(), job.getAreaId(), job.getName(), false, summary(job), Trace.capture(clock)));
        return view(job);
    }

    /** Deletes a job with no run under way; its runs stay readable through the area's run list and the audit log. */
    @Transactional
    public void delete(UUID id) {
        TrainingJob job = changeable(id);
        if (runs.existsByJobIdAndStateIn(job.getId(), RunState.ACTIVE)) {
            throw new InvalidRequestException("state", job.getName() + " has a run under way; cancel it or wait for it to end");
        }
        job.delete(clock.instant());
        jobs.saveAndFlush(job);
        triggers.remove(job.getId());
        events.publishEvent(new TrainingJobDeleted(job.getId(), job.getAreaId(), job.getName(), Trace.capture(clock)));
    }

    /** The samples a job may run (folders of the portal's samples, e.g. {@code logistic-regression}). */
    public List<String> samples() {
        return sources.samples();
    }

    /**
     * Checks a Git repository's address as a job's form gives it: https, no user name or password in it, among the
     * repositories an administrator allows ({@code esteira.training.git.allowed}). Nothing is fetched.
     *
     * @throws InvalidRequestException on {@code source.url}, in the user's words
     */
    public void checkRepository(String url) {
        sources.checkRepository(url);
    }

    /** What a runner offers to run a job's code with, e.g. {@code python3} on the local runner; the first is the default. */
    public List<String> environments(String runnerKind) {
        return runner(runnerKind == null || runnerKind.isBlank() ? defaultRunner : runnerKind).environments();
    }

    /** The runner of a job that names none ({@code esteira.training.runner}): {@code local} or {@code kubernetes}. */
    public String defaultRunner() {
        return defaultRunner;
    }

    /** The sizes a job may pick: the workspaces' catalogue. */
    public List<SizeOption> sizes() {
        return workspaces.sizes();
    }

    /** What a run of the job costs before it starts: an hour of its size and its maximum run time, by the function that bills it. */
    public TrainingEstimate estimate(UUID jobId) {
        TrainingJob job = readable(jobId);
        SizeOption size = size(job.getSizeCode());
        CostQuote quote = quote(job, size);
        Currency currency = Currency.getInstance(quote.currency());
        return new TrainingEstimate(size.code(), new Money(quote.hourly(), currency), new Money(quote.thisMonth(), currency),
                new Money(quote.remaining(), currency), quote.overBudget() ? quote.policy().name() : null);
    }

    private CostQuote quote(TrainingJob job, SizeOption size) {
        return quote(job.getAreaId(), size, job.getMaxRunMinutes());
    }

    private CostQuote quote(UUID areaId, SizeOption size, int maxRunMinutes) {
        BigDecimal hours = BigDecimal.valueOf(maxRunMinutes).divide(BigDecimal.valueOf(60), 10, RoundingMode.HALF_EVEN);
        return quotes.quote(new CostQuoteRequest(areaId, CostQuoteRequest.Kind.TRAINING,
                new CostQuoteRequest.Size(size.vcpu(), size.memoryGib(), size.gpuType(), size.gpuCount(), 0), null, null, null, hours));
    }

    /**
     * What a run of a job being written would cost, before it exists (the wizard's cost step): an hour of the size and
     * one run at its maximum run time, by the function that bills it, against the area's budget and policy.
     */
    public CostQuote quote(UUID areaId, String sizeCode, Integer maxRunMinutes) {
        access.requireRead(areaId, "area", areaId);
        int minutes = maxRunMinutes == null ? DEFAULT_MAX_RUN_MINUTES : maxRunMinutes;
        if (minutes < 1 || minutes > 10_080) {
            throw new InvalidRequestException("maxRunMinutes", "The maximum run time is 1 minute to a week (10080 minutes)");
        }
        return quote(areaId, size(sizeCode), minutes);
    }

    /** The first rows of a training set and how many rows it has, as a run would build it. */
    public record TrainingSetPreview(List<String> header, List<List<String>> rows, long totalRows, long outsideRange) {
    }

    /**
     * Builds the training set of a job being written as a run would (audited as a read of its groups and a query of
     * its source), keeping only its first {@link #PREVIEW_ROWS} rows; long, so the caller runs it off the UI thread.
     *
     * @param progress  hears the rows read so far
     * @param cancelled asked as rows are read: true stops the preview with a {@link CancellationException}
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public TrainingSetPreview previewSet(UUID areaId, TrainingJobDraft.Inputs inputs, LongConsumer progress, BooleanSupplier cancelled) {
        access.requireAct(areaId, "area", areaId);
        if (inputs == null) {
            throw new InvalidRequestException("inputs", "Give the training set");
        }
        Validation.check(validator, inputs, "training set");
        PreviewWriter out = new PreviewWriter(PREVIEW_ROWS + 1, cancelled);
        TrainingSets.Written written = trainingSets.write(areaId, spec(inputs), out, rows -> {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("The preview was cancelled");
            }
            progress.accept(rows);
        });
        List<List<String>> lines = out.lines();
        return new TrainingSetPreview(lines.isEmpty() ? List.of() : lines.getFirst(), lines.isEmpty() ? List.of() : lines.subList(1, lines.size()),
                written.rows(), written.outsideRange());
    }

    /** Keeps the first lines of a CSV stream, parsed (quotes, doubled quotes, line breaks in quotes), and drops the rest. */
    private static final class PreviewWriter extends java.io.Writer {
        private final int keep;
        private final BooleanSupplier cancelled;
        private final List<List<String>> lines = new java.util.ArrayList<>();
        private List<String> line = new java.util.ArrayList<>();
        private final StringBuilder cell = new StringBuilder();
        private boolean quoted;
        private boolean afterQuote;

        PreviewWriter(int keep, BooleanSupplier cancelled) {
            this.keep = keep;
            this.cancelled = cancelled;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("The preview was cancelled");
            }
            for (int i = offset; i < offset + length && lines.size() < keep; i++) {
                char c = buffer[i];
                if (quoted) {
                    if (c == '"') {
                        quoted = false;
                        afterQuote = true;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    if (afterQuote) {
                        cell.append('"');
                    }
                    quoted = true;
                    afterQuote = false;
                } else if (c == ',') {
                    line.add(cell.toString());
                    cell.setLength(0);
                    afterQuote = false;
                } else if (c == '\n') {
                    line.add(cell.toString());
                    cell.setLength(0);
                    lines.add(line);
                    line = new java.util.ArrayList<>();
                    afterQuote = false;
                } else if (c != '\r') {
                    cell.append(c);
                    afterQuote = false;
                }
            }
        }

        List<List<String>> lines() {
            return lines;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    // --- runs

    /**
     * Queues a run of the job; one node claims it and starts it. The estimated cost is kept with the run; an area
     * whose budget policy refuses what goes over budget refuses the run.
     */
    @Transactional
    public TrainingRunView start(UUID jobId) {
        return queue(changeable(jobId), CurrentUser.require(), null, null);
    }

    /**
     * Queues a run for a retraining recommendation: on the recommendation's fresh window {@code [from, to)} in place of
     * the job's time range, recorded as triggered by it.
     */
    @Transactional
    TrainingRunView start(UUID jobId, UUID recommendationId, Instant from, Instant to) {
        return queue(changeable(jobId), CurrentUser.require(), null, new Retrain(recommendationId, from, to));
    }

    /** A run for a retraining recommendation, on its window. */
    private record Retrain(UUID recommendationId, Instant from, Instant to) {
    }

    /**
     * Queues a run of the job for the user (the signed-in one, or the schedule's owner), {@code fire}: the schedule's fire or
     * null; {@code retrain}: the recommendation it runs for, or null.
     */
    private TrainingRunView queue(TrainingJob job, SignedInUser user, Instant fire, Retrain retrain) {
        UUID jobId = job.getId();
        Runner runner = runner(job.getRunner());
        Runner.Availability availability = runner.availability(job.getEnvironment());
        if (!availability.available()) {
            throw new InvalidRequestException("runner", "Runs cannot start now: " + availability.message());
        }
        if (!areas.get(job.getAreaId()).active()) {
            throw new InvalidRequestException("areaId", "The area is closed; runs cannot start there");
        }
        // the code is checked again before queuing: a sample or folder may have gone since the job was saved
        sources.check(job);
        SizeOption size = size(job.getSizeCode());
        CostQuote quote = quote(job, size);
        if (quote.overBudget() && quote.policy() == io.esteira.costs.BudgetPolicy.REFUSE) {
            throw new InvalidRequestException("budget", "A run of " + job.getName() + " could cost up to "
                    + new Money(quote.thisMonth().setScale(2, RoundingMode.HALF_EVEN), Currency.getInstance(quote.currency())).format(Locale.UK)
                    + ", which would take the area over its budget; ask a manager to raise the budget, or pick a smaller size or time limit");
        }
        int number = runs.maxNumber(jobId) + 1;
        TrainingRun run = new TrainingRun(job, number, runner.kind(), new TrainingRun.Requester(user.userId(), user.username(),
                user.displayName(), user.actorType().name(), user.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")),
                user.tokenName(), user.areaScope()), new TrainingRun.Size(size.code(), size.vcpu(), size.memoryGib(), size.gpuType(),
                size.gpuCount()), job.getParameters(), quote.thisMonth(), quote.currency(), clock.instant());
        run.scheduledFor(fire);
        if (retrain != null) {
            run.triggeredBy(retrain.recommendationId(), retrain.from(), retrain.to());
        }
        try {
            runs.saveAndFlush(run);
        } catch (DataIntegrityViolationException e) {
            throw new InvalidRequestException("state", "Another run of " + job.getName() + " was queued at the same moment; try again");
        }
        events.publishEvent(new TrainingRunStateChanged(run.getId(), jobId, job.getAreaId(), job.getName(), number, null,
                RunState.QUEUED.name(), (fire == null ? "" : "scheduled for " + fire + ", ") + "size " + size.code() + ", at most "
                + job.getMaxRunMinutes() + " min, estimated at most " + quote.thisMonth().setScale(2, RoundingMode.HALF_EVEN) + " " + quote.currency()
                + (retrain == null ? "" : "; for retraining recommendation " + retrain.recommendationId() + ", training window "
                        + retrain.from() + " to " + retrain.to()), Trace.capture(clock)));
        AfterCommit.run(dispatcher::dispatchSoon);
        return view(run, job);
    }

    /**
     * Cancels a run: a queued one at once; a started one is stopped (its process and whatever it started) by the node
     * that runs it, and ends as cancelled. Nothing is registered by a cancelled run.
     */
    @Transactional
    public TrainingRunView cancel(UUID runId) {
        TrainingRun run = readableRun(runId);
        TrainingJob job = jobs.findById(run.getJobId()).orElseThrow();
        access.requireAct(run.getAreaId(), "training run", runId);
        if (run.getState().finished()) {
            throw new InvalidRequestException("state", "Run " + run.getNumber() + " of " + job.getName() + " has ended already ("
                    + run.getState().name().toLowerCase() + ")");
        }
        Trace trace = Trace.capture(clock);
        if (run.getState() == RunState.QUEUED) {
            // one atomic update against the claim: either it is still queued and ends here, or a node claimed it meanwhile and
            // it is stopped like a started run (the context is cleared either way, so the run is read again as it is now)
            String reason = "cancelled by " + trace.actor() + " before it started";
            if (runs.cancelQueued(runId, reason, clock.instant()) == 1) {
                TrainingRun cancelled = runs.findById(runId).orElseThrow();
                events.publishEvent(new TrainingRunStateChanged(cancelled.getId(), job.getId(), job.getAreaId(), job.getName(),
                        cancelled.getNumber(), RunState.QUEUED.name(), RunState.CANCELLED.name(), reason, trace));
                return view(cancelled, job);
            }
            run = runs.findById(runId).orElseThrow();
            if (run.getState().finished()) {
                return view(run, job);
            }
        }
        if (run.getCancelRequestedAt() == null) {
            run.cancelRequested(trace.actor(), clock.instant());
            runs.saveAndFlush(run);
            events.publishEvent(new TrainingRunCancelRequested(run.getId(), job.getId(), job.getAreaId(), job.getName(), run.getNumber(), trace));
            UUID id = run.getId();
            AfterCommit.run(() -> dispatcher.cancelSoon(id));
        }
        return view(run, job);
    }

    public TrainingRunView run(UUID runId) {
        TrainingRun run = readableRun(runId);
        return costed(List.of(view(run, jobs.findById(run.getJobId()).orElseThrow()))).getFirst();
    }

    /**
     * The run and the job's succeeded runs before it (at most 5, newest first), to compare its metrics with theirs.
     */
    public List<TrainingRunView> compared(UUID runId) {
        TrainingRun run = readableRun(runId);
        TrainingJob job = jobs.findById(run.getJobId()).orElseThrow();
        List<TrainingRunView> list = new java.util.ArrayList<>();
        list.add(view(run, job));
        runs.findTop6ByJobIdAndStateAndNumberLessThanEqualOrderByNumberDesc(job.getId(), RunState.SUCCEEDED, run.getNumber()).stream()
                .filter(r -> !r.getId().equals(run.getId())).limit(5).forEach(r -> list.add(view(r, job)));
        return list;
    }

    /** The job's runs, newest first. */
    public Page<TrainingRunView> runs(UUID jobId, Pageable pageable) {
        TrainingJob job = readable(jobId);
        return costed(runs.findByJobId(jobId, PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by(Sort.Direction.DESC, "number")))
                .map(r -> view(r, job)));
    }

    /** The area's runs of every job, newest first. */
    public Page<TrainingRunView> areaRuns(UUID areaId, Pageable pageable) {
        access.requireRead(areaId, "area", areaId);
        Map<UUID, TrainingJob> byId = new LinkedHashMap<>();
        return costed(runs.findByAreaId(areaId, PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by(Sort.Direction.DESC, "queuedAt")))
                .map(r -> view(r, byId.computeIfAbsent(r.getJobId(), id -> jobs.findById(id).orElseThrow()))));
    }

    /** The run's log (stdout and stderr of the job, and the portal's own steps), at most the last {@code maxBytes}, while it runs too. */
    public String log(UUID runId, int maxBytes) {
        TrainingRun run = readableRun(runId);
        return dispatcher.log(run, Math.max(1_000, Math.min(maxBytes, 1_048_576)));
    }

    // --- schedule

    /**
     * A fire of the job's schedule (called by Quartz as the system): queues a run as the schedule's owner, with their
     * rights as they are now and the area's budget policy, as if they had pressed "Run now". A fire that cannot start a
     * run (a run still under way, the budget refused, the owner gone from the area, …) is kept on the job with its
     * reason and audited; a fire is run at most once, whichever node fires it and however often.
     *
     * @return the queued run, or empty when the fire started none
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Optional<TrainingRunView> fired(UUID jobId, Instant fire) {
        TrainingJob job = jobs.findById(jobId).orElse(null);
        if (job == null || job.isDeleted() || !job.isScheduled()) {
            triggers.remove(jobId);
            return Optional.empty();
        }
        BusinessCalendar calendar = calendar(job.getScheduleCalendar());
        if (!calendar.includes(fire.atZone(ZoneId.of(job.getScheduleZone())).toLocalDate())) {
            return Optional.empty();
        }
        if (runs.existsByJobIdAndScheduledFor(jobId, fire)) {
            return Optional.empty();
        }
        String reason;
        try {
            if (people.find(job.getScheduleOwnerId()).map(p -> !p.enabled()).orElse(true)) {
                throw new InvalidRequestException("schedule", "the account of " + job.getScheduleOwner()
                        + ", who set the schedule, is disabled or gone; someone of the area must set it again");
            }
            SignedInUser owner = accounts.signedInUser(job.getScheduleOwnerId(), null, null);
            return Optional.ofNullable(RunDispatcher.actingFor(owner, () -> transaction.execute(status -> {
                TrainingJob current = changeable(jobId);
                if (runs.existsByJobIdAndStateIn(jobId, RunState.ACTIVE)) {
                    throw new InvalidRequestException("state", "its previous run is still under way");
                }
                return queue(current, owner, fire, null);
            })));
        } catch (DataIntegrityViolationException sameFire) {
            return Optional.empty(); // another node queued this fire meanwhile
        } catch (InvalidRequestException | NotFoundException | ForbiddenException | org.springframework.security.access.AccessDeniedException e) {
            reason = e.getMessage();
        }
        String why = reason;
        transaction.executeWithoutResult(status -> {
            TrainingJob current = jobs.findById(jobId).orElseThrow();
            current.scheduleSkipped(clock.instant(), "The run due at " + fire + " did not start: " + why);
            jobs.saveAndFlush(current);
            events.publishEvent(new TrainingScheduleSkipped(jobId, current.getAreaId(), current.getName(), fire, why, Trace.capture(clock)));
        });
        return Optional.empty();
    }

    /** Checks and sets the job's schedule; whoever sets or changes it is whom its runs act for. */
    private void schedule(TrainingJob job, TrainingJobDraft.Schedule schedule) {
        if (schedule == null || schedule.cron() == null || schedule.cron().isBlank()) {
            job.schedule(null, null, null, null, null);
            return;
        }
        ScheduleTiming timing;
        try {
            timing = new ScheduleTiming(schedule.cron(), schedule.zone() == null || schedule.zone().isBlank() ? "UTC" : schedule.zone().strip());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("schedule." + e.fieldErrors().keySet().stream().findFirst().orElse("cron"), e.getMessage());
        }
        BusinessCalendar calendar = calendar(schedule.calendar());
        List<Instant> next = timing.nextFires(clock.instant(), 20, calendar);
        if (next.isEmpty()) {
            throw new InvalidRequestException("schedule.cron", timing.cron() + " never fires again");
        }
        for (int i = 1; i < next.size(); i++) {
            if (Duration.between(next.get(i - 1), next.get(i)).compareTo(MIN_SCHEDULE_INTERVAL) < 0) {
                throw new InvalidRequestException("schedule.cron", "A training job runs at most every " + MIN_SCHEDULE_INTERVAL.toMinutes()
                        + " minutes; " + timing.cron() + " fires more often");
            }
        }
        if (Objects.equals(job.getScheduleCron(), timing.cron()) && Objects.equals(job.getScheduleZone(), timing.zone())
                && Objects.equals(job.getScheduleCalendar(), calendar.name())) {
            return; // unchanged: it keeps acting for whom it did
        }
        SignedInUser user = CurrentUser.require();
        job.schedule(timing.cron(), timing.zone(), calendar.name(), user.userId(), user.username());
    }

    private static BusinessCalendar calendar(String name) {
        if (name == null || name.isBlank()) {
            return BusinessCalendar.NONE;
        }
        try {
            return BusinessCalendar.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("schedule.calendar", "There is no calendar " + name + "; use one of "
                    + java.util.Arrays.stream(BusinessCalendar.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    // --- rules

    private void define(TrainingJob job, TrainingJobDraft draft) {
        ModelView model;
        try {
            model = registry.getByName(draft.model().strip(), draft.areaId());
        } catch (NotFoundException e) {
            throw new InvalidRequestException("model", "The area has no model named " + draft.model().strip() + "; create it in the registry first");
        }
        if (!model.areaId().equals(draft.areaId())) {
            throw new InvalidRequestException("model", "The area has no model named " + draft.model().strip() + "; create it in the registry first");
        }
        String runnerKind = draft.runner() == null || draft.runner().isBlank() ? defaultRunner : draft.runner().strip();
        Runner runner = runner(runnerKind);
        String environment = draft.environment() == null || draft.environment().isBlank() ? runner.environments().getFirst() : draft.environment().strip();
        if (!runner.environments().contains(environment)) {
            throw new InvalidRequestException("environment", "The " + runner.kind() + " runner offers " + String.join(", ", runner.environments()));
        }
        size(draft.sizeCode());
        Map<String, String> parameters = draft.parameters() == null ? Map.of() : draft.parameters();
        parameters.forEach((k, v) -> {
            if (k == null || !PARAMETER.matcher(k).matches()) {
                throw new InvalidRequestException("parameters", "The parameter name " + k + " is not letters, digits, _ . - (starting with a letter)");
            }
            if (v == null || v.length() > 2000) {
                throw new InvalidRequestException("parameters", "The parameter " + k + " needs a value of at most 2000 characters");
            }
        });
        JobSources.Resolved source = sources.resolve(job.getAreaId() == null ? draft.areaId() : job.getAreaId(), draft.source(),
                draft.entrypoint(), true);
        TrainingJobDraft.Inputs in = draft.inputs();
        TrainingSets.Plan plan = trainingSets.plan(draft.areaId(), spec(in));
        String inputs = JSON.writeValueAsString(new TrainingJobDraft.Inputs(in.groups().stream()
                .map(g -> new TrainingJobDraft.Group(g.name().strip(), g.version(), g.features() == null ? List.of() : g.features())).toList(),
                in.sourceId(), in.sql().strip(), plan.label(), in.from(), in.to()));
        job.define(draft.description() == null ? "" : draft.description().strip(), model.id(), model.name(), source.kind(), source.ref(),
                source.path(), source.entrypoint(), environment, runner.kind(), JSON.writeValueAsString(new java.util.TreeMap<>(parameters)),
                draft.sizeCode().strip(), draft.maxRunMinutes() == null ? DEFAULT_MAX_RUN_MINUTES : draft.maxRunMinutes(),
                draft.seed() == null ? DEFAULT_SEED : draft.seed(), inputs, clock.instant());
        job.gitSource(source.url(), sources.sealedToken(job, source, draft.source()));
        schedule(job, draft.schedule());
    }

    static TrainingSets.Spec spec(TrainingJobDraft.Inputs in) {
        return new TrainingSets.Spec(in.groups().stream()
                .map(g -> new TrainingSets.GroupRef(g.name(), g.version(), g.features())).toList(),
                in.sourceId(), in.sql(), in.label(), in.from(), in.to());
    }

    private SizeOption size(String code) {
        return workspaces.sizes().stream().filter(s -> s.code().equals(code == null ? "" : code.strip())).findFirst()
                .orElseThrow(() -> new InvalidRequestException("sizeCode", "There is no size " + code + "; pick one of "
                        + workspaces.sizes().stream().map(SizeOption::code).collect(Collectors.joining(", "))));
    }

    private Runner runner(String kind) {
        return runners.stream().filter(r -> r.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("runner", "There is no runner " + kind + "; use one of "
                        + runners.stream().map(Runner::kind).collect(Collectors.joining(", "))));
    }

    private TrainingJob readable(UUID id) {
        TrainingJob job = jobs.findById(id).filter(j -> !j.isDeleted()).orElseThrow(() -> new NotFoundException("training job", id));
        access.requireRead(job.getAreaId(), "training job", id);
        return job;
    }

    private TrainingJob changeable(UUID id) {
        TrainingJob job = readable(id);
        access.requireAct(job.getAreaId(), "training job", id);
        return job;
    }

    private TrainingRun readableRun(UUID id) {
        TrainingRun run = runs.findById(id).orElseThrow(() -> new NotFoundException("training run", id));
        access.requireRead(run.getAreaId(), "training run", id);
        return run;
    }

    private static Map<String, Object> summary(TrainingJob job) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", job.getModelName());
        d.put("source", job.getSourceKind().name().toLowerCase() + ":" + job.getSourceRef() + (job.getSourcePath().isEmpty() ? "" : "/" + job.getSourcePath()));
        if (job.getSourceUrl() != null) {
            d.put("repository", job.getSourceUrl());
            d.put("token", job.getSourceTokenSealed() == null ? "none" : "stored");
        }
        d.put("entrypoint", job.getEntrypoint());
        d.put("environment", job.getEnvironment());
        d.put("runner", job.getRunner());
        d.put("size", job.getSizeCode());
        d.put("maxRunMinutes", job.getMaxRunMinutes());
        d.put("seed", job.getSeed());
        d.put("parameters", job.getParameters());
        d.put("inputs", job.getInputs());
        d.put("schedule", job.isScheduled() ? job.getScheduleCron() + " " + job.getScheduleZone()
                + ("NONE".equals(job.getScheduleCalendar()) ? "" : " " + job.getScheduleCalendar()) + ", runs as " + job.getScheduleOwner() : "none");
        return d;
    }

    static Map<String, String> parameters(String json) {
        return JSON.readValue(json, new TypeReference<java.util.TreeMap<String, String>>() {
        });
    }

    static TrainingJobDraft.Inputs inputs(String json) {
        return JSON.readValue(json, TrainingJobDraft.Inputs.class);
    }

    TrainingJobView view(TrainingJob j) {
        return new TrainingJobView(j.getId(), j.getAreaId(), j.getName(), j.getDescription(), j.getModelId(), j.getModelName(),
                new TrainingJobDraft.Source(j.getSourceKind().name(), j.getSourceRef(), j.getSourcePath(), j.getSourceUrl(), null,
                        j.getSourceUrl() == null ? null : j.getSourceTokenSealed() != null), j.getEntrypoint(),
                j.getEnvironment(), j.getRunner(), parameters(j.getParameters()), j.getSizeCode(), j.getMaxRunMinutes(), j.getSeed(),
                inputs(j.getInputs()), j.getCreatedBy(), j.getCreatedAt(), j.getUpdatedAt(), j.getVersion(), scheduleView(j), null);
    }

    private TrainingJobView.Schedule scheduleView(TrainingJob j) {
        if (!j.isScheduled()) {
            return null;
        }
        ScheduleTiming timing = new ScheduleTiming(j.getScheduleCron(), j.getScheduleZone());
        BusinessCalendar calendar = calendar(j.getScheduleCalendar());
        List<Instant> next = timing.nextFires(clock.instant(), 1, calendar);
        return new TrainingJobView.Schedule(timing.cron(), timing.zone(), calendar.name(), timing.inWords()
                + (calendar == BusinessCalendar.NONE ? "" : ", only on " + calendar.label()), next.isEmpty() ? null : next.getFirst(),
                j.getScheduleOwner(), j.getScheduleSkippedAt(), j.getScheduleSkippedReason());
    }

    private static TrainingJobView.LastRun lastRun(TrainingRun r) {
        return new TrainingJobView.LastRun(r.getId(), r.getNumber(), r.getState().name(), r.getQueuedAt(), r.getFinishedAt());
    }

    static TrainingRunView view(TrainingRun r, TrainingJob job) {
        Map<String, Double> metrics = r.getMetrics() == null ? Map.of()
                : JSON.readValue(r.getMetrics(), new TypeReference<LinkedHashMap<String, Double>>() {
                });
        Money cost = r.getEstimatedCost() == null || r.getCurrency() == null ? null
                : new Money(r.getEstimatedCost().setScale(2, RoundingMode.HALF_EVEN), Currency.getInstance(r.getCurrency()));
        List<String> groups = r.getDataGroups() == null || r.getDataGroups().isBlank() ? List.of() : List.of(r.getDataGroups().split(", "));
        return new TrainingRunView(r.getId(), r.getJobId(), job.getName(), r.getAreaId(), r.getNumber(), r.getState().name(), r.getReason(),
                r.getRunner(), r.getNode(), r.getRequestedByName(), r.getSizeCode(), r.getMaxRunMinutes(), r.getSeed(),
                parameters(r.getParameters()), cost, r.getQueuedAt(), r.getStartedAt(), r.getFinishedAt(), r.getCancelRequestedAt() != null,
                r.getCodeHash(), r.getDataHash(), r.getDataRows(), groups, r.getDataFrom(), r.getDataTo(), metrics, job.getModelName(),
                r.getModelVersion(), r.getScheduledFor(), null);
    }

    /** The runs with what the ledger has billed each so far, at the area's rates (a run not started yet: nothing). */
    private List<TrainingRunView> costed(List<TrainingRunView> views) {
        Map<UUID, List<TrainingRunView>> byArea = views.stream().filter(v -> v.estimatedCost() != null)
                .collect(Collectors.groupingBy(TrainingRunView::areaId));
        Map<UUID, BigDecimal> costs = new java.util.HashMap<>();
        byArea.forEach((areaId, list) -> {
            try {
                costs.putAll(ledger.costSoFar(RunDispatcher.USAGE_SOURCE, list.stream().map(TrainingRunView::id).toList(),
                        rateCard.ratesFor(areaId, list.getFirst().estimatedCost().currency()), clock.instant()));
            } catch (NotFoundException noRates) {
                // no rates in that currency: the cost stays unknown
            }
        });
        return views.stream().map(v -> v.withCostSoFar(costs.getOrDefault(v.id(), v.startedAt() == null ? BigDecimal.ZERO : null))).toList();
    }

    private Page<TrainingRunView> costed(Page<TrainingRunView> page) {
        return new org.springframework.data.domain.PageImpl<>(costed(page.getContent()), page.getPageable(), page.getTotalElements());
    }

    /** Who the run acts for in the background: the person or pipeline who started it, with their memberships as they are then. */
    static SignedInUser requester(TrainingRun r) {
        java.util.Set<Role> roles = r.getRequestedByRoles().isBlank() ? java.util.Set.of()
                : java.util.Arrays.stream(r.getRequestedByRoles().split(",")).map(Role::valueOf).collect(Collectors.toSet());
        return new SignedInUser(r.getRequestedById(), r.getRequestedBy(), r.getRequestedByName(), roles,
                io.esteira.shared.security.ActorType.valueOf(r.getRequestedByType()), r.getRequestedByToken(), r.getRequestedByScope());
    }
}
