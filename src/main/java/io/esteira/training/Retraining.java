package io.esteira.training;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.areas.MemberSummary;
import io.esteira.deployments.DeploymentEvents.CanaryPromoted;
import io.esteira.deployments.DeploymentEvents.DeploymentStateChanged;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.Rollout;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.monitoring.AlertView;
import io.esteira.monitoring.MonitoringAlerts;
import io.esteira.monitoring.MonitoringEvents.AlertOpened;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.SystemActor;
import io.esteira.training.RetrainingEvents.RecommendationStep;
import io.esteira.training.RetrainingEvents.RetrainingPolicySet;
import io.esteira.training.TrainingEvents.TrainingRunStateChanged;
import io.esteira.training.domain.ChallengerComparison;
import io.esteira.training.domain.ChallengerComparisons;
import io.esteira.training.domain.Recommendation;
import io.esteira.training.domain.Recommendations;
import io.esteira.training.domain.RetrainingPolicies;
import io.esteira.training.domain.RetrainingPolicy;
import io.esteira.training.domain.RunState;
import io.esteira.training.domain.TrainingJob;
import io.esteira.training.domain.TrainingJobs;
import io.esteira.training.domain.TrainingRun;
import io.esteira.training.domain.TrainingRuns;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retraining, the loop from a monitor alert to a re-approved model: a model's retraining policy; the recommendations
 * that alerts of its live releases raise (one under way per model; further alerts are counted on it), with their
 * evidence, for the area's data scientists to accept (the policy's job runs on a fresh window) or decline with a
 * reason, or started at once when the policy says so; the challenger version the run registers, compared with the
 * live champion on the same matured, labelled rows; and its promotion, a release of the challenger on the champion's
 * endpoint through the deployments' usual change request, whose evidence training adds to ({@link RetrainingEvidence}).
 * Members of the area read; its data scientists act; anybody else is told it is not found.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class Retraining {

    static final String DRIFT = "data drift";
    static final String PERFORMANCE = "performance";
    static final String ESTIMATED_PERFORMANCE = "estimated performance";
    private static final Logger log = LoggerFactory.getLogger(Retraining.class);

    private final RetrainingPolicies policies;
    private final Recommendations recommendations;
    private final ChallengerComparisons comparisons;
    private final TrainingJobs jobs;
    private final TrainingRuns runs;
    private final TrainingService training;
    private final ChallengerComparer comparer;
    private final RecommendationEvidence evidence;
    private final AreaAccess access;
    private final AreaService areas;
    private final ModelRegistry registry;
    private final DeploymentService deployments;
    private final MonitoringAlerts alerts;
    private final Notifications notifications;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;

    Retraining(RetrainingPolicies policies, Recommendations recommendations, ChallengerComparisons comparisons, TrainingJobs jobs,
            TrainingRuns runs, TrainingService training, ChallengerComparer comparer, RecommendationEvidence evidence, AreaAccess access,
            AreaService areas, ModelRegistry registry, DeploymentService deployments, MonitoringAlerts alerts, Notifications notifications,
            Validator validator, ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactions) {
        this.policies = policies;
        this.recommendations = recommendations;
        this.comparisons = comparisons;
        this.jobs = jobs;
        this.runs = runs;
        this.training = training;
        this.comparer = comparer;
        this.evidence = evidence;
        this.access = access;
        this.areas = areas;
        this.registry = registry;
        this.deployments = deployments;
        this.alerts = alerts;
        this.notifications = notifications;
        this.validator = validator;
        this.events = events;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    }

    // --- policies

    /** The model's retraining policy, if it has one. */
    public Optional<RetrainingPolicyView> policy(UUID modelId) {
        ModelView model = registry.get(modelId);
        access.requireRead(model.areaId(), "model", modelId);
        return policies.findById(modelId).map(this::view);
    }

    /** Whether the caller may set the model's policy and act on its recommendations. */
    public boolean canChange(UUID modelId) {
        return access.canAct(registry.get(modelId).areaId());
    }

    /**
     * Sets (or changes) the model's retraining policy. The job must be one of the area's that trains this model. An
     * alert of the model's live releases that is open already and that the policy names raises a recommendation at once.
     */
    @Transactional
    public RetrainingPolicyView setPolicy(UUID modelId, RetrainingPolicyDraft draft) {
        ModelView model = registry.get(modelId);
        access.requireAct(model.areaId(), "model", modelId);
        Validation.check(validator, draft, "retraining policy");
        TrainingJob job = jobs.findByAreaIdAndLiveNameIgnoreCase(model.areaId(), draft.job().strip())
                .orElseThrow(() -> new InvalidRequestException("job", "The area has no training job named " + draft.job().strip()));
        if (!job.getModelId().equals(modelId)) {
            throw new InvalidRequestException("job", job.getName() + " trains " + job.getModelName() + ", not " + model.name());
        }
        if (!draft.onDrift() && !draft.onPerformance() && !draft.onEstimate()) {
            throw new InvalidRequestException("onDrift", "Pick at least one kind of alert that recommends retraining");
        }
        SignedInUser me = CurrentUser.require();
        RetrainingPolicy policy = policies.findById(modelId).orElseGet(() -> new RetrainingPolicy(modelId, model.areaId(), model.name()));
        policy.define(job.getId(), draft.onDrift(), draft.onPerformance(), draft.onEstimate(),
                draft.automatic() ? RetrainingPolicy.StartMode.AUTOMATIC : RetrainingPolicy.StartMode.PERSON, draft.windowDays(),
                draft.labelDelayHours(), requester(me), clock.instant());
        policies.saveAndFlush(policy);
        RetrainingPolicyView view = view(policy);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("job", job.getName());
        d.put("alerts", view.triggers());
        d.put("start", draft.automatic() ? "at once" : "when a person accepts");
        d.put("windowDays", draft.windowDays());
        d.put("labelDelayHours", draft.labelDelayHours());
        events.publishEvent(new RetrainingPolicySet(modelId, model.areaId(), model.name(), d, Trace.capture(clock)));
        io.esteira.shared.AfterCommit.run(() -> {
            try {
                adoptOpenAlerts(modelId);
            } catch (RuntimeException e) {
                log.warn("The open alerts of {} raised no recommendation: {}", model.name(), e.getMessage());
            }
        });
        return view;
    }

    /**
     * After a policy was set: the newest open alert of the model's live releases that the policy names raises a
     * recommendation, as if it had just opened. Run by the system.
     */
    void adoptOpenAlerts(UUID modelId) {
        SystemActor.run(() -> {
            AlertView newest = null;
            for (AlertView a : alerts.page(PageRequest.of(0, 200), true).getContent()) {
                DeploymentView release = deployments.get(a.releaseId());
                if (release.modelId().equals(modelId) && release.live() && (newest == null || a.openedAt().isAfter(newest.openedAt()))) {
                    newest = a;
                }
            }
            if (newest != null) {
                raise(newest.id(), newest.releaseId(), newest.check(), newest.message());
            }
        });
    }

    // --- alerts raise recommendations

    @ApplicationModuleListener
    @PreAuthorize("permitAll()")
    void on(AlertOpened opened) {
        SystemActor.run(() -> raise(opened.alertId(), opened.releaseId(), opened.check(), opened.message()));
    }

    /** An alert of a release: a recommendation when the release's model has a policy naming the alert's kind. Run by the system. */
    void raise(UUID alertId, UUID releaseId, String check, String message) {
        DeploymentView release = deployments.get(releaseId);
        Optional<RetrainingPolicy> found = policies.findById(release.modelId());
        if (found.isEmpty() || !names(found.get(), check)) {
            return;
        }
        RetrainingPolicy policy = found.get();
        Recommendation raised;
        try {
            raised = tx.execute(s -> {
                Optional<Recommendation> underWay = recommendations.findByOpenModelId(policy.getModelId());
                if (underWay.isPresent()) {
                    Recommendation r = underWay.get();
                    if (!r.getAlertId().equals(alertId)) {
                        r.seenAgain();
                        recommendations.saveAndFlush(r);
                        events.publishEvent(new RecommendationStep(r.getId(), r.getAreaId(), r.getModelName(), "seen-again",
                                Map.of("alert", alertId.toString(), "check", check, "alertsSeen", r.getAlertsSeen()), Trace.system(clock)));
                    }
                    return null;
                }
                TrainingJob job = jobs.findById(policy.getJobId()).filter(j -> !j.isDeleted()).orElse(null);
                if (job == null) {
                    log.warn("The retraining policy of {} names a deleted job; alert {} recommends nothing", policy.getModelName(), alertId);
                    return null;
                }
                AlertView alert = alerts.of(releaseId).stream().filter(a -> a.id().equals(alertId)).findFirst().orElse(null);
                Instant window = alert == null ? clock.instant() : alert.lastWindow();
                Instant to = window.minus(Duration.ofHours(policy.getLabelDelayHours())).truncatedTo(ChronoUnit.HOURS);
                Instant from = to.minus(Duration.ofDays(policy.getWindowDays()));
                RecommendationView.Evidence seen = evidence.around(release, window);
                Recommendation r = new Recommendation(policy.getAreaId(), policy.getModelId(), policy.getModelName(), job.getId(), job.getName(),
                        new Recommendation.Alert(alertId, check, message, window, releaseId, release.name()), release.modelVersionId(),
                        release.modelVersion(), TrainingService.JSON.writeValueAsString(seen),
                        policy.getStartMode() == RetrainingPolicy.StartMode.AUTOMATIC, from, to, clock.instant());
                recommendations.saveAndFlush(r);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("alert", alertId.toString());
                d.put("check", check);
                d.put("deployment", release.name());
                d.put("champion", "v" + release.modelVersion());
                d.put("job", job.getName());
                d.put("window", from + " to " + to);
                d.put("driftedFeatures", seen.driftedFeatures().stream().map(RecommendationView.DriftedFeature::feature).distinct().toList());
                events.publishEvent(new RecommendationStep(r.getId(), r.getAreaId(), r.getModelName(), "raised", d, Trace.system(clock)));
                return r;
            });
        } catch (DataIntegrityViolationException e) {
            return; // another node raised the model's recommendation at the same moment
        }
        if (raised == null) {
            return;
        }
        tell(raised, "Retraining recommended for " + raised.getModelName(), "The " + check + " alert of " + release.name() + " v"
                + release.modelVersion() + " recommends retraining " + raised.getModelName() + " with the job " + raised.getJobName()
                + " on " + RetrainingEvidence.when(raised.getWindowFrom()) + " to " + RetrainingEvidence.when(raised.getWindowTo()) + ".\n\n" + message
                + (raised.isAutomatic() ? "\n\nThe policy starts the run at once." : "\n\nAccept to run the job, or decline with a reason."));
        if (raised.isAutomatic()) {
            UUID id = raised.getId();
            try {
                RunDispatcher.actingFor(policyOwner(policy), () -> {
                    tx.executeWithoutResult(s -> begin(id, "started-automatically"));
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn("The retraining recommendation {} of {} could not start its run: {}", id, raised.getModelName(), e.getMessage());
                tx.executeWithoutResult(s -> events.publishEvent(new RecommendationStep(id, raised.getAreaId(), raised.getModelName(),
                        "start-failed", Map.of("reason", String.valueOf(e.getMessage())), Trace.system(clock))));
            }
        }
    }

    private static boolean names(RetrainingPolicy policy, String check) {
        return switch (check) {
            case DRIFT -> policy.isOnDrift();
            case PERFORMANCE -> policy.isOnPerformance();
            case ESTIMATED_PERFORMANCE -> policy.isOnEstimate();
            default -> false;
        };
    }

    // --- recommendations

    /** The recommendations of the caller's areas, newest first; {@code underWay}: only those open, training or trained. */
    public Page<RecommendationView> recommendations(Pageable pageable, boolean underWay) {
        Set<UUID> readable = access.readableAreaIds();
        Pageable sorted = PageRequest.of(Math.max(0, pageable.getPageNumber()), Math.min(Math.max(1, pageable.getPageSize()), 200),
                Sort.by(Sort.Direction.DESC, "createdAt"));
        if (readable.isEmpty()) {
            return Page.empty(sorted);
        }
        return (underWay ? recommendations.findByAreaIdInAndStateIn(readable, EnumSet.of(Recommendation.State.OPEN,
                Recommendation.State.TRAINING, Recommendation.State.TRAINED), sorted) : recommendations.findByAreaIdIn(readable, sorted))
                .map(this::view);
    }

    public RecommendationView recommendation(UUID id) {
        return view(readable(id));
    }

    /** The model's recommendations, newest first (at most 20): the chain alert → recommendation → run → version → change. */
    public List<RecommendationView> ofModel(UUID modelId) {
        ModelView model = registry.get(modelId);
        access.requireRead(model.areaId(), "model", modelId);
        return recommendations.findTop20ByModelIdOrderByCreatedAtDesc(modelId).stream().map(this::view).toList();
    }

    /** Whether the caller may act on the recommendation. */
    public boolean canAct(UUID id) {
        return access.canAct(readable(id).getAreaId());
    }

    /** Accepts the recommendation: its job runs on its fresh window, for the caller, recorded as triggered by it. */
    @Transactional
    public RecommendationView accept(UUID id, long expectedVersion) {
        Recommendation r = actable(id);
        requireVersion(r, expectedVersion);
        begin(id, "accepted");
        return view(recommendations.findById(id).orElseThrow());
    }

    /** Declines the recommendation, with a reason (required); the model may get a new one from a later alert. */
    @Transactional
    public RecommendationView decline(UUID id, String reason, long expectedVersion) {
        Recommendation r = actable(id);
        requireVersion(r, expectedVersion);
        if (reason == null || reason.strip().length() < 10) {
            throw new InvalidRequestException("reason", "Say why the model should not be retrained now, in a sentence");
        }
        if (reason.length() > 2000) {
            throw new InvalidRequestException("reason", "At most 2,000 characters");
        }
        SignedInUser me = CurrentUser.require();
        step(r, rec -> rec.declined(me.actorName(), me.displayName(), reason.strip(), clock.instant()));
        events.publishEvent(new RecommendationStep(r.getId(), r.getAreaId(), r.getModelName(), "declined", Map.of("reason", reason.strip()),
                Trace.capture(clock)));
        return view(r);
    }

    /** Starts the recommendation's run as the signed-in person (a data scientist, or the policy's owner acting automatically). */
    private void begin(UUID id, String how) {
        Recommendation r = recommendations.findById(id).orElseThrow(() -> new NotFoundException("retraining recommendation", id));
        if (r.getState() != Recommendation.State.OPEN) {
            throw new InvalidRequestException("state", "The recommendation is " + r.getState().name().toLowerCase() + "; only an open one starts a run");
        }
        TrainingRunView run = training.start(r.getJobId(), r.getId(), r.getWindowFrom(), r.getWindowTo());
        SignedInUser me = CurrentUser.require();
        step(r, rec -> rec.started(run.id(), me.actorName(), me.displayName(), clock.instant()));
        events.publishEvent(new RecommendationStep(r.getId(), r.getAreaId(), r.getModelName(), how,
                Map.of("job", r.getJobName(), "run", run.number(), "runId", run.id().toString(), "window", r.getWindowFrom() + " to " + r.getWindowTo()),
                "started-automatically".equals(how) ? Trace.system(clock) : Trace.capture(clock)));
    }

    // --- the run's outcome: a challenger, compared

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    @PreAuthorize("permitAll()")
    void on(TrainingRunStateChanged changed) {
        RunState to = RunState.valueOf(changed.to());
        if (!to.finished()) {
            return;
        }
        SystemActor.run(() -> ended(changed.runId(), to, changed.reason()));
    }

    void ended(UUID runId, RunState end, String reason) {
        Recommendation r = recommendations.findByRunId(runId).orElse(null);
        if (r == null || r.getState() != Recommendation.State.TRAINING) {
            return;
        }
        TrainingRun run = runs.findById(runId).orElseThrow();
        if (end != RunState.SUCCEEDED || run.getModelVersionId() == null) {
            tx.executeWithoutResult(s -> {
                Recommendation rec = recommendations.findById(r.getId()).orElseThrow();
                rec.failed("Run " + run.getNumber() + " of " + rec.getJobName() + " ended " + end.name().toLowerCase() + ": " + reason);
                recommendations.saveAndFlush(rec);
                events.publishEvent(new RecommendationStep(rec.getId(), rec.getAreaId(), rec.getModelName(), "failed",
                        Map.of("run", run.getNumber(), "state", end.name(), "reason", String.valueOf(reason)), Trace.system(clock)));
            });
            tell(r, "Retraining of " + r.getModelName() + " registered nothing", "Run " + run.getNumber() + " of " + r.getJobName()
                    + " ended " + end.name().toLowerCase() + ": " + reason);
            return;
        }
        tx.executeWithoutResult(s -> {
            Recommendation rec = recommendations.findById(r.getId()).orElseThrow();
            rec.trained(run.getModelVersionId(), run.getModelVersion());
            recommendations.saveAndFlush(rec);
            events.publishEvent(new RecommendationStep(rec.getId(), rec.getAreaId(), rec.getModelName(), "trained",
                    Map.of("run", run.getNumber(), "challenger", "v" + run.getModelVersion()), Trace.system(clock)));
        });
        ComparisonView compared = compareNow(r.getId());
        tell(r, "Challenger " + r.getModelName() + " v" + run.getModelVersion() + " compared with the champion",
                compared.done() ? "On " + compared.rows() + " matured, labelled rows of " + r.getDeploymentName() + ": " + headline(compared)
                        : "It could not be compared yet: " + compared.reason());
    }

    /** Compares the recommendation's challenger with its champion again (e.g. once more labels have matured). */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public ComparisonView compare(UUID id) {
        Recommendation r = actable(id);
        if (r.getChallengerVersionId() == null) {
            throw new InvalidRequestException("state", "The recommendation has no challenger yet");
        }
        return SystemActor.call(() -> compareNow(r.getId()));
    }

    private ComparisonView compareNow(UUID recommendationId) {
        Recommendation r = recommendations.findById(recommendationId).orElseThrow();
        Instant now = clock.instant();
        ChallengerComparison stored = comparer.compare(r, r.getWindowTo(), now);
        tx.executeWithoutResult(s -> {
            comparisons.saveAndFlush(stored);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("champion", "v" + r.getChampionVersion());
            d.put("challenger", "v" + r.getChallengerVersion());
            d.put("state", stored.getState());
            d.put("rows", stored.getRowsCompared());
            if (stored.getReason() != null) {
                d.put("reason", stored.getReason());
            }
            events.publishEvent(new RecommendationStep(r.getId(), r.getAreaId(), r.getModelName(), "compared", d, Trace.system(clock)));
        });
        return ChallengerComparer.view(stored);
    }

    /** The newest comparison of the recommendation's challenger, if any. */
    public Optional<ComparisonView> comparison(UUID id) {
        Recommendation r = readable(id);
        return comparisons.findFirstByRecommendationIdOrderByComputedAtDesc(r.getId()).map(ChallengerComparer::view);
    }

    static String headline(ComparisonView c) {
        if (c.champion().auc() != null && c.challenger().auc() != null) {
            return String.format(java.util.Locale.ROOT, "AUC %.3f against the champion's %.3f; Brier %.4f against %.4f", c.challenger().auc(),
                    c.champion().auc(), c.challenger().brier(), c.champion().brier());
        }
        if (c.champion().mae() != null && c.challenger().mae() != null) {
            return String.format(java.util.Locale.ROOT, "MAE %.4f against the champion's %.4f", c.challenger().mae(), c.champion().mae());
        }
        return "figures on the recommendation's page";
    }

    // --- promotion

    /**
     * Asks to promote the challenger: a release of it on the champion's endpoint, in the champion's environment, through
     * the deployments' usual change request, whose evidence adds the alert, the recommendation and the comparison. For
     * risk tiers 1 and 2 a model-risk reviewer must approve whatever the change's type.
     */
    @Transactional
    public RecommendationView requestPromotion(UUID id, PromotionDraft draft, long expectedVersion) {
        Recommendation r = actable(id);
        requireVersion(r, expectedVersion);
        Validation.check(validator, draft, "promotion");
        if (r.getState() != Recommendation.State.TRAINED) {
            throw new InvalidRequestException("state", "Only a trained challenger can be promoted; the recommendation is "
                    + r.getState().name().toLowerCase());
        }
        if (comparisons.findFirstByRecommendationIdOrderByComputedAtDesc(r.getId()).filter(c -> "DONE".equals(c.getState())).isEmpty()) {
            throw new InvalidRequestException("state", "Compare the challenger with the champion first: no comparison has figures yet");
        }
        DeploymentView champion = deployments.get(r.getReleaseId());
        Rollout rollout = draft.rollout() == null ? Rollout.ALL_AT_ONCE : draft.rollout();
        if (rollout == Rollout.ROLLBACK) {
            throw new InvalidRequestException("rollout", "A promotion is all at once or a canary");
        }
        DeploymentView requested = deployments.request(new DeploymentDraft(r.getChallengerVersionId(), champion.name(), champion.environment(),
                champion.mode(), champion.target(), rollout, rollout == Rollout.CANARY ? draft.canaryPercent() : null,
                new DeploymentDraft.Resources(champion.replicas(), champion.cpu(), champion.memory()), null, null, champion.logSamplePercent(),
                null, draft.justification().strip(), draft.rollbackPlan()));
        step(r, rec -> rec.promoting(requested.id(), requested.changeId()));
        events.publishEvent(new RecommendationStep(r.getId(), r.getAreaId(), r.getModelName(), "promotion-requested",
                Map.of("challenger", "v" + r.getChallengerVersion(), "deployment", requested.name(), "change",
                        String.valueOf(requested.changeId()), "environment", champion.environment().name()), Trace.capture(clock)));
        return view(r);
    }

    /** The recommendation that produced a version (its challenger), if any; for the evidence of its change requests. */
    Optional<Recommendation> producing(UUID versionId) {
        return recommendations.findFirstByChallengerVersionIdOrderByCreatedAtDesc(versionId);
    }

    // --- helpers

    // --- the promotion's release takes all traffic: the challenger is the champion

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    @PreAuthorize("permitAll()")
    void on(DeploymentStateChanged changed) {
        if (changed.to() == DeploymentState.LIVE) {
            SystemActor.run(() -> {
                if (deployments.get(changed.deploymentId()).rollout() != Rollout.CANARY) {
                    promoted(changed.deploymentId());
                }
            });
        }
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    @PreAuthorize("permitAll()")
    void on(CanaryPromoted promoted) {
        SystemActor.run(() -> promoted(promoted.deploymentId()));
    }

    /** The recommendation whose promotion this release is ends PROMOTED, and the registry's champion alias follows the endpoint. */
    void promoted(UUID deploymentId) {
        Recommendation r = recommendations.findByDeploymentIdAndState(deploymentId, Recommendation.State.PROMOTING).orElse(null);
        if (r == null) {
            return;
        }
        tx.executeWithoutResult(s -> {
            Recommendation rec = recommendations.findById(r.getId()).orElseThrow();
            rec.promoted();
            recommendations.saveAndFlush(rec);
            events.publishEvent(new RecommendationStep(rec.getId(), rec.getAreaId(), rec.getModelName(), "promoted",
                    Map.of("challenger", "v" + rec.getChallengerVersion(), "deployment", rec.getDeploymentName()), Trace.system(clock)));
        });
        registry.moveAlias(r.getModelId(), ModelView.CHAMPION, r.getChallengerVersion());
        tell(r, r.getModelName() + " v" + r.getChallengerVersion() + " is the champion",
                "Its release takes all of " + r.getDeploymentName() + "'s calls; the registry's champion is v" + r.getChallengerVersion() + ".");
    }

    private void tell(Recommendation r, String subject, String body) {
        Set<UUID> told = new HashSet<>();
        for (MemberSummary member : areas.members(r.getAreaId())) {
            if (member.role() == AreaRole.DATA_SCIENTIST && told.add(member.userId())) {
                notifications.send(new NotificationRequest(r.getAreaId(), member.userId(), "training.retraining-recommendation", subject, body,
                        "/training/recommendations/" + r.getId(), null, Map.of("recommendation", r.getId().toString(), "model",
                                r.getModelName(), "state", r.getState().name())));
            }
        }
    }

    private void step(Recommendation r, java.util.function.Consumer<Recommendation> change) {
        try {
            change.accept(r);
        } catch (IllegalStateException e) {
            throw new InvalidRequestException("state", e.getMessage());
        }
        recommendations.saveAndFlush(r);
    }

    private static void requireVersion(Recommendation r, long expected) {
        if (r.getVersion() != expected) {
            throw new ObjectOptimisticLockingFailureException(Recommendation.class, r.getId());
        }
    }

    private Recommendation readable(UUID id) {
        Recommendation r = recommendations.findById(id).orElseThrow(() -> new NotFoundException("retraining recommendation", id));
        access.requireRead(r.getAreaId(), "retraining recommendation", id);
        return r;
    }

    private Recommendation actable(UUID id) {
        Recommendation r = readable(id);
        access.requireAct(r.getAreaId(), "retraining recommendation", id);
        return r;
    }

    private static TrainingRun.Requester requester(SignedInUser me) {
        return new TrainingRun.Requester(me.userId(), me.username(), me.displayName(), me.actorType().name(),
                me.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")), me.tokenName(), me.areaScope());
    }

    /** Who a policy's automatic runs act for: whoever set it, with the roles they had then. */
    private static SignedInUser policyOwner(RetrainingPolicy p) {
        Set<Role> roles = p.getSetByRoles().isBlank() ? Set.of()
                : java.util.Arrays.stream(p.getSetByRoles().split(",")).map(Role::valueOf).collect(Collectors.toSet());
        return new SignedInUser(p.getSetById(), p.getSetBy(), p.getSetByName(), roles,
                io.esteira.shared.security.ActorType.valueOf(p.getSetByType()), null, null);
    }

    private RetrainingPolicyView view(RetrainingPolicy p) {
        String job = jobs.findById(p.getJobId()).map(TrainingJob::getName).orElse("?");
        return new RetrainingPolicyView(p.getModelId(), p.getAreaId(), p.getModelName(), p.getJobId(), job, p.isOnDrift(), p.isOnPerformance(),
                p.isOnEstimate(), p.getStartMode() == RetrainingPolicy.StartMode.AUTOMATIC, p.getWindowDays(), p.getLabelDelayHours(),
                p.getSetByName(), p.getUpdatedAt(), p.getVersion());
    }

    RecommendationView view(Recommendation r) {
        TrainingRun run = r.getRunId() == null ? null : runs.findById(r.getRunId()).orElse(null);
        RecommendationView.Evidence e = TrainingService.JSON.readValue(r.getEvidence(), RecommendationView.Evidence.class);
        return new RecommendationView(r.getId(), r.getAreaId(), r.getModelId(), r.getModelName(), r.getJobId(), r.getJobName(), r.getAlertId(),
                r.getAlertCheck(), r.getAlertMessage(), r.getAlertWindow(), r.getAlertsSeen(), r.getReleaseId(), r.getDeploymentName(),
                r.getChampionVersionId(), r.getChampionVersion(), e, r.getState().name(), r.isAutomatic(), r.getWindowFrom(), r.getWindowTo(),
                r.getCreatedAt(), r.getDecidedByName(), r.getDecidedAt(), r.getReason(), r.getRunId(), run == null ? null : run.getNumber(),
                run == null ? null : run.getState().name(), r.getChallengerVersionId(), r.getChallengerVersion(), r.getDeploymentId(),
                r.getChangeId(), r.getVersion());
    }
}
