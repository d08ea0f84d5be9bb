package io.esteira.deployments.serving;

import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.ServingMode;
import io.esteira.deployments.batch.BatchSchedules;
import io.esteira.deployments.domain.Deployment;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The portal itself serves: each live release's ONNX artifact in an ONNX Runtime session on every
 * node that is asked for it. CPU and memory are the portal's own, so only replicas apply (one
 * session per node).
 */
@Component
class EmbeddedTarget implements ServingTarget {

    static final String NAME = Deployment.EMBEDDED;

    private final OnlineServing serving;
    private final BatchSchedules batchSchedules;

    EmbeddedTarget(OnlineServing serving, BatchSchedules batchSchedules) {
        this.serving = serving;
        this.batchSchedules = batchSchedules;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ServingMode> modes() {
        return EnumSet.allOf(ServingMode.class);
    }

    @Override
    public void check(DeploymentDraft draft, VersionView version) {
        if (!"ONNX".equals(version.format())) {
            throw new InvalidRequestException("versionId", version.model() + " v" + version.number()
                    + " is an external artifact; the embedded target serves only ONNX artifacts held by the portal");
        }
        DeploymentDraft.Resources r = draft.resources();
        if (r != null && (r.cpu() != null || r.memory() != null)) {
            throw new InvalidRequestException("resources", "CPU and memory apply to Kubernetes targets; the embedded target runs in the portal");
        }
    }

    @Override
    public void deploy(Deployment release, VersionView version) {
        serving.load(release.getId(), release.getModelVersionId());
    }

    @Override
    public void retired(Deployment release, boolean endpointRemains) {
        serving.evict(release.getId());
        if (release.getMode() == ServingMode.BATCH && !endpointRemains) {
            // at once, so that no fire starts in between; the state change's listener does it too, should this fail
            try {
                batchSchedules.follow(release.getAreaId(), release.getName());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(EmbeddedTarget.class).warn("The schedule of {} is paused later: {}", release.getName(),
                        e.getMessage());
            }
        }
    }
}
