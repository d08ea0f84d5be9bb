package io.esteira.areas;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.Map;
import java.util.UUID;

/** The events of the areas module, all recorded by the audit log. */
public final class AreaEvents {

    private AreaEvents() {
    }

    public record AreaCreated(UUID areaId, String code, String name, Trace trace) implements AuditableEvent {
        public String action() { return "area.created"; }
        public String objectType() { return "area"; }
        public String objectId() { return areaId.toString(); }
        public Map<String, Object> details() { return Map.of("code", code, "name", name); }
    }

    public record AreaUpdated(UUID areaId, Map<String, Object> changes, Trace trace) implements AuditableEvent {
        public String action() { return "area.updated"; }
        public String objectType() { return "area"; }
        public String objectId() { return areaId.toString(); }
        public Map<String, Object> details() { return changes; }
    }

    public record MemberAdded(UUID areaId, UUID userId, String username, AreaRole role, Trace trace)
            implements AuditableEvent {
        public String action() { return "area.member-added"; }
        public String objectType() { return "membership"; }
        public String objectId() { return userId.toString(); }
        public Map<String, Object> details() { return Map.of("username", username, "role", role.name()); }
    }

    public record MemberRemoved(UUID areaId, UUID userId, String username, Trace trace) implements AuditableEvent {
        public String action() { return "area.member-removed"; }
        public String objectType() { return "membership"; }
        public String objectId() { return userId.toString(); }
        public Map<String, Object> details() { return Map.of("username", username); }
    }

    public record AreaChosen(UUID areaId, UUID userId, Trace trace) implements AuditableEvent {
        public String action() { return "area.chosen"; }
        public String objectType() { return "user"; }
        public String objectId() { return userId.toString(); }
    }
}
