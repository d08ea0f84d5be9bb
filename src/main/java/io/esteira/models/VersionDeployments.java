package io.esteira.models;

import io.esteira.changes.Environment;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where a version has been released, told by the module that deploys (the registry does not know
 * deployments): its releases, newest first, for the version's way to production.
 */
public interface VersionDeployments {

    List<Release> of(UUID versionId);

    /**
     * @param state    the release's state, e.g. LIVE, FAILED, RETIRED
     * @param changeId its change request
     * @param reason   why it failed or was retired, or null
     */
    record Release(String name, Environment environment, String state, UUID changeId, String requestedBy, Instant requestedAt, Instant liveAt,
            String reason) {
    }
}
