package io.esteira.deployments.rollout;

import io.esteira.areas.AreaAccess;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.models.VersionDeployments;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tells the registry where a version has been released (for its way to production), within the caller's areas. */
@Component
class VersionReleases implements VersionDeployments {

    private final Deployments deployments;
    private final AreaAccess access;

    VersionReleases(Deployments deployments, AreaAccess access) {
        this.deployments = deployments;
        this.access = access;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Release> of(UUID versionId) {
        Set<UUID> readable = access.readableAreaIds();
        return deployments.findByModelVersionId(versionId).stream().filter(d -> readable.contains(d.getAreaId()))
                .sorted(Comparator.comparing(Deployment::getRequestedAt).reversed())
                .map(d -> new Release(d.getName(), d.getEnvironment(), d.getState().name(), d.getChangeId(), d.getRequestedBy(), d.getRequestedAt(),
                        d.getLiveAt(), d.getState() == DeploymentState.RETIRED ? d.getRetiredReason() : d.getFailureReason()))
                .toList();
    }
}
