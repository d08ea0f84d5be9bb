package io.esteira.training;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.costs.CostQuote;
import io.esteira.costs.CostQuoteRequest;
import io.esteira.costs.CostQuotes;
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
import io.esteira.training.TrainingEvents.TrainingJobDeleted;
import io.esteira.training.TrainingEvents.TrainingJobSaved;
import io.esteira.training.TrainingEvents.TrainingRunCancelRequested;
import io.esteira.training.TrainingEvents.TrainingRunStateChanged;
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
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.transaction.annotation.Transactional;
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

    TrainingService(TrainingJobs jobs, TrainingRuns runs, AreaAccess access, AreaService areas, ModelRegistry registry,
            TrainingSets trainingSets, WorkspaceService workspaces, CostQuotes quotes, JobSources sources, RunDispatcher dispatcher,
            List<Runner> runners, Validator validator, ApplicationEventPublisher events) {
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
    }

    // --- jobs

    public Page<TrainingJobView> jobs(UUID areaId, String filter, Pageable pageable) {
        access.requireRead(areaId, "area", areaId);
        return jobs.search(areaId, filter == null ? "" : filter.strip(), Paging.orderedBy(pageable, "name")).map(TrainingService::view);
    }

    public TrainingJobView job(UUID id) {
        return view(readable(id));
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
        TrainingJob job = new TrainingJob(draft.areaId(), draft.name(), CurrentUser.require().actorName(), Instant.now());
        define(job, draft);
        try {
            jobs.saveAndFlush(job);
        } catch (DataIntegrityViolationException e) {
            throw new InvalidRequestException("name", "The area has a training job named " + draft.name() + " already");
        }
        events.publishEvent(new TrainingJobSaved(job.getId(), job.getAreaId(), job.getName(), true, summary(job), Trace.capture()));
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
        events.publishEvent(new TrainingJobSaved(job.getId(), job.getAreaId(), job.getName(), false, summary(job), Trace.capture()));
        return view(job);
    }

    /** Deletes a job with no run under way; its runs stay readable through the area's run list and the audit log. */
    @Transactional
    public void delete(UUID id) {
        TrainingJob job = changeable(id);
        if (runs.existsByJobIdAndStateIn(job.getId(), RunState.ACTIVE)) {
            throw new InvalidRequestException("state", job.getName() + " has a run under way; cancel it or wait for it to end");
        }
        job.delete(Instant.now());
        jobs.saveAndFlush(job);
        events.publishEvent(new TrainingJobDeleted(job.getId(), job.getAreaId(), job.getName(), Trace.capture()));
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
        BigDecimal hours = BigDecimal.valueOf(job.getMaxRunMinutes()).divide(BigDecimal.valueOf(60), 10, RoundingMode.HALF_EVEN);
        return quotes.quote(new CostQuoteRequest(job.getAreaId(), CostQuoteRequest.Kind.TRAINING,
                new CostQuoteRequest.Size(size.vcpu(), size.memoryGib(), size.gpuType(), size.gpuCount(), 0), null, null, null, hours));
    }

    // --- runs

    /**
     * Queues a run of the job; one node claims it and starts it. The estimated cost is kept with the run; an area
     * whose budget policy refuses what goes over budget refuses the run.
     */
    @Transactional
    public TrainingRunView start(UUID jobId) {
        return start(jobId, null, null, null);
    }

    /**
     * Queues a run for a retraining recommendation: on the recommendation's fresh window {@code [from, to)} in place of
     * the job's time range, recorded as triggered by it.
     */
    @Transactional
    TrainingRunView start(UUID jobId, UUID recommendationId, Instant from, Instant to) {
        TrainingJob job = changeable(jobId);
        SignedInUser user = CurrentUser.require();
        Runner runner = runner(job.getRunner());
        Runner.Availability availability = runner.availability();
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
                size.gpuCount()), job.getParameters(), quote.thisMonth(), quote.currency(), Instant.now());
        if (recommendationId != null) {
            run.triggeredBy(recommendationId, from, to);
        }
        try {
            runs.saveAndFlush(run);
        } catch (DataIntegrityViolationException e) {
            throw new InvalidRequestException("state", "Another run of " + job.getName() + " was queued at the same moment; try again");
        }
        events.publishEvent(new TrainingRunStateChanged(run.getId(), jobId, job.getAreaId(), job.getName(), number, null,
                RunState.QUEUED.name(), "size " + size.code() + ", at most " + job.getMaxRunMinutes() + " min, estimated at most "
                + quote.thisMonth().setScale(2, RoundingMode.HALF_EVEN) + " " + quote.currency()
                + (recommendationId == null ? "" : "; for retraining recommendation " + recommendationId + ", training window " + from + " to " + to),
                Trace.capture()));
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
        Trace trace = Trace.capture();
        if (run.getState() == RunState.QUEUED) {
            try {
                run.finish(RunState.CANCELLED, "cancelled by " + trace.actor() + " before it started", Instant.now());
                runs.saveAndFlush(run);
                events.publishEvent(new TrainingRunStateChanged(run.getId(), job.getId(), job.getAreaId(), job.getName(), run.getNumber(),
                        RunState.QUEUED.name(), RunState.CANCELLED.name(), run.getReason(), trace));
                return view(run, job);
            } catch (ObjectOptimisticLockingFailureException claimed) {
                // a node claimed it meanwhile: it is stopped like a started run
                run = runs.findById(runId).orElseThrow();
            }
        }
        if (run.getCancelRequestedAt() == null) {
            run.cancelRequested(trace.actor(), Instant.now());
            runs.saveAndFlush(run);
            events.publishEvent(new TrainingRunCancelRequested(run.getId(), job.getId(), job.getAreaId(), job.getName(), run.getNumber(), trace));
            UUID id = run.getId();
            AfterCommit.run(() -> dispatcher.cancelSoon(id));
        }
        return view(run, job);
    }

    public TrainingRunView run(UUID runId) {
        TrainingRun run = readableRun(runId);
        return view(run, jobs.findById(run.getJobId()).orElseThrow());
    }

    /** The job's runs, newest first. */
    public Page<TrainingRunView> runs(UUID jobId, Pageable pageable) {
        TrainingJob job = readable(jobId);
        return runs.findByJobId(jobId, PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by(Sort.Direction.DESC, "number")))
                .map(r -> view(r, job));
    }

    /** The area's runs of every job, newest first. */
    public Page<TrainingRunView> areaRuns(UUID areaId, Pageable pageable) {
        access.requireRead(areaId, "area", areaId);
        Map<UUID, TrainingJob> byId = new LinkedHashMap<>();
        return runs.findByAreaId(areaId, PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by(Sort.Direction.DESC, "queuedAt")))
                .map(r -> view(r, byId.computeIfAbsent(r.getJobId(), id -> jobs.findById(id).orElseThrow())));
    }

    /** The run's log (stdout and stderr of the job, and the portal's own steps), at most the last {@code maxBytes}, while it runs too. */
    public String log(UUID runId, int maxBytes) {
        TrainingRun run = readableRun(runId);
        return dispatcher.log(run, Math.max(1_000, Math.min(maxBytes, 1_048_576)));
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
        String runnerKind = draft.runner() == null || draft.runner().isBlank() ? "local" : draft.runner().strip();
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
                draft.seed() == null ? DEFAULT_SEED : draft.seed(), inputs, Instant.now());
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
        d.put("entrypoint", job.getEntrypoint());
        d.put("environment", job.getEnvironment());
        d.put("runner", job.getRunner());
        d.put("size", job.getSizeCode());
        d.put("maxRunMinutes", job.getMaxRunMinutes());
        d.put("seed", job.getSeed());
        d.put("parameters", job.getParameters());
        d.put("inputs", job.getInputs());
        return d;
    }

    static Map<String, String> parameters(String json) {
        return JSON.readValue(json, new TypeReference<java.util.TreeMap<String, String>>() {
        });
    }

    static TrainingJobDraft.Inputs inputs(String json) {
        return JSON.readValue(json, TrainingJobDraft.Inputs.class);
    }

    static TrainingJobView view(TrainingJob j) {
        return new TrainingJobView(j.getId(), j.getAreaId(), j.getName(), j.getDescription(), j.getModelId(), j.getModelName(),
                new TrainingJobDraft.Source(j.getSourceKind().name(), j.getSourceRef(), j.getSourcePath()), j.getEntrypoint(),
                j.getEnvironment(), j.getRunner(), parameters(j.getParameters()), j.getSizeCode(), j.getMaxRunMinutes(), j.getSeed(),
                inputs(j.getInputs()), j.getCreatedBy(), j.getCreatedAt(), j.getUpdatedAt(), j.getVersion());
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
                r.getModelVersion());
    }

    /** Who the run acts for in the background: the person or pipeline who started it, with their memberships as they are then. */
    static SignedInUser requester(TrainingRun r) {
        java.util.Set<Role> roles = r.getRequestedByRoles().isBlank() ? java.util.Set.of()
                : java.util.Arrays.stream(r.getRequestedByRoles().split(",")).map(Role::valueOf).collect(Collectors.toSet());
        return new SignedInUser(r.getRequestedById(), r.getRequestedBy(), r.getRequestedByName(), roles,
                io.esteira.shared.security.ActorType.valueOf(r.getRequestedByType()), r.getRequestedByToken(), r.getRequestedByScope());
    }
}
