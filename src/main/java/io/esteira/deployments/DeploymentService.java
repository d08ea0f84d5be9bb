package io.esteira.deployments;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.deployments.DeploymentEvents.DeploymentRequested;
import io.esteira.deployments.PredictionRecords.Channel;
import io.esteira.deployments.PredictionRecords.Outcome;
import io.esteira.deployments.batch.BatchDeployments;
import io.esteira.deployments.costs.DeploymentMetering;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.deployments.predictions.PredictionLog;
import io.esteira.deployments.rollout.DeploymentChanges;
import io.esteira.deployments.rollout.DeploymentRollout;
import io.esteira.deployments.serving.DeploymentNotLiveException;
import io.esteira.deployments.serving.LiveReleases;
import io.esteira.deployments.serving.OnlineServing;
import io.esteira.deployments.serving.ServedNotifier;
import io.esteira.deployments.serving.ServingStatistics;
import io.esteira.deployments.serving.ServingTarget;
import io.esteira.deployments.serving.ServingTargets;
import io.esteira.deployments.serving.TrafficSplit;
import io.esteira.deployments.shadow.ShadowComparisons;
import io.esteira.deployments.shadow.ShadowTraffic;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployments of an area's model versions, and their predictions. A deployment is an endpoint (its
 * name) and the releases that follow each other on it; each release is released only when its change
 * request (subject type {@code deployment}) is approved. Members of the area (people with
 * DATA_SCIENTIST and the area's tokens) request, promote, roll back and retire; everybody outside the
 * area is told "not found".
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class DeploymentService {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,61}[a-z0-9]");
    static final Set<DeploymentState> IN_PROGRESS = EnumSet.of(DeploymentState.PENDING_APPROVAL, DeploymentState.APPROVED,
            DeploymentState.DEPLOYING);

    private final Deployments deployments;
    private final ModelRegistry registry;
    private final ChangeSubmissions changeSubmissions;
    private final AreaAccess access;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final OnlineServing serving;
    private final ServingTargets targets;
    private final DeploymentRollout rollout;
    private final PredictionLog predictionLog;
    private final ServingStatistics statistics;
    private final MeterRegistry meters;
    private final BatchDeployments batch;
    private final ServedNotifier served;
    private final ShadowTraffic shadows;
    private final ShadowComparisons shadowComparisons;
    private final LiveReleases liveReleases;
    private final AreaService areas;
    private final io.esteira.costs.CostQuotes quotes;
    private final Clock clock;

    DeploymentService(Deployments deployments, ModelRegistry registry, ChangeSubmissions changeSubmissions, AreaAccess access, Validator validator,
            ApplicationEventPublisher events, OnlineServing serving, ServingTargets targets, DeploymentRollout rollout,
            PredictionLog predictionLog, ServingStatistics statistics, MeterRegistry meters, LiveReleases liveReleases, BatchDeployments batch,
            ServedNotifier served, AreaService areas, io.esteira.costs.CostQuotes quotes, ShadowTraffic shadows,
            ShadowComparisons shadowComparisons, Clock clock) {
        this.clock = clock;
        this.shadows = shadows;
        this.shadowComparisons = shadowComparisons;
        this.areas = areas;
        this.quotes = quotes;
        this.deployments = deployments;
        this.registry = registry;
        this.changeSubmissions = changeSubmissions;
        this.access = access;
        this.validator = validator;
        this.events = events;
        this.serving = serving;
        this.targets = targets;
        this.rollout = rollout;
        this.predictionLog = predictionLog;
        this.statistics = statistics;
        this.meters = meters;
        this.liveReleases = liveReleases;
        this.batch = batch;
        this.served = served;
    }

    /**
     * What a release's replicas cost in the area, by the function that bills them (hourly, 730 hours a month), and what is
     * left of the area's budget this month after them; members of the area ask.
     */
    public io.esteira.costs.CostQuote price(UUID areaId, String target, DeploymentDraft.Resources resources) {
        access.requireRead(areaId, "area", areaId);
        DeploymentDraft.Resources r = resources == null ? new DeploymentDraft.Resources(1, null, null) : resources;
        return quotes.running(areaId, DeploymentMetering.held(target, r.replicas(), r.cpu(), r.memory()), false);
    }

    /**
     * Stores a release of a version that passed its gates, PENDING_APPROVAL, and submits its change
     * request. Nothing is served before that request is approved, and not before its window opens.
     * A name already in use is a new release of that endpoint: same environment and mode, no other
     * release of it in progress; a canary needs exactly one live release to split the calls with.
     *
     * @throws NotFoundException       for a version of another area
     * @throws InvalidRequestException naming the field that is wrong
     */
    @Transactional
    public DeploymentView request(DeploymentDraft draft) {
        Validation.check(validator, draft, "deployment");
        SignedInUser me = CurrentUser.require();
        VersionView version = registry.versionById(draft.versionId());
        access.requireAct(version.areaId(), "model version", draft.versionId());
        ServingMode mode = draft.modeOrDefault();
        ServingTarget target = targets.named(draft.target());
        if (!target.modes().contains(mode)) {
            throw new InvalidRequestException("mode", "The " + target.name() + " target serves " + target.modes() + ", not " + mode);
        }
        String name = draft.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name", "A deployment's name is 3 to 63 lower-case letters, digits and -, "
                    + "starting with a letter and not ending with -");
        }
        if (!version.passedGates()) {
            throw new InvalidRequestException("versionId", version.model() + " v" + version.number() + " has not passed its quality gates ("
                    + version.gates().toLowerCase() + "); only a version that passed every gate can be deployed");
        }
        BatchDeployments.Resolved batchSpec = batch.check(draft, version, name);
        List<Deployment> releases = deployments.findByAreaIdAndNameOrderByRequestedAtDesc(version.areaId(), name);
        Deployment replaced = checkEndpoint(name, releases, draft, mode, target, version);
        if (mode == ServingMode.BATCH ? draft.batch() == null : draft.batch() != null) {
            throw new InvalidRequestException("batch", mode == ServingMode.BATCH ? "A batch deployment needs its input, output table and schedule"
                    : "Only batch deployments have an input, an output table and a schedule");
        }
        target.check(draft, version);
        DeploymentDraft.Resources resources = draft.resourcesOrDefault();
        if (mode != ServingMode.BATCH) {
            // its replicas, priced as the ledger bills them; the area's policy for requests over budget (REFUSE: nothing stored)
            quotes.enforce(version.areaId(), DeploymentMetering.held(target.name(), resources.replicas(), resources.cpu(), resources.memory()),
                    "The deployment " + name, name);
        }
        Deployment deployment = new Deployment(version.areaId(), name, version.modelId(), version.model(), version.id(), version.number(),
                draft.environment(), mode, draft.justification().strip(), blankToNull(draft.rollbackPlan()), me.actorName(), me.userId(), clock.instant());
        deployment.plan(target.name(), draft.rolloutOrDefault(), draft.canaryPercent(), replaced == null ? null : replaced.getId(),
                resources.replicas(), resources.cpu(), resources.memory(), draft.windowStart(), draft.windowEnd(),
                draft.logSamplePercent() == null ? 100 : draft.logSamplePercent());
        deployments.saveAndFlush(deployment);
        if (batchSpec != null) {
            batch.requested(deployment, batchSpec);
        }
        ChangeRequestView change = changeSubmissions.submit(new ChangeRequestDraft(DeploymentChanges.TYPE, deployment.getId().toString(),
                draft.environment(), false, deployment.getJustification(), draft.windowStart(), draft.windowEnd(), deployment.getRollbackPlan()));
        deployment.submittedAs(change.id());
        deployments.saveAndFlush(deployment);
        events.publishEvent(new DeploymentRequested(deployment.getId(), deployment.getAreaId(), name, version.model(), version.number(),
                draft.environment().name(), mode.name(), change.id(), Trace.capture(clock)));
        return view(deployment);
    }

    /** The live release a new one replaces (or splits the calls with), after checking the endpoint allows it. */
    private static Deployment checkEndpoint(String name, List<Deployment> releases, DeploymentDraft draft, ServingMode mode,
            ServingTarget target, VersionView version) {
        Rollout rollout = draft.rolloutOrDefault();
        if (rollout == Rollout.ROLLBACK) {
            throw new InvalidRequestException("rollout", "A rollback is its own action: roll back the live release of the deployment");
        }
        if (rollout == Rollout.CANARY ? draft.canaryPercent() == null || draft.canaryPercent() < 1 || draft.canaryPercent() > 99
                : draft.canaryPercent() != null) {
            throw new InvalidRequestException("canaryPercent", rollout == Rollout.CANARY ? "A canary takes 1 to 99 percent of the calls"
                    : "Only a canary has a traffic percentage");
        }
        List<Deployment> live = releases.stream().filter(d -> d.getState() == DeploymentState.LIVE).toList();
        if (rollout == Rollout.SHADOW) {
            checkShadow(name, releases, live, mode, target, version);
        }
        if (!releases.isEmpty()) {
            Deployment first = releases.getLast();
            if (first.getEnvironment() != draft.environment() || first.getMode() != mode || !first.getTarget().equals(target.name())) {
                throw new InvalidRequestException("name", "The deployment " + name + " serves " + first.getMode() + " in "
                        + first.getEnvironment().name().toLowerCase() + " on " + first.getTarget() + "; a new release keeps those (or pick another name)");
            }
            releases.stream().filter(d -> IN_PROGRESS.contains(d.getState())).findFirst().ifPresent(d -> {
                throw new InvalidRequestException("name", "The deployment " + name + " has a release in progress (v" + d.getModelVersionNumber()
                        + ", " + d.getState() + "); wait for it, or withdraw its change request");
            });
            if (live.size() > 1 && rollout != Rollout.SHADOW) {
                throw new InvalidRequestException("name", "The deployment " + name + " is running a canary; promote it or roll it back first");
            }
        }
        if (rollout == Rollout.CANARY) {
            if (live.isEmpty()) {
                throw new InvalidRequestException("rollout", "A canary splits the calls with the live release; " + name + " has none yet");
            }
            if (live.getFirst().getModelVersionId().equals(version.id())) {
                throw new InvalidRequestException("versionId", version.model() + " v" + version.number() + " is live on " + name + " already");
            }
        }
        return live.isEmpty() ? null : live.getFirst();
    }

    /**
     * A shadow scores a mirror of the calls the portal answers online: it needs a live release of another
     * version to mirror, and an endpoint has at most one.
     */
    private static void checkShadow(String name, List<Deployment> releases, List<Deployment> live, ServingMode mode, ServingTarget target,
            VersionView version) {
        if (mode != ServingMode.ONLINE_SYNC || !target.answersInPortal()) {
            throw new InvalidRequestException("rollout", "A shadow mirrors the calls the portal answers online (ONLINE_SYNC on the "
                    + "embedded target); " + name + " is " + mode + " on " + target.name());
        }
        if (live.isEmpty()) {
            throw new InvalidRequestException("rollout", "A shadow scores a mirror of the live release's calls; " + name + " has none yet");
        }
        if (live.stream().anyMatch(d -> d.getModelVersionId().equals(version.id()))) {
            throw new InvalidRequestException("versionId", version.model() + " v" + version.number() + " is live on " + name + " already");
        }
        releases.stream().filter(d -> d.getState() == DeploymentState.SHADOW).findFirst().ifPresent(d -> {
            throw new InvalidRequestException("rollout", name + " already has a shadow (v" + d.getModelVersionNumber()
                    + "); retire it first");
        });
    }

    /** The releases of the caller's areas, by name and newest first; {@code withRetired} false leaves out retired, failed and rejected ones. */
    public Page<DeploymentView> list(Pageable pageable, boolean withRetired) {
        Set<UUID> readable = readableAreas();
        if (readable.isEmpty()) {
            return Page.empty(pageable);
        }
        Pageable ordered = Paging.orderedBy(pageable, "name");
        Page<Deployment> page = withRetired ? deployments.findByAreaIdIn(readable, ordered)
                : deployments.findByAreaIdInAndStateIn(readable, EnumSet.of(DeploymentState.PENDING_APPROVAL, DeploymentState.APPROVED,
                        DeploymentState.DEPLOYING, DeploymentState.LIVE, DeploymentState.SHADOW), ordered);
        return page.map(DeploymentService::view);
    }

    public Page<DeploymentView> list(Pageable pageable) {
        return list(pageable, true);
    }

    /**
     * A deployment by name: its stable live release, else its newest. {@code areaId} picks the area
     * when the caller reads several with one of that name (null: the only one).
     */
    public DeploymentView get(String name, UUID areaId) {
        List<Deployment> releases = releasesOf(name, areaId);
        return view(releases.stream().filter(d -> d.getState() == DeploymentState.LIVE && d.getCanaryPercent() == null).findFirst()
                .orElse(releases.getFirst()));
    }

    /** The releases of a deployment, newest first. */
    public List<DeploymentView> releases(String name, UUID areaId) {
        return releasesOf(name, areaId).stream().map(DeploymentService::view).toList();
    }

    public DeploymentView get(UUID id) {
        return view(readable(id));
    }

    /** How the given releases of the caller's areas serve (those of other areas are left out). */
    public Map<UUID, ServingFigures> figures(Collection<UUID> ids) {
        Set<UUID> readable = readableAreas();
        List<UUID> mine = deployments.findAllById(ids).stream().filter(d -> readable.contains(d.getAreaId())).map(Deployment::getId).toList();
        return statistics.of(mine);
    }

    /**
     * How a shadow release compares with the live answers it mirrored so far; empty before its first
     * mirrored call.
     *
     * @throws NotFoundException for a release of another area
     */
    public Optional<ShadowResults> shadowResults(UUID releaseId) {
        Deployment d = readable(releaseId);
        return d.getRollout() == Rollout.SHADOW ? shadowComparisons.of(d.getId()) : Optional.empty();
    }

    /** The targets requesters can pick, the default first. */
    public List<String> targets() {
        return targets.names().stream().sorted((a, b) -> a.equals(targets.defaultName()) ? -1 : b.equals(targets.defaultName()) ? 1 : a.compareTo(b))
                .toList();
    }

    /**
     * A live canary takes all the calls; the release it split them with is retired.
     *
     * @throws InvalidRequestException when the release is not a live canary
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public DeploymentView promote(UUID id) {
        Deployment d = actable(id);
        return view(rollout.promote(d.getId(), CurrentUser.require().actorName()));
    }

    /**
     * Takes a live release out of service: a canary (its stable release takes all the calls again),
     * or the only live release of its deployment (which then serves nothing).
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public DeploymentView retire(UUID id, String reason) {
        Deployment d = actable(id);
        if (reason == null || reason.isBlank() || reason.strip().length() < 10) {
            throw new InvalidRequestException("reason", "Say why it is retired, in at least 10 characters");
        }
        return view(rollout.retire(d.getId(), CurrentUser.require().actorName() + ": " + reason.strip()));
    }

    /**
     * Rolls a deployment back to its previous live version in one action: a new release of that
     * version, all at once, submitted as a pre-approved standard change, so it goes live at once.
     * With a canary running, the previous live version is the stable one.
     *
     * @throws InvalidRequestException when nothing is live, a release is in progress, or there is no previous version
     */
    @Transactional
    public DeploymentView rollback(UUID id, String reason) {
        Deployment current = actable(id);
        SignedInUser me = CurrentUser.require();
        if (current.getState() != DeploymentState.LIVE) {
            throw new InvalidRequestException("state", "Only a live release is rolled back; v" + current.getModelVersionNumber() + " is "
                    + current.getState());
        }
        if (reason == null || reason.strip().length() < 10) {
            throw new InvalidRequestException("reason", "Say why it is rolled back, in at least 10 characters");
        }
        List<Deployment> releases = deployments.findByAreaIdAndNameOrderByRequestedAtDesc(current.getAreaId(), current.getName());
        releases.stream().filter(d -> IN_PROGRESS.contains(d.getState())).findFirst().ifPresent(d -> {
            throw new InvalidRequestException("state", "A release of " + d.getName() + " is in progress (v" + d.getModelVersionNumber() + ", "
                    + d.getState() + "); withdraw its change request first");
        });
        List<Deployment> live = releases.stream().filter(d -> d.getState() == DeploymentState.LIVE).toList();
        Deployment stable = live.stream().filter(d -> d.getCanaryPercent() == null).findFirst().orElse(current);
        Deployment rolledBack = live.stream().filter(d -> d.getCanaryPercent() != null).findFirst().orElse(stable);
        Deployment previous = previousLive(releases)
                .orElseThrow(() -> new InvalidRequestException("state", current.getName() + " has no previous live version to roll back to"));
        int from = rolledBack.getModelVersionNumber();
        String justification = "Rollback of " + current.getName() + " from v" + from + " to v" + previous.getModelVersionNumber()
                + ", the previous live version, by " + me.displayName() + ": " + reason.strip();
        Deployment back = new Deployment(current.getAreaId(), current.getName(), previous.getModelId(), previous.getModelName(),
                previous.getModelVersionId(), previous.getModelVersionNumber(), current.getEnvironment(), current.getMode(),
                justification.length() > 4000 ? justification.substring(0, 4000) : justification,
                "Request v" + from + " again as a new release", me.actorName(), me.userId(), clock.instant());
        back.plan(current.getTarget(), Rollout.ROLLBACK, null, rolledBack.getId(), previous.getReplicas(), previous.getCpu(),
                previous.getMemory(), null, null, current.getLogSamplePercent());
        deployments.saveAndFlush(back);
        ChangeRequestView change = changeSubmissions.submit(new ChangeRequestDraft(DeploymentChanges.TYPE, back.getId().toString(),
                back.getEnvironment(), false, back.getJustification(), null, null, back.getRollbackPlan()));
        back.submittedAs(change.id());
        deployments.saveAndFlush(back);
        events.publishEvent(new DeploymentEvents.DeploymentRolledBack(back.getId(), back.getAreaId(), back.getName(), from,
                previous.getModelVersionNumber(), reason.strip(), change.id(), Trace.capture(clock)));
        return view(back);
    }

    /** The release whose version a rollback of this deployment would bring back, if there is one. */
    public Optional<DeploymentView> rollbackTarget(UUID id) {
        Deployment d = readable(id);
        return previousLive(deployments.findByAreaIdAndNameOrderByRequestedAtDesc(d.getAreaId(), d.getName())).map(DeploymentService::view);
    }

    /**
     * The previous live version of an endpoint (its releases newest first): beside a canary, the
     * stable release; otherwise the newest release that was live, is retired, has another version
     * than the live one, and was not itself rolled back (a rollback never offers to bring back what
     * it took out).
     */
    private static Optional<Deployment> previousLive(List<Deployment> releases) {
        List<Deployment> live = releases.stream().filter(d -> d.getState() == DeploymentState.LIVE).toList();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        Deployment stable = live.stream().filter(d -> d.getCanaryPercent() == null).findFirst().orElse(live.getFirst());
        if (live.size() > 1) {
            return Optional.of(stable);
        }
        Set<UUID> rolledBack = releases.stream().filter(d -> d.getRollout() == Rollout.ROLLBACK && d.getReplacesId() != null)
                .map(Deployment::getReplacesId).collect(java.util.stream.Collectors.toSet());
        return releases.stream().filter(d -> d.getState() == DeploymentState.RETIRED && d.getLiveAt() != null
                && !d.getModelVersionId().equals(stable.getModelVersionId()) && !rolledBack.contains(d.getId())).findFirst();
    }

    /**
     * Scores rows with a live deployment of the caller's area: at most 1,000 rows, each an object
     * of the version's inputs. With a canary running, the canary answers its share of the calls; the
     * answer names the version that did. Every call goes to the prediction log.
     *
     * @throws NotFoundException           for a deployment of another area
     * @throws DeploymentNotLiveException  when it does not serve (yet, or any more)
     * @throws InvalidRequestException     for rows that do not match the signature, naming the field
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Prediction predict(String name, List<Map<String, Object>> rows) {
        return serve(name, rows, null);
    }

    /**
     * Serves recorded traffic as if it had been called at {@code at}: the same route, validation,
     * model, prediction log and monitoring as {@link #predict}, stamped with that time. The demo's
     * weeks of history are made this way; only the system may.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Prediction replay(String name, List<Map<String, Object>> rows, Instant at) {
        if (CurrentUser.require().actorType() != io.esteira.shared.security.ActorType.SYSTEM) {
            throw new io.esteira.shared.ForbiddenException("Only the portal itself replays traffic");
        }
        return serve(name, rows, java.util.Objects.requireNonNull(at));
    }

    private Prediction serve(String name, List<Map<String, Object>> rows, Instant replayedAt) {
        long started = System.nanoTime();
        Timer.Sample sample = Timer.start(meters);
        Deployment d;
        try {
            // the database closing the connection (a restart) fails no call: once more, on a new one
            d = io.esteira.shared.jdbc.ConnectionLoss.retryOnce(() -> route(name));
        } catch (DeploymentNotLiveException e) {
            sample.stop(meters.timer("esteira.serving.predictions", "deployment", name, "outcome", "not-live"));
            throw e;
        }
        if (d.getMode() != ServingMode.ONLINE_SYNC) {
            sample.stop(meters.timer("esteira.serving.predictions", "deployment", d.getName(), "outcome", "wrong-mode"));
            throw new InvalidRequestException("deployment", "The deployment " + d.getName() + (d.getMode() == ServingMode.ONLINE_ASYNC
                    ? " serves ONLINE_ASYNC; call POST /api/v1/serving/" + d.getName() + "/predict-async instead"
                    : " is a batch deployment: it scores its input on its schedule (POST /api/v1/deployments/releases/" + d.getId()
                            + "/run runs it now)"));
        }
        ServingTarget target = targets.named(d.getTarget());
        if (!target.answersInPortal()) {
            sample.stop(meters.timer("esteira.serving.predictions", "deployment", name, "outcome", "elsewhere"));
            throw new InvalidRequestException("deployment", "The deployment " + d.getName() + " is served by the " + target.name()
                    + " target, not by the portal: " + target.callInstead(d));
        }
        UUID requestId = UUID.randomUUID();
        Outcome outcome = Outcome.ERROR;
        String error = null;
        List<Map<String, Object>> predictions = null;
        try {
            OnlineServing.Loaded loaded = serving.session(d.getId(), d.getModelVersionId());
            try {
                OnlineServing.validate(loaded.signature(), rows);
            } catch (InvalidRequestException e) {
                outcome = Outcome.INVALID;
                error = e.getMessage();
                throw e;
            }
            predictions = OnlineServing.predict(loaded, rows);
            outcome = Outcome.SUCCESS;
            meters.counter("esteira.serving.rows", "deployment", d.getName()).increment(rows.size());
            return new Prediction(requestId, d.getName(), d.getModelName(), d.getModelVersionNumber(), predictions);
        } catch (RuntimeException e) {
            if (error == null) {
                error = e.getMessage();
            }
            throw e;
        } finally {
            sample.stop(meters.timer("esteira.serving.predictions", "deployment", d.getName(), "outcome", outcome.name().toLowerCase()));
            boolean kept = PredictionLog.sampled(d.getLogSamplePercent());
            long micros = (System.nanoTime() - started) / 1000;
            Instant at = replayedAt == null ? clock.instant() : replayedAt;
            predictionLog.record(new PredictionLog.Entry(requestId, d.getId(), d.getAreaId(), d.getModelVersionId(), d.getModelVersionNumber(),
                    Channel.SYNC, rows == null ? 0 : rows.size(), kept ? rows : null, kept ? predictions : null, outcome, error, micros, at));
            if (outcome == Outcome.SUCCESS) { // answered and logged: now monitoring profiles it, and a shadow scores it too
                served.tell(new ServedPredictions.Served(d.getId(), d.getAreaId(), d.getModelVersionNumber(), rows, predictions, at));
                shadows.mirror(d, rows, predictions, micros, at);
            }
        }
    }

    /**
     * The live release of the caller's areas that answers a call to the named deployment: with a
     * canary running, the canary for its share of the calls (at random), the stable release otherwise.
     *
     * @throws NotFoundException          when the caller reads no deployment of that name
     * @throws DeploymentNotLiveException when none of its releases is live
     */
    public Deployment route(String name) {
        Set<UUID> readable = access.readableAreaIds();
        if (name == null || readable.isEmpty()) {
            throw new NotFoundException("deployment", name);
        }
        String endpoint = name.strip();
        List<Deployment> live = liveReleases.of(readable, endpoint, () -> deployments.findByNameAndAreaIdInAndState(endpoint, readable,
                DeploymentState.LIVE));
        if (live.isEmpty()) {
            Deployment newest = releasesOf(name, null).getFirst();
            throw new DeploymentNotLiveException(newest.getName(), newest.getState(), newest.getState() == DeploymentState.RETIRED
                    ? newest.getRetiredReason() : newest.getFailureReason());
        }
        if (live.stream().map(Deployment::getAreaId).distinct().count() > 1) {
            throw new InvalidRequestException("area", "Several of your areas have a deployment named " + name
                    + "; call it with a token of one area");
        }
        return TrafficSplit.pick(live, java.util.concurrent.ThreadLocalRandom.current().nextInt(100));
    }

    private List<Deployment> releasesOf(String name, UUID areaId) {
        Set<UUID> readable = readableAreas();
        List<Deployment> found = name == null || readable.isEmpty() ? List.of()
                : deployments.findByNameAndAreaIdInOrderByRequestedAtDesc(name.strip(), readable).stream()
                        .filter(d -> areaId == null || d.getAreaId().equals(areaId)).toList();
        if (found.isEmpty()) { // another area's endpoint answers as an unknown one, and is recorded as refused
            boolean elsewhere = name != null && (readable.isEmpty() ? deployments.existsByName(name.strip())
                    : deployments.existsByNameAndAreaIdNotIn(name.strip(), readable));
            throw elsewhere ? NotFoundException.denied("deployment", name) : new NotFoundException("deployment", name);
        }
        if (found.stream().map(Deployment::getAreaId).distinct().count() > 1) {
            throw new InvalidRequestException("area", "Several of your areas have a deployment named " + name + "; say which area");
        }
        return found;
    }

    private Deployment readable(UUID id) {
        Deployment d = deployments.findById(id).orElseThrow(() -> new NotFoundException("deployment", id));
        if (!reviewer()) {
            access.requireRead(d.getAreaId(), "deployment", id);
        }
        return d;
    }

    /** The areas whose deployments the caller reads: reviewers read every area's (and act on none). */
    private Set<UUID> readableAreas() {
        return reviewer() ? areas.names().keySet() : access.readableAreaIds();
    }

    /** Reviewers judge and watch every area's models in production; a token limited to an area has lost the role already. */
    private static boolean reviewer() {
        return AreaAccess.readsEveryArea();
    }

    private Deployment actable(UUID id) {
        Deployment d = readable(id);
        access.requireAct(d.getAreaId(), "deployment", id);
        return d;
    }

    static DeploymentView view(Deployment d) {
        return new DeploymentView(d.getId(), d.getAreaId(), d.getName(), d.getModelId(), d.getModelName(), d.getModelVersionId(),
                d.getModelVersionNumber(), d.getEnvironment(), d.getMode(), d.getTarget(), d.getState(), d.getFailureReason(), d.getChangeId(),
                d.getRequestedBy(), d.getRequestedAt(), d.getUpdatedAt(), d.getLiveAt(), d.getRollout(), d.getCanaryPercent(), d.getReplacesId(),
                d.getReplicas(), d.getCpu(), d.getMemory(), d.getWindowStart(), d.getWindowEnd(), d.getLogSamplePercent(), d.getRetiredAt(),
                d.getRetiredReason(), d.getJustification(), d.getRollbackPlan(), d.getServingUrl());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
