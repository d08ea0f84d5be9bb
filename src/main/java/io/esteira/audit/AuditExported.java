package io.esteira.audit;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Someone took a copy of (part of) the audit log out of the portal. */
public record AuditExported(AuditFilter filter, Trace trace) implements AuditableEvent {
    public String action() { return "audit.exported"; }
    public String objectType() { return "audit-log"; }
    public String objectId() { return "export"; }
    public UUID areaId() { return filter.areaId(); }

    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        put(details, "from", filter.from());
        put(details, "to", filter.to());
        put(details, "actor", filter.actor());
        put(details, "action", filter.action());
        put(details, "objectType", filter.objectType());
        put(details, "objectId", filter.objectId());
        put(details, "outcome", filter.outcome());
        return details;
    }

    private static void put(Map<String, Object> details, String key, Object value) {
        if (value != null && !value.toString().isBlank()) {
            details.put(key, value.toString());
        }
    }
}
