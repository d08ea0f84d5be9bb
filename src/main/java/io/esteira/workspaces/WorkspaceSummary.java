package io.esteira.workspaces;

import io.esteira.shared.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * A workspace as its area sees it. There is no token here: only {@link WorkspaceService#open} gives
 * the address with the token, and only to the owner.
 *
 * @param lifetimeEnding true once the portal has warned that the maximum lifetime is near
 * @param mine           whether the caller owns it
 */
public record WorkspaceSummary(UUID id, UUID areaId, String name, UUID ownerId, String ownerName, UUID templateId,
        String templateName, String provisioner, SizeOption size, String state, String stateReason,
        int idleTimeoutMinutes, int maxLifetimeHours, Instant createdAt, Instant stateChangedAt,
        Instant lastActivityAt, int busyKernels, Instant expiresAt, boolean lifetimeEnding, String gitRepository,
        Money costSoFar, boolean mine, long version) {
}
