package io.esteira.deployments.kubernetes;

import io.esteira.deployments.domain.Deployment;
import io.esteira.models.VersionView;
import java.util.Optional;
import java.util.UUID;

/** What the kubernetes target needs to know of the portal's areas and releases, and what it records of them. */
interface EndpointReleases {

    /** The code of the area, which names its namespace. */
    String areaCode(UUID areaId);

    /** The live release of the endpoint that takes the calls a canary leaves (or all of them), other than {@code release}. */
    Optional<Deployment> liveStable(Deployment release);

    VersionView version(UUID versionId);

    /** Records where the release answers: the InferenceService's {@code status.url}. */
    void servedAt(UUID releaseId, String url);
}
