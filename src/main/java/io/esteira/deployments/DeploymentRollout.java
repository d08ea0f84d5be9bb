package io.esteira.deployments;

import io.esteira.changes.ChangeEvents.ChangeApproved;
import io.esteira.changes.ChangeEvents.ChangeRejected;
import io.esteira.changes.ChangeRequestService;
import io.esteira.deployments.DeploymentEvents.DeploymentStateChanged;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.shared.Trace;
import io.esteira.shared.security.SystemActor;
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
 * Carries out approved deployments: APPROVED, DEPLOYING, the artifact loaded into an ONNX Runtime
 * session on this node, LIVE, and the change request marked implemented; any failure leaves the
 * deployment FAILED with the reason. A rejected change leaves it REJECTED. A listener of the event
 * publication registry: an approval given just before a node died is carried out after the restart,
 * and a deployment that a stopped node left APPROVED or DEPLOYING is deployed again when the approval
 * is delivered again.
 */
@Component
class DeploymentRollout {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRollout.class);

    private final Deployments deployments;
    private final ChangeRequestService changes;
    private final OnlineServing serving;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final String node;

    DeploymentRollout(Deployments deployments, ChangeRequestService changes, OnlineServing serving, ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager, @Value("${esteira.node-id:local}") String node) {
        this.deployments = deployments;
        this.changes = changes;
        this.serving = serving;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.node = node;
    }

    @ApplicationModuleListener
    void on(ChangeApproved approved) {
        if (DeploymentChanges.TYPE.equals(approved.subjectType())) {
            SystemActor.run(() -> deploy(UUID.fromString(approved.subjectId()), approved.changeId()));
        }
    }

    @ApplicationModuleListener
    void on(ChangeRejected rejected) {
        if (DeploymentChanges.TYPE.equals(rejected.subjectType())) {
            SystemActor.run(() -> tx.executeWithoutResult(s -> deployments.findById(UUID.fromString(rejected.subjectId()))
                    .filter(d -> d.getState() == DeploymentState.PENDING_APPROVAL)
                    .ifPresent(d -> move(d, DeploymentState.REJECTED, rejected.reviewer() + " rejected its change request: " + rejected.comment()))));
        }
    }

    void deploy(UUID deploymentId, UUID changeId) {
        Deployment started = tx.execute(s -> deployments.findById(deploymentId)
                .filter(d -> changeId.equals(d.getChangeId()))
                .map(d -> {
                    switch (d.getState()) {
                        case PENDING_APPROVAL -> {
                            move(d, DeploymentState.APPROVED, null);
                            move(d, DeploymentState.DEPLOYING, null);
                        }
                        case APPROVED -> move(d, DeploymentState.DEPLOYING, null);
                        case DEPLOYING -> log.info("Deployment {} was left DEPLOYING (a node stopped meanwhile); deploying it again", d.getName());
                        default -> {
                            return null; // carried out already, or never to be
                        }
                    }
                    return d;
                }).orElse(null));
        if (started == null) {
            return;
        }
        try {
            serving.load(deploymentId, started.getModelVersionId());
            tx.executeWithoutResult(s -> {
                Deployment d = deployments.findById(deploymentId).orElseThrow();
                move(d, DeploymentState.LIVE, null);
                changes.markImplemented(changeId, "Deployed " + d.getName() + " (" + d.getModelName() + " v" + d.getModelVersionNumber()
                        + ") to the embedded target; live on node " + node);
            });
            log.info("Deployment {} is live on node {}", started.getName(), node);
        } catch (RuntimeException e) {
            serving.evict(deploymentId);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("Deployment {} failed: {}", started.getName(), reason);
            tx.executeWithoutResult(s -> deployments.findById(deploymentId).ifPresent(d -> move(d, DeploymentState.FAILED, reason)));
        }
    }

    private void move(Deployment d, DeploymentState to, String reason) {
        DeploymentState from = d.moveTo(to, reason);
        deployments.saveAndFlush(d);
        events.publishEvent(new DeploymentStateChanged(d.getId(), d.getAreaId(), d.getName(), from, to, reason, node, Trace.system()));
    }
}
