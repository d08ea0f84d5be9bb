package io.esteira.workspaces;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the last reconciliation found: workspaces whose state it corrected, and runtimes nobody owns. */
public record ReconciliationReport(Instant at, int checked, List<Correction> corrections, List<Orphan> orphans) {

    public record Correction(UUID workspaceId, String name, String from, String to, String reason) {
    }

    /** @param id stable within a report: provisioner and handle */
    public record Orphan(String id, String provisioner, UUID claimedWorkspaceId, String description) {
    }

    public static ReconciliationReport none() {
        return new ReconciliationReport(null, 0, List.of(), List.of());
    }
}
