package io.esteira.audit;

import java.time.Instant;
import java.util.UUID;

/** Narrows the audit log; every part is optional. Text parts match exactly, except {@code action}, which also matches a prefix ending in '.'. */
public record AuditFilter(Instant from, Instant to, String actor, UUID areaId, String action, String objectType,
        String objectId, String outcome) {

    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null, null, null);
    }
}
