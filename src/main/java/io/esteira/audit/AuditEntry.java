package io.esteira.audit;

import java.time.Instant;
import java.util.UUID;

public record AuditEntry(long seq, Instant occurredAt, String actor, String actorType, String action,
        String objectType, String objectId, UUID areaId, String outcome, String details, String clientAddress,
        String correlationId, String hash) {
}
