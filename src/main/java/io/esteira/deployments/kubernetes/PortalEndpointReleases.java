package io.esteira.deployments.kubernetes;

import io.esteira.areas.AreaService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.shared.security.SystemActor;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/** The portal's own records, read and written as the system: the target acts for an approved change, not for a person. */
@Component
@Conditional(KubernetesConfigured.class)
class PortalEndpointReleases implements EndpointReleases {

    private final Deployments deployments;
    private final AreaService areas;
    private final ModelRegistry registry;

    PortalEndpointReleases(Deployments deployments, AreaService areas, ModelRegistry registry) {
        this.deployments = deployments;
        this.areas = areas;
        this.registry = registry;
    }

    @Override
    public String areaCode(UUID areaId) {
        return SystemActor.call(() -> areas.get(areaId).code());
    }

    @Override
    public Optional<Deployment> liveStable(Deployment release) {
        return deployments.findByAreaIdAndNameOrderByRequestedAtDesc(release.getAreaId(), release.getName()).stream()
                .filter(d -> d.getState() == DeploymentState.LIVE && d.getCanaryPercent() == null && !d.getId().equals(release.getId()))
                .findFirst();
    }

    @Override
    public VersionView version(UUID versionId) {
        return SystemActor.call(() -> registry.versionById(versionId));
    }

    @Override
    public void servedAt(UUID releaseId, String url) {
        deployments.recordServingUrl(releaseId, url);
    }
}
