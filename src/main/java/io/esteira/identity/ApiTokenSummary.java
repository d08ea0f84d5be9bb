package io.esteira.identity;

import java.time.Instant;
import java.util.UUID;

public record ApiTokenSummary(UUID id, String name, String owner, String prefix, UUID areaId, boolean service,
        Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, String lastUsedFrom) {

    public String status(Instant now) {
        if (revokedAt != null) {
            return "Revoked";
        }
        return now.isBefore(expiresAt) ? "Active" : "Expired";
    }
}
