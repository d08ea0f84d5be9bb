package io.esteira.monitoring;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.ChangeEvents.ChangeApproved;
import io.esteira.changes.ChangeEvents.ChangeExpired;
import io.esteira.changes.ChangeEvents.ChangeRejected;
import io.esteira.changes.ChangeEvents.ChangeStepRecorded;
import io.esteira.changes.ChangeImplementations;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.models.ModelRegistry;
import io.esteira.models.TensorSpec;
import io.esteira.models.VersionView;
import io.esteira.monitoring.MonitoringEvents.MonitorChangeRecorded;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.domain.MonitorChange;
import io.esteira.monitoring.domain.MonitorChanges;
import io.esteira.monitoring.domain.Monitors;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.SystemActor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes of a release's monitor go through change management: a data scientist of the area proposes
 * new settings, which become the subject of a change request (type {@code monitor}) with the settings
 * in force and proposed as evidence; reviewers decide it by the change policy (a risk-tier-3 model's
 * staging monitor is a standard change, approved by policy at once). Only an approved request changes
 * the monitor, and only if the monitor is still the one the proposal was made against; a rejected,
 * withdrawn or expired request leaves it as it is. A monitor has at most one pending proposal. Every
 * step is audited. Reviewers and managers read monitors; only the area's data scientists propose.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class MonitorChangeService {

    static final String SUBJECT = "monitor";
    private static final Logger log = LoggerFactory.getLogger(MonitorChangeService.class);

    private final Monitors monitors;
    private final MonitorChanges proposals;
    private final MonitoringAlerts alerts;
    private final DeploymentService deployments;
    private final ModelRegistry registry;
    private final PersonalData personalData;
    private final ChangeQueries changeQueries;
    private final ChangeSubmissions changeSubmissions;
    private final ChangeImplementations changeImplementations;
    private final AreaAccess access;
    private final SegmentPlans plans;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;

    MonitorChangeService(Monitors monitors, MonitorChanges proposals, MonitoringAlerts alerts, DeploymentService deployments,
            ModelRegistry registry, PersonalData personalData, ChangeQueries changeQueries, ChangeSubmissions changeSubmissions,
            ChangeImplementations changeImplementations, AreaAccess access, SegmentPlans plans,
            ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactionManager) {
        this.monitors = monitors;
        this.proposals = proposals;
        this.alerts = alerts;
        this.deployments = deployments;
        this.registry = registry;
        this.personalData = personalData;
        this.changeQueries = changeQueries;
        this.changeSubmissions = changeSubmissions;
        this.changeImplementations = changeImplementations;
        this.access = access;
        this.plans = plans;
        this.events = events;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    }

    /** Whether the signed-in user may propose changes to the release's monitor (screens hide the action otherwise). */
    public boolean mayPropose(UUID areaId) {
        return access.canAct(areaId);
    }

    /**
     * The release's monitor in force, its pending proposal and the last proposals.
     *
     * @throws NotFoundException when the caller may not read the release
     */
    @Transactional
    public MonitorView monitor(UUID releaseId) {
        DeploymentView release = deployments.get(releaseId);
        Monitor monitor = alerts.monitorOf(release.id(), release.areaId());
        List<MonitorView.Change> recent = proposals.findTop10ByDeploymentIdOrderByProposedAtDesc(releaseId).stream()
                .map(c -> view(c, c.getState() == MonitorChange.State.PENDING && c.getChangeId() != null
                        ? SystemActor.call(() -> changeQueries.get(c.getChangeId())).state().name() : null)).toList();
        return new MonitorView(release.id(), release.areaId(), release.name(), release.model(), release.modelVersion(),
                release.environment().name(), settings(monitor), monitor.getSettingsVersion(), segmentable(release),
                recent.stream().filter(c -> c.state().equals(MonitorChange.State.PENDING.name())).findFirst().orElse(null), recent);
    }

    /**
     * Proposes new settings for a release's monitor: stores the proposal and submits its change request.
     *
     * @throws NotFoundException       when the caller may not read the release
     * @throws ForbiddenException      when they may read but not change it (reviewers, managers)
     * @throws InvalidRequestException for bad settings (naming the field), a second pending proposal, or a stale monitor version
     */
    @Transactional
    public MonitorView propose(UUID releaseId, MonitorProposal proposal) {
        DeploymentView release = deployments.get(releaseId);
        if (!access.canAct(release.areaId())) {
            throw new ForbiddenException("Only data scientists of the area of " + release.name() + " propose changes to its monitor; "
                    + "you may read it");
        }
        if (proposal == null || proposal.settings() == null) {
            throw new InvalidRequestException("settings", "Propose the monitor's new settings");
        }
        alerts.monitorOf(release.id(), release.areaId());
        Monitor monitor = monitors.lockById(release.id()).orElseThrow();
        MonitorChange pending = pendingOf(release.id());
        if (pending != null) {
            throw new InvalidRequestException("settings", "The monitor of " + release.name() + " has a pending change, proposed by "
                    + pending.getProposedBy() + ": wait for its decision, or withdraw its change request first");
        }
        if (proposal.monitorVersion() != null && proposal.monitorVersion() != monitor.getSettingsVersion()) {
            throw new InvalidRequestException("monitorVersion", "The monitor of " + release.name() + " changed since you read it: "
                    + "read it again and propose from what is in force now");
        }
        MonitorSettings inForce = settings(monitor);
        MonitorSettings proposed = validated(release, inForce, proposal.settings());
        SignedInUser me = CurrentUser.require();
        MonitorChange change = proposals.saveAndFlush(new MonitorChange(release.id(), release.areaId(), monitor.getSettingsVersion(),
                proposed.warningPsi(), proposed.breachPsi(), proposed.minimumRows(), proposed.consecutive(), proposed.cooldownMinutes(),
                proposed.segmentFeatures(), inForce.inWords(), me.displayName(), me.userId(), clock.instant()));
        change.judgePerformance(auc(proposed.minimumAuc()), proposed.maturityCoverage(), proposed.maturityDelayHours());
        ChangeRequestView request = changeSubmissions.submit(new ChangeRequestDraft(SUBJECT, change.getId().toString(), release.environment(), false,
                proposal.justification(), null, null, "Propose the settings in force before this change again: " + inForce.inWords()));
        change.submitted(request.id());
        proposals.saveAndFlush(change);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deployment", release.name());
        details.put("changeRequest", request.id().toString());
        details.put("from", inForce.inWords());
        details.put("to", proposed.inWords());
        events.publishEvent(new MonitorChangeRecorded(change.getId(), release.areaId(), release.id(), "change-proposed", details,
                Trace.capture(clock)));
        return monitor(releaseId);
    }

    // ------------------------------------------------------------ the change request's decisions

    @ApplicationModuleListener
    @PreAuthorize("permitAll()")
    void on(ChangeApproved approved) {
        if (SUBJECT.equals(approved.subjectType())) {
            SystemActor.run(() -> apply(UUID.fromString(approved.subjectId()), approved.changeId(), approved.environment()));
        }
    }

    @ApplicationModuleListener
    @PreAuthorize("permitAll()")
    void on(ChangeRejected rejected) {
        if (SUBJECT.equals(rejected.subjectType())) {
            SystemActor.run(() -> close(rejected.changeId(), MonitorChange.State.REJECTED, "Rejected by " + rejected.reviewer() + ": "
                    + rejected.comment()));
        }
    }

    @ApplicationModuleListener
    @PreAuthorize("permitAll()")
    void on(ChangeExpired expired) {
        if (SUBJECT.equals(expired.subjectType())) {
            SystemActor.run(() -> close(expired.changeId(), MonitorChange.State.EXPIRED, "Its change request expired: " + expired.reason()));
        }
    }

    @ApplicationModuleListener
    @PreAuthorize("permitAll()")
    void on(ChangeStepRecorded step) {
        if (step.step().equals("withdrawn")) {
            SystemActor.run(() -> close(step.changeId(), MonitorChange.State.WITHDRAWN, "Its change request was withdrawn"));
        }
    }

    /** Applies an approved proposal to its monitor, unless the monitor changed since; then marks the change request implemented. */
    void apply(UUID proposalId, UUID changeId, io.esteira.changes.Environment approvedFor) {
        try {
            tx.executeWithoutResult(s -> {
                MonitorChange change = proposals.findById(proposalId).orElse(null);
                if (change == null || !changeId.equals(change.getChangeId()) || change.getState() != MonitorChange.State.PENDING) {
                    return; // applied already (the approval delivered again), or never to be
                }
                Monitor monitor = monitors.lockById(change.getDeploymentId()).orElseThrow();
                DeploymentView release = deployments.get(change.getDeploymentId());
                String notApplied = monitor.getSettingsVersion() != change.getBaseVersion()
                        ? "Not applied: the monitor changed after this proposal was made"
                        : !release.live() ? "Not applied: the release is no longer live (" + release.state() + ")"
                        : approvedFor != release.environment() ? "Not applied: its change request was approved for " + approvedFor
                                + ", but the monitor is of a " + release.environment() + " release"
                        : null;
                if (notApplied != null) {
                    change.close(MonitorChange.State.STALE, notApplied, clock.instant());
                    proposals.saveAndFlush(change);
                    events.publishEvent(new MonitorChangeRecorded(change.getId(), change.getAreaId(), change.getDeploymentId(), "change-stale",
                            Map.of("deployment", release.name(), "changeRequest", changeId.toString()), Trace.capture(clock)));
                    return;
                }
                String before = settings(monitor).inWords();
                monitor.change(change.getWarningPsi(), change.getBreachPsi(), change.getMinimumRows(), change.getConsecutive(),
                        change.getCooldownMinutes(), change.getSegmentFeatures());
                if (change.getMaturityCoverage() != null && change.getMaturityDelayHours() != null) {
                    monitor.judgePerformance(change.getMinimumAuc(), change.getMaturityCoverage(), change.getMaturityDelayHours());
                }
                monitors.saveAndFlush(monitor);
                change.close(MonitorChange.State.APPLIED, "Applied on approval", clock.instant());
                proposals.saveAndFlush(change);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("deployment", release.name());
                details.put("changeRequest", changeId.toString());
                details.put("from", before);
                details.put("to", settings(monitor).inWords());
                events.publishEvent(new MonitorChangeRecorded(change.getId(), change.getAreaId(), change.getDeploymentId(), "changed", details,
                        Trace.capture(clock)));
                changeImplementations.markImplemented(changeId, "The monitor of " + release.name() + " now has " + settings(monitor).inWords());
            });
            plans.forget(proposals.findById(proposalId).map(MonitorChange::getDeploymentId).orElse(null));
        } catch (RuntimeException e) {
            log.warn("The approved monitor change {} could not be applied: {}", proposalId, e.getMessage());
        }
    }

    private void close(UUID changeId, MonitorChange.State to, String why) {
        tx.executeWithoutResult(s -> proposals.findByChangeId(changeId).filter(c -> c.getState() == MonitorChange.State.PENDING)
                .ifPresent(c -> closeNow(c, to, why)));
    }

    private void closeNow(MonitorChange change, MonitorChange.State to, String why) {
        change.close(to, why, clock.instant());
        proposals.saveAndFlush(change);
        events.publishEvent(new MonitorChangeRecorded(change.getId(), change.getAreaId(), change.getDeploymentId(),
                "change-" + to.name().toLowerCase(Locale.ROOT), Map.of("changeRequest", String.valueOf(change.getChangeId()), "why", why),
                Trace.capture(clock)));
    }

    /** The pending proposal of a monitor; one whose change request ended meanwhile (its event not handled yet) is closed first. */
    private MonitorChange pendingOf(UUID releaseId) {
        MonitorChange pending = proposals.findFirstByDeploymentIdAndState(releaseId, MonitorChange.State.PENDING).orElse(null);
        if (pending == null || pending.getChangeId() == null) {
            return pending;
        }
        ChangeRequestView request = SystemActor.call(() -> changeQueries.get(pending.getChangeId()));
        return switch (request.state()) {
            case REJECTED -> closed(pending, MonitorChange.State.REJECTED, "Its change request was rejected");
            case WITHDRAWN -> closed(pending, MonitorChange.State.WITHDRAWN, "Its change request was withdrawn");
            case EXPIRED -> closed(pending, MonitorChange.State.EXPIRED, "Its change request expired");
            default -> pending;
        };
    }

    private MonitorChange closed(MonitorChange pending, MonitorChange.State to, String why) {
        closeNow(pending, to, why);
        return null;
    }

    // ------------------------------------------------------------ the rules of a proposal

    /** The proposal with nulls filled from what is in force, checked; the first problem per field, all at once. */
    private MonitorSettings validated(DeploymentView release, MonitorSettings inForce, MonitorSettings asked) {
        MonitorSettings p = new MonitorSettings(or(asked.warningPsi(), inForce.warningPsi()), or(asked.breachPsi(), inForce.breachPsi()),
                or(asked.minimumRows(), inForce.minimumRows()), or(asked.consecutive(), inForce.consecutive()),
                or(asked.cooldownMinutes(), inForce.cooldownMinutes()),
                asked.segmentFeatures() == null ? inForce.segmentFeatures()
                        : asked.segmentFeatures().stream().map(f -> f == null ? "" : f.strip()).toList(),
                or(asked.minimumAuc(), inForce.minimumAuc()), or(asked.maturityCoverage(), inForce.maturityCoverage()),
                or(asked.maturityDelayHours(), inForce.maturityDelayHours()));
        Map<String, String> errors = new LinkedHashMap<>();
        if (!(p.warningPsi() > 0) || p.warningPsi() > 10) {
            errors.put("warningPsi", "The warning PSI lies above 0 and at most 10");
        }
        if (!(p.breachPsi() > 0) || p.breachPsi() > 10) {
            errors.put("breachPsi", "The breach PSI lies above 0 and at most 10");
        } else if (p.breachPsi() < p.warningPsi()) {
            errors.put("breachPsi", "The breach PSI (" + p.breachPsi() + ") cannot be below the warning PSI (" + p.warningPsi() + ")");
        }
        if (p.minimumRows() < 1 || p.minimumRows() > 10_000_000) {
            errors.put("minimumRows", "The minimum rows lie between 1 and 10,000,000");
        }
        if (p.consecutive() < 1 || p.consecutive() > 48) {
            errors.put("consecutive", "Between 1 and 48 consecutive hours");
        }
        if (p.cooldownMinutes() < 0 || p.cooldownMinutes() > 10_080) {
            errors.put("cooldownMinutes", "A cooldown between 0 and 10,080 minutes (a week)");
        }
        if (!(p.minimumAuc() >= 0 && p.minimumAuc() < 1)) {
            errors.put("minimumAuc", "A minimum AUC from 0 (not judged) to below 1");
        }
        if (!(p.maturityCoverage() > 0 && p.maturityCoverage() <= 1)) {
            errors.put("maturityCoverage", "A label coverage above 0 and at most 1 (100%)");
        }
        if (p.maturityDelayHours() < 1 || p.maturityDelayHours() > 2_160) {
            errors.put("maturityDelayHours", "Between 1 and 2,160 hours (90 days)");
        }
        List<String> segments = p.segmentFeatures();
        List<String> allowed = segmentable(release);
        if (segments.size() > 2) {
            errors.put("segmentFeatures", "At most two segment features");
        } else if (new LinkedHashSet<>(segments).size() != segments.size()) {
            errors.put("segmentFeatures", "Name each segment feature once");
        } else {
            segments.stream().filter(f -> !allowed.contains(f)).findFirst().ifPresent(f -> errors.put("segmentFeatures", "'" + cut(f)
                    + "' is not a categorical input feature of " + release.model() + " v" + release.modelVersion() + " that may segment: "
                    + (allowed.isEmpty() ? "it has none" : "choose from " + String.join(", ", allowed))));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The monitor settings are not valid: " + String.join(", ", errors.keySet()), errors);
        }
        if (p.equals(inForce)) {
            throw new InvalidRequestException("settings", "The proposal changes nothing: these settings are in force already");
        }
        return p;
    }

    /** The categorical (string or boolean) inputs of the release's version that are not personal data. */
    private List<String> segmentable(DeploymentView release) {
        VersionView version = SystemActor.call(() -> registry.versionById(release.modelVersionId()));
        if (version.signature() == null) {
            return List.of();
        }
        Set<String> personal = personalData.inputsOf(release.id());
        List<String> features = new ArrayList<>();
        for (TensorSpec input : version.signature().inputs()) {
            if ((input.type().equals("string") || input.type().equals("bool")) && !personal.contains(input.name())) {
                features.add(input.name());
            }
        }
        return features;
    }

    static MonitorSettings settings(Monitor m) {
        return new MonitorSettings(m.getWarningPsi(), m.getBreachPsi(), m.getMinimumRows(), m.getConsecutive(), m.getCooldownMinutes(),
                m.getSegmentFeatures(), m.getMinimumAuc() == null ? 0.0 : m.getMinimumAuc(), m.getMaturityCoverage(), m.getMaturityDelayHours());
    }

    /** A proposal's settings as they were proposed (its performance thresholds, when it has them). */
    static MonitorSettings settings(MonitorChange c) {
        return new MonitorSettings(c.getWarningPsi(), c.getBreachPsi(), c.getMinimumRows(), c.getConsecutive(), c.getCooldownMinutes(),
                c.getSegmentFeatures(), c.getMaturityCoverage() == null ? null : c.getMinimumAuc() == null ? 0.0 : c.getMinimumAuc(),
                c.getMaturityCoverage(), c.getMaturityDelayHours());
    }

    /** 0 in a proposal: the AUC is not judged (null on the monitor). */
    private static Double auc(Double minimumAuc) {
        return minimumAuc == null || minimumAuc == 0 ? null : minimumAuc;
    }

    private static MonitorView.Change view(MonitorChange c, String requestState) {
        return new MonitorView.Change(c.getId(), c.getChangeId(), c.getState().name(), settings(c), c.getPrevious(), c.getProposedBy(),
                c.getProposedAt(), c.getClosedAt(), c.getOutcome(), requestState);
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 59) + "…" : s;
    }
}
