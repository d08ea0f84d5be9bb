package io.esteira.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A release's monitor in force (always the approved one), its pending proposal if any, and the last
 * proposals.
 *
 * @param version             send it back as {@code monitorVersion} when proposing
 * @param segmentableFeatures the categorical input features it may be segmented by
 */
public record MonitorView(UUID releaseId, UUID areaId, String deployment, String model, int modelVersion, String environment,
        MonitorSettings inForce, long version, List<String> segmentableFeatures, Change pending, List<Change> recent) {

    /**
     * A proposal and what became of it: PENDING, APPLIED, REJECTED, WITHDRAWN, EXPIRED or STALE (proposed against an older
     * monitor). {@code requestState}: where its change request stands, for the pending one (e.g. APPROVED by the
     * standard-change policy, applied in a moment); null for the others.
     */
    public record Change(UUID id, UUID changeId, String state, MonitorSettings proposed, String previous, String proposedBy,
            Instant proposedAt, Instant closedAt, String outcome, String requestState) {
    }
}
