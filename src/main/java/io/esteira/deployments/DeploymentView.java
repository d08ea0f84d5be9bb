package io.esteira.deployments;

import io.esteira.changes.Environment;
import java.time.Instant;
import java.util.UUID;

/** A deployment as its area sees it. {@code failureReason} is set when FAILED or REJECTED. */
public record DeploymentView(UUID id, UUID areaId, String name, UUID modelId, String model, UUID modelVersionId, int modelVersion,
        Environment environment, ServingMode mode, String target, DeploymentState state, String failureReason, UUID changeId,
        String requestedBy, Instant requestedAt, Instant updatedAt, Instant liveAt) {
}
