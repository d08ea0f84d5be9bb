package io.esteira.deployments.rollout;

import io.esteira.changes.ChangeEvents.ChangeApproved;
import io.esteira.changes.ChangeEvents.ChangeRejected;
import io.esteira.changes.ChangeImplementations;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.deployments.DeploymentEvents.CanaryPromoted;
import io.esteira.deployments.DeploymentEvents.DeploymentStateChanged;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.Rollout;
import io.esteira.deployments.costs.DeploymentMetering;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.deployments.serving.ServingTarget;
import io.esteira.deployments.serving.ServingTargets;
import io.esteira.models.ModelRegistry;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.SystemActor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out releases: on approval APPROVED; inside the change window DEPLOYING, the release brought
 * into service by its target, LIVE, the release it replaces retired, and the change request marked
 * implemented; any failure leaves it FAILED with the reason. An approval that comes before the window
 * waits for it (a one-time Quartz trigger, kept in the job store); one that comes after it fails the
 * release. A rejected change leaves it REJECTED. A listener of the event publication registry: an
 * approval given just before a node died is carried out after the restart, and a release that a
 * stopped node left APPROVED or DEPLOYING is deployed again when the approval is delivered again.
 * Promotions and retirements of live releases go through here too, so that every move is one of
 * the lifecycle's and is audited.
 */
