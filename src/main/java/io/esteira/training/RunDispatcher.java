package io.esteira.training;

import io.esteira.costs.Held;
import io.esteira.costs.ResourceKind;
import io.esteira.costs.ResourceShape;
import io.esteira.costs.UsageLedger;
import io.esteira.costs.UsageStart;
import io.esteira.features.TrainingSets;
import io.esteira.shared.Formats;
import io.esteira.shared.StopSignal;
import io.esteira.shared.Trace;
import io.esteira.shared.security.SignedInUser;
import io.esteira.training.TrainingEvents.TrainingRunStateChanged;
import io.esteira.training.domain.RunState;
import io.esteira.training.domain.TrainingJob;
import io.esteira.training.domain.TrainingJobs;
import io.esteira.training.domain.TrainingRun;
import io.esteira.training.domain.TrainingRuns;
import io.esteira.training.runners.BoundedLog;
import io.esteira.training.runners.RunRef;
import io.esteira.training.runners.RunSpec;
import io.esteira.training.runners.Runner;
import io.esteira.training.runners.RunnerException;
import io.esteira.training.runners.RunningJob;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs queued training runs on this node. Every node looks for queued runs of the runners it has (at once
 * after a run is queued here, and every {@code esteira.training.dispatch-interval}); a run is taken by one node
 * only ({@link TrainingRuns#claim}, an atomic update of its row), prepared (code copied, training set streamed
 * to a file, parameters written), started by its runner, watched (exit, time limit, cancellation, heartbeat)
 * and ended: on success its outputs are read by the contract and registered as a model version.
 * <p>
 * A run is never run twice. At start-up the runs this node had under way are ended as lost (a process still
 * alive from before is stopped first); runs of a node whose heartbeat stopped for {@code esteira.training.lost-after}
 * are ended as lost by any node.
 */
@Component
class RunDispatcher {

    static final String USAGE_SOURCE = ResourceKind.TRAINING_RUN.sourceType();
    /** How the portal's own lines in a run's log begin ({@link BoundedLog#note}). */
    static final String PORTAL_NOTE = "[esteira] ";
    private static final Logger log = LoggerFactory.getLogger(RunDispatcher.class);

    private final TrainingRuns runs;
    private final TrainingJobs jobs;
    private final io.esteira.areas.AreaService areas;
    private final List<Runner> runners;
    private final JobSources sources;
    private final TrainingSets trainingSets;
    private final VersionRegistration registration;
    private final UsageLedger usage;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final String node;
    private final Path root;
    private final int maxConcurrent;
    private final int maxRemote;
    /** The runs of {@link #watched} on a remote runner: they take no room on this node, and have a limit of their own. */
    private final Set<UUID> remoteRuns = ConcurrentHashMap.newKeySet();
    private final Duration interval;
    private final Duration lostAfter;
    private final int headBytes;
    private final int tailBytes;
    private final Map<UUID, Watch> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private volatile boolean stopping;
    private final StopSignal stop = new StopSignal();
    private volatile Thread loop;
    private final Clock clock;

    RunDispatcher(TrainingRuns runs, TrainingJobs jobs, io.esteira.areas.AreaService areas, List<Runner> runners, JobSources sources, TrainingSets trainingSets,
            VersionRegistration registration, UsageLedger usage, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            @Value("${esteira.node-id:local}") String node, @Value("${esteira.data-dir}") Path dataDir,
            @Value("${esteira.training.max-concurrent-runs:2}") int maxConcurrent,
            @Value("${esteira.training.kubernetes.max-concurrent-runs:20}") int maxRemote,
            @Value("${esteira.training.dispatch-interval:PT5S}") Duration interval,
            @Value("${esteira.training.lost-after:PT2M}") Duration lostAfter,
            @Value("${esteira.training.log-head:2MB}") org.springframework.util.unit.DataSize head,
            @Value("${esteira.training.log-tail:256KB}") org.springframework.util.unit.DataSize tail, Clock clock) {
        this.clock = clock;
        this.runs = runs;
        this.jobs = jobs;
        this.areas = areas;
        this.runners = List.copyOf(runners);
        this.sources = sources;
        this.trainingSets = trainingSets;
        this.registration = registration;
        this.usage = usage;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.node = node;
        this.root = dataDir.resolve("training").resolve("runs").toAbsolutePath().normalize();
        this.maxConcurrent = maxConcurrent;
        this.maxRemote = maxRemote;
        this.interval = interval;
        this.lostAfter = lostAfter;
        this.headBytes = (int) head.toBytes();
        this.tailBytes = (int) tail.toBytes();
    }

    /** A run this node watches: its log, its job once started, and whether someone asked to stop it. */
    private static final class Watch {
        final BoundedLog log;
        volatile RunningJob job;
        final AtomicBoolean cancel = new AtomicBoolean();

        Watch(BoundedLog log) {
            this.log = log;
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void startUp() {
        recoverThisNode();
        loop = Thread.ofVirtual().name("training-dispatch").start(() -> {
            while (!stopping) {
                try {
                    endSilentRuns();
                    dispatch();
                } catch (RuntimeException e) {
                    log.warn("Training dispatch failed: {}", e.getMessage());
                }
                if (!stop.pause(interval)) {
                    return;
                }
            }
        });
    }

    /** Before the database goes: the loop ends between two rounds (never interrupted in one, see StopSignal). */
    @EventListener(ContextClosedEvent.class)
    void shutDown() {
        stopping = true;
        stop.stop();
        Thread t = loop;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** After a run was queued on this node: look for work now rather than at the next interval. */
    void dispatchSoon() {
        Thread.ofVirtual().name("training-dispatch-now").start(this::dispatch);
    }

    /** After a cancellation was recorded: if this node runs it, stop it now. */
    void cancelSoon(UUID runId) {
        Watch w = watched.get(runId);
        if (w != null) {
            w.cancel.set(true);
        }
    }

    /** Claims queued runs while this node has room, and runs each in the background. */
    void dispatch() {
        if (stopping || !dispatching.compareAndSet(false, true)) {
            return;
        }
        try {
            List<String> kinds = runners.stream().filter(r -> r.availability().available()).map(Runner::kind).toList();
            if (kinds.isEmpty()) {
                return;
            }
            for (TrainingRun candidate : runs.findTop20ByStateAndRunnerInOrderByQueuedAt(RunState.QUEUED, kinds)) {
                boolean remote = runners.stream().anyMatch(r -> r.kind().equals(candidate.getRunner()) && r.remote());
                if (remote ? remoteRuns.size() >= maxRemote : watched.size() - remoteRuns.size() >= maxConcurrent) {
                    continue; // no room for this kind here now; a run of the other kind may still fit
                }
                Integer claimed = tx.execute(s -> runs.claim(candidate.getId(), node, clock.instant()));
                if (claimed == null || claimed == 0) {
                    continue; // another node took it, or it was cancelled
                }
                UUID id = candidate.getId();
                Watch watch = new Watch(null);
                if (remote) {
                    remoteRuns.add(id);
                }
                watched.put(id, watch);
                Thread.ofVirtual().name("training-run-" + id).start(() -> {
                    try {
                        execute(id);
                    } catch (RuntimeException e) {
                        // the run's end could not be recorded (the portal stops, the database is away): the run stays on
                        // this node, and once its heartbeat stops another node, or the next start here, ends it
                        log.warn("Training run {} could not be recorded{}: {}", id, stopping ? " while the portal stops" : "", e.getMessage());
                    } finally {
                        watched.remove(id);
                        remoteRuns.remove(id);
                        dispatchSoon();
                    }
                });
            }
        } finally {
            dispatching.set(false);
        }
    }

    /** The log of a run: from this node's watch while it runs here, else from its file. */
    String log(TrainingRun run, int maxBytes) {
        Watch w = watched.get(run.getId());
        if (w != null && w.log != null) {
            return w.log.text(maxBytes);
        }
        Path file = directory(run.getId()).resolve("run.log");
        if (!Files.exists(file)) {
            if (run.getState() == RunState.QUEUED) {
                return "(the run is queued; its log starts when a node takes it)";
            }
            return run.getNode() != null && !run.getNode().equals(node)
                    ? "(the run's log is on node " + run.getNode() + ")" : "(the run wrote no log)";
        }
        return BoundedLog.readEnd(file, maxBytes);
    }

    Path directory(UUID runId) {
        return root.resolve(runId.toString());
    }

    // --- one run

    private void execute(UUID runId) {
        TrainingRun run = runs.findById(runId).orElseThrow();
        TrainingJob job = jobs.findById(run.getJobId()).orElseThrow();
        Path dir = directory(runId);
        BoundedLog runLog;
        try {
            Files.createDirectories(dir);
            runLog = new BoundedLog(dir.resolve("run.log"), headBytes, tailBytes);
        } catch (IOException | UncheckedIOException e) {
            end(runId, RunState.FAILED, "The run's directory cannot be made: " + e.getMessage(), null);
            return;
        }
        Watch watch = new Watch(runLog);
        watched.put(runId, watch);
        event(run, job, null, RunState.STARTING, "on node " + node);
        try {
            SignedInUser requester = TrainingService.requester(run);
            Runner runner = runners.stream().filter(r -> r.kind().equals(run.getRunner())).findFirst()
                    .orElseThrow(() -> new RunnerException("This node has no runner " + run.getRunner()));
            runLog.note("Run " + run.getNumber() + " of " + job.getName() + " on node " + node + ", size " + run.getSizeCode() + ", at most "
                    + run.getMaxRunMinutes() + " min, seed " + run.getSeed() + ", for " + run.getRequestedBy());
            Prepared prepared = actingFor(requester, () -> prepare(run, job, dir, runLog));
            if (cancelled(runId, watch)) {
                finishCancelled(runId, runLog, null);
                return;
            }
            String token = null;
            RunSpec.Context context = null;
            if (runner.remote()) {
                // the run's own token for the portal's run endpoints: only its hash is kept, and it ends with the run
                String issued = RunExchange.newToken();
                Instant expires = clock.instant().plus(Duration.ofMinutes(run.getMaxRunMinutes())).plus(RunExchange.TOKEN_GRACE);
                tx.executeWithoutResult(s -> {
                    TrainingRun r = runs.findById(runId).orElseThrow();
                    r.tokenIssued(RunExchange.hash(issued), expires);
                    runs.saveAndFlush(r);
                });
                token = issued;
                String areaCode = actingFor(requester, () -> areas.get(job.getAreaId()).code());
                context = new RunSpec.Context(job.getName(), job.getId(), areaCode, job.getAreaId(), run.getNumber(), job.getEnvironment());
            }
            RunSpec spec = new RunSpec(runId, dir, prepared.workingDirectory(), runner.command(job.getEnvironment(), job.getEntrypoint()),
                    prepared.environment(), Duration.ofMinutes(run.getMaxRunMinutes()), run.getVcpu(), run.getMemoryGib(), run.getGpuType(),
                    run.getGpuCount(), context, token);
            runLog.note("Starting: " + String.join(" ", spec.command()));
            RunningJob started = runner.start(spec, runLog);
            watch.job = started;
            Instant startedAt = clock.instant();
            tx.executeWithoutResult(s -> {
                TrainingRun r = runs.findById(runId).orElseThrow();
                r.running(started.ref().pid(), started.ref().startedAt(), started.ref().workload(), startedAt);
                runs.saveAndFlush(r);
                usage.open(new UsageStart(r.getAreaId(), USAGE_SOURCE, r.getId(), job.getName() + " #" + r.getNumber(), r.getRequestedById(),
                        r.getRequestedByName(), "Training · " + job.getEnvironment() + " · " + r.getSizeCode(),
                        new ResourceShape(r.getVcpu(), r.getMemoryGib(), r.getGpuType(), r.getGpuCount(), 0), startedAt,
                        Held.compute(new ResourceShape(r.getVcpu(), r.getMemoryGib(), r.getGpuType(), r.getGpuCount(), 0)))
                        .ofModel(job.getModelId(), job.getModelName()).partOf(job.getId()));
                events.publishEvent(new TrainingRunStateChanged(r.getId(), job.getId(), job.getAreaId(), job.getName(), r.getNumber(),
                        RunState.STARTING.name(), RunState.RUNNING.name(), started.ref().workload() != null
                        ? runner.kind() + " " + started.ref().workload() + ", watched from " + node : "pid " + started.ref().pid() + " on " + node,
                        Trace.system(clock)));
            });
            watchUntilEnd(run, job, started, watch, prepared, requester, startedAt);
        } catch (ObjectOptimisticLockingFailureException | IllegalStateException e) {
            runLog.note("The run was ended elsewhere meanwhile: " + e.getMessage());
            runLog.close();
        } catch (RuntimeException e) {
            String reason = reason(e);
            runLog.note("Failed: " + reason);
            runLog.close();
            end(runId, RunState.FAILED, reason, runLog);
            log.info("Training run {} of {} failed: {}", run.getNumber(), job.getName(), reason);
        }
    }

    private record Prepared(Path workingDirectory, Map<String, String> environment, TrainingSets.Plan plan) {
    }

    /** The run's directory by the job contract: source/, inputs/ (training-set.csv, inputs.json), params.json, output/. */
    private Prepared prepare(TrainingRun run, TrainingJob job, Path dir, BoundedLog runLog) {
        Path sourceCopy = dir.resolve("source");
        String codeHash = sources.materialize(job, dir, sourceCopy, runLog::note);
        TrainingJobDraft.Inputs defined = TrainingService.inputs(job.getInputs());
        // a retraining recommendation's fresh window in place of the job's time range
        TrainingJobDraft.Inputs in = run.getWindowTo() == null ? defined : new TrainingJobDraft.Inputs(defined.groups(), defined.sourceId(),
                defined.sql(), defined.label(), run.getWindowFrom(), run.getWindowTo());
        if (run.getWindowTo() != null) {
            runLog.note("Retraining: the training window is the recommendation's, " + run.getWindowFrom() + " to " + run.getWindowTo());
        }
        Path inputs = dir.resolve("inputs");
        Path output = dir.resolve("output");
        try {
            Files.createDirectories(inputs);
            Files.createDirectories(output);
            Files.createDirectories(dir.resolve("home"));
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path set = inputs.resolve("training-set.csv");
        runLog.note("Building the training set from " + in.groups().stream().map(TrainingJobDraft.Group::name).toList()
                + (in.from() == null && in.to() == null ? "" : ", times from " + (in.from() == null ? "the start" : in.from())
                        + " to " + (in.to() == null ? "now" : in.to())));
        MessageDigest digest = JobSources.sha256();
        TrainingSets.Written written;
        long started = System.nanoTime();
        try (OutputStream file = Files.newOutputStream(set); DigestOutputStream hashed = new DigestOutputStream(file, digest);
                BufferedWriter out = new BufferedWriter(new OutputStreamWriter(hashed, StandardCharsets.UTF_8), 1 << 16)) {
            written = trainingSets.write(job.getAreaId(), TrainingService.spec(in), out, rows -> {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the training set failed: " + e.getMessage(), e);
        }
        String dataHash = "sha256:" + HexFormat.of().formatHex(digest.digest());
        runLog.note("Training set: " + written.rows() + " rows" + (written.outsideRange() > 0 ? " (" + written.outsideRange()
                + " outside the time range left out)" : "") + " of " + written.plan().groups().stream().map(g -> g.name() + " v" + g.version())
                .toList() + " in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms, " + dataHash);
        if (written.rows() == 0) {
            throw new RunnerException("The training set is empty: the entities query returned no row in the time range");
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("trainingSet", set.toString());
        description.put("rows", written.rows());
        description.put("label", written.plan().label());
        description.put("entityColumns", written.plan().entityColumns());
        description.put("features", written.plan().features().stream().map(f -> Map.of("name", f.name(), "kind", f.kind(), "group", f.group(),
                "version", f.version())).toList());
        description.put("featureGroups", written.plan().groups().stream().map(g -> Map.of("name", g.name(), "version", g.version())).toList());
        description.put("from", in.from() == null ? null : in.from().toString());
        description.put("to", in.to() == null ? null : in.to().toString());
        description.put("seed", run.getSeed());
        try {
            Files.writeString(inputs.resolve("inputs.json"), TrainingService.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(description));
            Files.writeString(dir.resolve("params.json"), TrainingService.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(TrainingService.parameters(run.getParameters())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String groups = String.join(", ", written.plan().groups().stream().map(g -> g.name() + " v" + g.version()).toList());
        tx.executeWithoutResult(s -> {
            TrainingRun r = runs.findById(run.getId()).orElseThrow();
            r.codeSeen(codeHash);
            r.dataSeen(dataHash, written.rows(), groups, in.from(), in.to());
            runs.saveAndFlush(r);
        });
        SourcePaths.file(sourceCopy, job.getEntrypoint(), "entrypoint");
        Path working = sourceCopy;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        env.put("TMPDIR", dir.resolve("tmp").toString());
        env.put("ESTEIRA_RUN_ID", run.getId().toString());
        env.put("ESTEIRA_RUN_NUMBER", String.valueOf(run.getNumber()));
        env.put("ESTEIRA_JOB", job.getName());
        env.put("ESTEIRA_MODEL", job.getModelName());
        env.put("ESTEIRA_INPUT_DIR", inputs.toString());
        env.put("ESTEIRA_TRAINING_SET", set.toString());
        env.put("ESTEIRA_INPUTS", inputs.resolve("inputs.json").toString());
        env.put("ESTEIRA_PARAMS", dir.resolve("params.json").toString());
        env.put("ESTEIRA_OUTPUT_DIR", output.toString());
        env.put("ESTEIRA_SEED", String.valueOf(run.getSeed()));
        if (written.plan().label() != null) {
            env.put("ESTEIRA_LABEL", written.plan().label());
        }
        return new Prepared(working, env, written.plan());
    }

    private void watchUntilEnd(TrainingRun run, TrainingJob job, RunningJob started, Watch watch, Prepared prepared, SignedInUser requester,
            Instant startedAt) {
        // a remote runner's cluster stops the job at its limit itself, and says so: the portal waits a little longer for its word
        Instant deadline = startedAt.plus(Duration.ofMinutes(run.getMaxRunMinutes())).plus(started.ref().workload() != null
                ? Duration.ofSeconds(30) : Duration.ZERO);
        Instant nextBeat = clock.instant();
        while (true) {
            OptionalInt exit = started.awaitExit(Duration.ofMillis(500));
            if (exit.isPresent()) {
                started.drainLog();
                ended(run, job, exit.getAsInt(), started.failure().orElse(null), watch.log, prepared, requester);
                return;
            }
            Instant now = clock.instant();
            if (!now.isBefore(nextBeat)) {
                nextBeat = now.plusSeconds(2);
                tx.executeWithoutResult(s -> runs.heartbeat(run.getId(), node, now));
                if (!watch.cancel.get() && runs.findById(run.getId()).map(r -> r.getCancelRequestedAt() != null).orElse(true)) {
                    watch.cancel.set(true);
                }
            }
            if (watch.cancel.get()) {
                watch.log.note("Cancelled: stopping the job");
                started.stop();
                finishCancelled(run.getId(), watch.log, started);
                return;
            }
            if (now.isAfter(deadline)) {
                watch.log.note("The run reached its limit of " + run.getMaxRunMinutes() + " min: stopping the job");
                started.stop();
                watch.log.close();
                end(run.getId(), RunState.FAILED, "The run took longer than its limit of " + run.getMaxRunMinutes() + " min and was stopped",
                        watch.log);
                return;
            }
        }
    }

    private void ended(TrainingRun run, TrainingJob job, int exit, String failure, BoundedLog runLog, Prepared prepared,
            SignedInUser requester) {
        if (exit != 0 || failure != null) {
            String reason = failure != null ? failure : "The job exited with code " + exit + "; its log says why";
            runLog.note(failure != null ? failure : "The job exited with code " + exit);
            runLog.close();
            end(run.getId(), RunState.FAILED, reason, runLog);
            return;
        }
        runLog.note("The job ended; reading its outputs");
        TrainingRun current = runs.findById(run.getId()).orElseThrow();
        if (current.getCancelRequestedAt() != null) {
            finishCancelled(run.getId(), runLog, null);
            return;
        }
        try {
            VersionRegistration.Registered registered = actingFor(requester, () -> registration.register(current, job,
                    directory(run.getId()).resolve("output"), prepared.plan(), directory(run.getId()).resolve("inputs/training-set.csv")));
            runLog.note("Registered " + job.getModelName() + " version " + registered.number() + "; its quality gates run now");
            runLog.close();
            tx.executeWithoutResult(s -> {
                TrainingRun r = runs.findById(run.getId()).orElseThrow();
                r.produced(TrainingService.JSON.writeValueAsString(registered.metrics()), registered.versionId(), registered.number());
                runs.saveAndFlush(r);
            });
            end(run.getId(), RunState.SUCCEEDED, "Registered " + job.getModelName() + " version " + registered.number(), runLog);
        } catch (JobOutputs.Problem e) {
            runLog.note("Nothing registered: " + e.getMessage());
            runLog.close();
            end(run.getId(), RunState.FAILED, e.getMessage() + "; nothing was registered", runLog);
        } catch (RuntimeException e) {
            String reason = "The registry refused the version: " + reason(e);
            runLog.note(reason);
            runLog.close();
            end(run.getId(), RunState.FAILED, reason, runLog);
        }
    }

    private boolean cancelled(UUID runId, Watch watch) {
        return watch.cancel.get() || runs.findById(runId).map(r -> r.getCancelRequestedAt() != null).orElse(true);
    }

    private void finishCancelled(UUID runId, BoundedLog runLog, RunningJob job) {
        runLog.note("Cancelled");
        runLog.close();
        TrainingRun r = runs.findById(runId).orElseThrow();
        end(runId, RunState.CANCELLED, "Cancelled by " + (r.getCancelRequestedBy() == null ? "someone" : r.getCancelRequestedBy())
                + (job == null ? " before the job started" : "; the job was stopped"), runLog);
    }

    /** Ends a run with its reason in one transaction with its usage interval and the event. */
    private void end(UUID runId, RunState end, String reason, BoundedLog runLog) {
        tx.executeWithoutResult(s -> {
            TrainingRun r = runs.findById(runId).orElseThrow();
            if (r.getState().finished()) {
                return;
            }
            TrainingJob job = jobs.findById(r.getJobId()).orElseThrow();
            RunState from = r.getState();
            r.finish(end, reason, clock.instant());
            if (runLog != null) {
                r.logged(runLog.total());
            }
            runs.saveAndFlush(r);
            usage.close(USAGE_SOURCE, r.getId(), r.getFinishedAt(), end.name().toLowerCase());
            events.publishEvent(new TrainingRunStateChanged(r.getId(), job.getId(), job.getAreaId(), job.getName(), r.getNumber(),
                    from.name(), end.name(), reason, Trace.system(clock)));
        });
    }

    private void event(TrainingRun run, TrainingJob job, RunState from, RunState to, String reason) {
        tx.executeWithoutResult(s -> events.publishEvent(new TrainingRunStateChanged(run.getId(), job.getId(), job.getAreaId(), job.getName(),
                run.getNumber(), from == null ? RunState.QUEUED.name() : from.name(), to.name(), reason, Trace.system(clock))));
    }

    // --- restarts and silent nodes

    /**
     * The runs this node had under way when it stopped: a process still alive from before is stopped (its outputs
     * would not be read), and the run ends as lost. It is never started again by itself.
     */
    void recoverThisNode() {
        for (TrainingRun r : runs.findByStateInAndNode(RunState.ON_A_NODE, node)) {
            if (watched.containsKey(r.getId())) {
                continue;
            }
            Runner remote = runners.stream().filter(x -> x.kind().equals(r.getRunner()) && x.remote()).findFirst().orElse(null);
            if (remote != null) {
                recoverRemote(r, remote, "The portal on node " + node + " restarted during the run");
                continue;
            }
            String reason = "The portal on node " + node + " restarted during the run";
            if (r.getPid() != null) {
                Runner runner = runners.stream().filter(x -> x.kind().equals(r.getRunner())).findFirst().orElse(null);
                if (runner != null) {
                    var found = runner.find(new RunRef(r.getId(), directory(r.getId()), r.getPid(), r.getPidStartedAt()));
                    if (found.isPresent()) {
                        found.get().stop();
                        reason += "; its process was still running and was stopped";
                    } else {
                        reason += "; its process is gone";
                    }
                }
            }
            endLost(r, reason + ". It is not run again by itself: start a new run");
        }
    }

    /**
     * Runs whose node stopped sending heartbeats are ended as lost, by whichever node sees it first; a run of a remote
     * runner (a Kubernetes Job) is taken over instead, when its workload is still there.
     */
    void endSilentRuns() {
        Instant before = clock.instant().minus(lostAfter);
        for (TrainingRun r : runs.silentSince(RunState.ON_A_NODE, before)) {
            if (watched.containsKey(r.getId())) {
                continue;
            }
            Runner remote = runners.stream().filter(x -> x.kind().equals(r.getRunner()) && x.remote()).findFirst().orElse(null);
            if (remote != null) {
                Integer taken = tx.execute(s -> runs.takeOver(r.getId(), RunState.ON_A_NODE, before, node, clock.instant()));
                if (taken != null && taken == 1) {
                    recoverRemote(runs.findById(r.getId()).orElseThrow(), remote, "Node " + r.getNode() + " stopped answering during the run");
                }
                continue;
            }
            endLost(r, "Node " + r.getNode() + " stopped answering during the run (no heartbeat since "
                    + Formats.dateTimeWithSeconds(r.getHeartbeatAt()) + "). It is not run again by itself: start a new run");
        }
    }

    /**
     * A run of a remote runner that this node had under way, or took over: its workload is found again by the run's
     * label and watched on (never started again), or the run ends as lost when it is gone. When the cluster does not
     * answer, the run is left as it is: its heartbeat stops and it is looked at again once it counts as silent.
     */
    private void recoverRemote(TrainingRun r, Runner runner, String why) {
        java.util.Optional<RunningJob> found;
        try {
            found = runner.find(new RunRef(r.getId(), directory(r.getId()), 0, r.getPidStartedAt(), r.getWorkload()));
        } catch (RuntimeException e) {
            log.warn("Training run {} cannot be looked for on the {} runner now: {}", r.getId(), runner.kind(), e.getMessage());
            return;
        }
        if (found.isEmpty()) {
            endLost(r, why + "; its " + runner.kind() + " workload is gone. It is not run again by itself: start a new run");
            return;
        }
        adopt(r, runner, found.get(), why);
    }

    /** Watches a remote run's workload found again: the portal's notes of before are kept, the job's output follows again whole. */
    private void adopt(TrainingRun r, Runner runner, RunningJob job, String why) {
        UUID id = r.getId();
        Path dir = directory(id);
        BoundedLog runLog;
        try {
            Files.createDirectories(dir);
            String before = BoundedLog.readEnd(dir.resolve("run.log"), headBytes);
            runLog = new BoundedLog(dir.resolve("run.log"), headBytes, tailBytes);
            before.lines().filter(l -> l.startsWith(PORTAL_NOTE)).forEach(l -> runLog.note(l.substring(PORTAL_NOTE.length())));
        } catch (IOException | UncheckedIOException e) {
            endLost(r, why + "; its log cannot be written again: " + e.getMessage());
            return;
        }
        runLog.note(why + "; found " + job.ref().workload() + " again: watching it on (it is not started again)");
        job.logTo(runLog);
        Watch watch = new Watch(runLog);
        watch.job = job;
        remoteRuns.add(id);
        watched.put(id, watch);
        tx.executeWithoutResult(s -> runs.heartbeat(id, node, clock.instant()));
        log.info("Training run {} adopted after a restart: {} {}", id, runner.kind(), job.ref().workload());
        Thread.ofVirtual().name("training-run-" + id).start(() -> {
            try {
                TrainingRun run = runs.findById(id).orElseThrow();
                TrainingJob trainingJob = jobs.findById(run.getJobId()).orElseThrow();
                SignedInUser requester = TrainingService.requester(run);
                TrainingSets.Plan plan = actingFor(requester, () -> trainingSets.plan(trainingJob.getAreaId(),
                        TrainingService.spec(TrainingService.inputs(trainingJob.getInputs()))));
                watchUntilEnd(run, trainingJob, job, watch, new Prepared(dir.resolve("source"), Map.of(), plan), requester,
                        run.getStartedAt() == null ? clock.instant() : run.getStartedAt());
            } catch (ObjectOptimisticLockingFailureException | IllegalStateException e) {
                runLog.note("The run was ended elsewhere meanwhile: " + e.getMessage());
                runLog.close();
            } catch (RuntimeException e) {
                String reason = reason(e);
                runLog.note("Failed: " + reason);
                runLog.close();
                end(id, RunState.FAILED, reason, runLog);
            } finally {
                watched.remove(id);
                remoteRuns.remove(id);
                dispatchSoon();
            }
        });
    }

    private void endLost(TrainingRun r, String reason) {
        try {
            end(r.getId(), RunState.LOST, reason, null);
            log.warn("Training run {} ended as lost: {}", r.getId(), reason);
        } catch (ObjectOptimisticLockingFailureException e) {
            log.debug("Run {} changed meanwhile: {}", r.getId(), e.getMessage());
        }
    }

    Set<UUID> watchedRuns() {
        return Set.copyOf(watched.keySet());
    }

    // --- acting for the requester

    /** Runs {@code work} as the person or pipeline who started the run, so that their rights and the audit's actor apply. */
    static <T> T actingFor(SignedInUser user, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage();
        if (e instanceof org.springframework.security.access.AccessDeniedException) {
            return "The person who started the run may no longer do so: " + message;
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
