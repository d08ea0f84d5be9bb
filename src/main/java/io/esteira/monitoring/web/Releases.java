package io.esteira.monitoring.web;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.shared.InvalidRequestException;
import java.util.UUID;

/** Which release of a deployment a monitoring call reads: the one {@code ?release=} names, else the stable live one. */
final class Releases {

    private Releases() {
    }

    /**
     * @throws io.esteira.shared.NotFoundException when the caller may not read the deployment
     * @throws InvalidRequestException             when {@code release} is not one of the deployment's
     */
    static UUID of(DeploymentService deployments, String name, UUID area, UUID release) {
        if (release == null) {
            return deployments.get(name, area).id();
        }
        if (deployments.releases(name, area).stream().map(DeploymentView::id).noneMatch(release::equals)) {
            throw new InvalidRequestException("release", "That release is not one of " + name);
        }
        return release;
    }
}