@Component
public class DeploymentRollout {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRollout.class);

    private final Deployments deployments;
    private final ChangeQueries changeQueries;
    private final ChangeImplementations changeImplementations;
    private final ModelRegistry registry;
    private final ServingTargets targets;
    private final DeploymentWindows windows;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final DeploymentMetering metering;
    private final String node;
    private final Clock clock;

    DeploymentRollout(Deployments deployments, ChangeQueries changeQueries, ChangeImplementations changeImplementations,
            ModelRegistry registry, ServingTargets targets,
            DeploymentWindows windows, ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
            DeploymentMetering metering, @Value("${esteira.node-id:local}") String node, Clock clock) {
        this.clock = clock;
        this.metering = metering;
        this.deployments = deployments;
        this.changeQueries = changeQueries;
        this.changeImplementations = changeImplementations;
        this.registry = registry;
        this.targets = targets;
        this.windows = windows;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.node = node;
    }

    // The ids are the ones these listeners had in the module's root package: the event publication registry stores them
    // with every approval and rejection not yet handled, and hands those over after a restart only to a listener of that id.
    @ApplicationModuleListener(id = "io.esteira.deployments.DeploymentRollout.on(io.esteira.changes.ChangeEvents$ChangeApproved)")
    void on(ChangeApproved approved) {
        if (DeploymentChanges.TYPE.equals(approved.subjectType())) {
            SystemActor.run(() -> deploy(UUID.fromString(approved.subjectId()), approved.changeId()));
        }
    }

    @ApplicationModuleListener(id = "io.esteira.deployments.DeploymentRollout.on(io.esteira.changes.ChangeEvents$ChangeRejected)")
    void on(ChangeRejected rejected) {
        if (DeploymentChanges.TYPE.equals(rejected.subjectType())) {
            SystemActor.run(() -> tx.executeWithoutResult(s -> deployments.findById(UUID.fromString(rejected.subjectId()))
                    .filter(d -> d.getState() == DeploymentState.PENDING_APPROVAL)
                    .ifPresent(d -> move(d, DeploymentState.REJECTED, rejected.reviewer() + " rejected its change request: " + rejected.comment()))));
        }
    }

    /** Deploys an approved release now if its window is open, later if it has not opened yet. */
    public void deploy(UUID deploymentId, UUID changeId) {
        Instant now = clock.instant();
        Deployment started = tx.execute(s -> deployments.findById(deploymentId)
                .filter(d -> changeId.equals(d.getChangeId()))
                .map(d -> {
                    switch (d.getState()) {
                        case PENDING_APPROVAL -> move(d, DeploymentState.APPROVED, null);
                        case APPROVED -> { }
                        case DEPLOYING -> log.info("Deployment {} was left DEPLOYING (a node stopped meanwhile); deploying it again", d.getName());
                        default -> {
                            return null; // carried out already, or never to be
                        }
                    }
                    if (d.getState() == DeploymentState.APPROVED) {
                        // the change request holds the window as approved (its requester may have edited it since the release was requested)
                        ChangeRequestView change = changeQueries.get(changeId);
                        if (change.environment() != d.getEnvironment()) {
                            // its requester edited the request to another environment, whose policy is not this release's
                            move(d, DeploymentState.FAILED, "Its change request was approved for " + change.environment()
                                    + ", but the release is for " + d.getEnvironment());
                            return null;
                        }
                        if (change.windowEnd() != null && now.isAfter(change.windowEnd())) {
                            move(d, DeploymentState.FAILED, "Its change window closed at " + change.windowEnd() + " before it could be deployed");
                            return null;
                        }
                        if (change.windowStart() != null && now.isBefore(change.windowStart())) {
                            windows.deployAt(d.getId(), d.getChangeId(), change.windowStart());
                            log.info("Deployment {} is approved; it waits for its change window, opening at {}", d.getName(), change.windowStart());
                            return null;
                        }
                        if (change.state() != ChangeState.APPROVED) {
                            move(d, DeploymentState.FAILED, "Its change request is " + change.state() + ", no longer APPROVED");
                            return null;
                        }
                        move(d, DeploymentState.DEPLOYING, null);
                    }
                    return d;
                }).orElse(null));
        if (started == null) {
            return;
        }
        try {
            targets.named(started.getTarget()).deploy(started, registry.versionById(started.getModelVersionId()));
            List<Deployment> replaced = tx.execute(s -> {
                Deployment d = deployments.findById(deploymentId).orElseThrow();
                boolean shadow = d.getRollout() == Rollout.SHADOW;
                move(d, shadow ? DeploymentState.SHADOW : DeploymentState.LIVE, null);
                List<Deployment> others = new java.util.ArrayList<>();
                List<Deployment> endpoint = deployments.findByAreaIdAndNameOrderByRequestedAtDesc(d.getAreaId(), d.getName());
                if (d.getRollout() != Rollout.CANARY && !shadow) {
                    endpoint.stream().filter(o -> o.getState() == DeploymentState.LIVE && !o.getId().equals(d.getId())).forEach(others::add);
                    others.forEach(o -> move(o, DeploymentState.RETIRED, "Replaced by v" + d.getModelVersionNumber()
                            + (d.getRollout() == Rollout.ROLLBACK ? " (rolled back)" : "")));
                }
                if (!shadow) {
                    // the version a shadow was trying out now answers the calls itself: its shadow has done its work
                    endpoint.stream().filter(o -> o.getState() == DeploymentState.SHADOW && o.getModelVersionId().equals(d.getModelVersionId()))
                            .forEach(o -> {
                                move(o, DeploymentState.RETIRED, "v" + d.getModelVersionNumber() + " now answers the calls itself");
                                others.add(o);
                            });
                }
                changeImplementations.markImplemented(changeId, "Deployed " + d.getName() + " (" + d.getModelName() + " v" + d.getModelVersionNumber()
                        + ") to the " + d.getTarget() + " target" + (d.getCanaryPercent() == null ? "" : " as a canary taking "
                        + d.getCanaryPercent() + "% of the calls") + (shadow ? " as a shadow scoring a mirror of the calls; it answers none"
                                : "") + "; live on node " + node);
                return others;
            });
            replaced.forEach(o -> quietly(() -> targets.named(o.getTarget()).retired(o, true), o));
            log.info("Deployment {} is live on node {}", started.getName(), node);
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("Deployment {} failed: {}", started.getName(), reason);
            tx.executeWithoutResult(s -> deployments.findById(deploymentId)
                    .filter(d -> d.getState() == DeploymentState.DEPLOYING)
                    .ifPresent(d -> move(d, DeploymentState.FAILED, reason)));
        }
    }

    /** A live canary takes all the calls; its stable release is retired. */
    public Deployment promote(UUID canaryId, String by) {
        Deployment[] stable = new Deployment[1];
        Deployment promoted = tx.execute(s -> {
            Deployment canary = deployments.findById(canaryId).orElseThrow(() -> new NotFoundException("deployment", canaryId));
            if (canary.getState() != DeploymentState.LIVE || canary.getCanaryPercent() == null) {
                throw new InvalidRequestException("state", "Only a live canary is promoted; v" + canary.getModelVersionNumber() + " of "
                        + canary.getName() + " is " + (canary.getState() == DeploymentState.LIVE ? "taking all the calls" : canary.getState()));
            }
            List<Deployment> others = liveBeside(canary);
            others.forEach(o -> move(o, DeploymentState.RETIRED, "Replaced by v" + canary.getModelVersionNumber() + " (canary promoted by " + by + ")"));
            stable[0] = others.isEmpty() ? null : others.getFirst();
            canary.promote(clock.instant());
            deployments.saveAndFlush(canary);
            events.publishEvent(new CanaryPromoted(canary.getId(), canary.getAreaId(), canary.getName(), canary.getModelVersionNumber(),
                    stable[0] == null ? 0 : stable[0].getModelVersionNumber(), by, Trace.capture(clock)));
            return canary;
        });
        ServingTarget target = targets.named(promoted.getTarget());
        target.promoted(promoted, registry.versionById(promoted.getModelVersionId()));
        if (stable[0] != null) {
            quietly(() -> target.retired(stable[0], true), stable[0]);
        }
        return promoted;
    }

    /** Takes a live release out of service: a canary, or the only live release of its endpoint. */
    public Deployment retire(UUID id, String reason) {
        boolean[] endpointRemains = new boolean[1];
        Deployment retired = tx.execute(s -> {
            Deployment d = deployments.findById(id).orElseThrow(() -> new NotFoundException("deployment", id));
            if (d.getState() == DeploymentState.SHADOW) {
                endpointRemains[0] = true; // the live release goes on answering; it is no longer mirrored
                move(d, DeploymentState.RETIRED, reason);
                return d;
            }
            if (d.getState() != DeploymentState.LIVE) {
                throw new InvalidRequestException("state", "Only a live release or a shadow is retired; v" + d.getModelVersionNumber() + " of "
                        + d.getName() + " is " + d.getState());
            }
            List<Deployment> beside = liveBeside(d);
            if (d.getCanaryPercent() == null && !beside.isEmpty()) {
                throw new InvalidRequestException("state", "A canary (v" + beside.getFirst().getModelVersionNumber() + ") splits the calls with this "
                        + "release; promote the canary or retire it first");
            }
            endpointRemains[0] = !beside.isEmpty();
            move(d, DeploymentState.RETIRED, reason);
            return d;
        });
        targets.named(retired.getTarget()).retired(retired, endpointRemains[0]);
        return retired;
    }

    private List<Deployment> liveBeside(Deployment d) {
        return deployments.findByAreaIdAndNameOrderByRequestedAtDesc(d.getAreaId(), d.getName()).stream()
                .filter(o -> o.getState() == DeploymentState.LIVE && !o.getId().equals(d.getId())).toList();
    }

    private void quietly(Runnable action, Deployment d) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Retired release v{} of {} could not be taken out of its target: {}", d.getModelVersionNumber(), d.getName(), e.getMessage());
        }
    }

    private void move(Deployment d, DeploymentState to, String reason) {
        DeploymentState from = d.moveTo(to, reason, clock.instant());
        deployments.saveAndFlush(d);
        metering.moved(d, from, to, d.getUpdatedAt());
        events.publishEvent(new DeploymentStateChanged(d.getId(), d.getAreaId(), d.getName(), from, to, reason, node, Trace.system(clock)));
    }
}
