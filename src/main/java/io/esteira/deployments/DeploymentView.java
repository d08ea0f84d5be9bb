package io.esteira.deployments;

import io.esteira.changes.Environment;
import java.time.Instant;
import java.util.UUID;

/**
 * A release as its area sees it. {@code failureReason} is set when FAILED or REJECTED,
 * {@code retiredReason} when RETIRED; {@code canaryPercent} while a live canary splits the calls
 * with {@code replacesId}, the stable release. {@code servingUrl}: where applications call a release that
 * its target serves outside the portal (a KServe InferenceService), null for the embedded target.
 */
public record DeploymentView(UUID id, UUID areaId, String name, UUID modelId, String model, UUID modelVersionId, int modelVersion,
        Environment environment, ServingMode mode, String target, DeploymentState state, String failureReason, UUID changeId,
        String requestedBy, Instant requestedAt, Instant updatedAt, Instant liveAt, Rollout rollout, Integer canaryPercent, UUID replacesId,
        int replicas, String cpu, String memory, Instant windowStart, Instant windowEnd, int logSamplePercent, Instant retiredAt,
        String retiredReason, String justification, String rollbackPlan, String servingUrl) {

    public boolean live() {
        return state == DeploymentState.LIVE;
    }

    /** Its share of the endpoint's calls in percent while live: the canary's share, or what the canary leaves. */
    public int trafficPercent(Integer canaryBeside) {
        if (!live()) {
            return 0;
        }
        if (canaryPercent != null) {
            return canaryPercent;
        }
        return canaryBeside == null ? 100 : 100 - canaryBeside;
    }
}
