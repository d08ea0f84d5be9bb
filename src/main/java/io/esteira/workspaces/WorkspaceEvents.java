package io.esteira.workspaces;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The events of the workspaces module, all recorded by the audit log. */
public final class WorkspaceEvents {

    private WorkspaceEvents() {
    }

    /** Every step of a workspace's lifecycle, e.g. {@code workspace.running} or {@code workspace.failed}. */
    public record WorkspaceStateChanged(UUID workspaceId, UUID areaId, String name, String owner, String from,
            String to, String reason, Trace trace) implements AuditableEvent {
        public String action() { return "workspace." + to.toLowerCase(); }
        public String objectType() { return "workspace"; }
        public String objectId() { return workspaceId.toString(); }
        public Outcome outcome() { return "FAILED".equals(to) ? Outcome.FAILED : Outcome.SUCCESS; }
        public Map<String, Object> details() {
            Map<String, Object> d = new HashMap<>();
            d.put("name", name);
            d.put("owner", owner);
            d.put("from", from == null ? "" : from);
            d.put("to", to);
            if (reason != null) {
                d.put("reason", reason);
            }
            return d;
        }
    }

    /** Someone opened a workspace's notebook through the portal: its owner, or an administrator ({@code as}). */
    public record WorkspaceOpened(UUID workspaceId, UUID areaId, String name, String owner, String as, Trace trace)
            implements AuditableEvent {
        public String action() { return "workspace.opened"; }
        public String objectType() { return "workspace"; }
        public String objectId() { return workspaceId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "owner", owner, "as", as); }
    }

    /** Someone other than the owner (an administrator) read a workspace's log. */
    public record WorkspaceLogRead(UUID workspaceId, UUID areaId, String name, String owner, Trace trace)
            implements AuditableEvent {
        public String action() { return "workspace.log-read"; }
        public String objectType() { return "workspace"; }
        public String objectId() { return workspaceId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "owner", owner); }
    }

    public record WorkspaceExtended(UUID workspaceId, UUID areaId, String name, String expiresAt, Trace trace)
            implements AuditableEvent {
        public String action() { return "workspace.extended"; }
        public String objectType() { return "workspace"; }
        public String objectId() { return workspaceId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "expiresAt", expiresAt); }
    }

    public record WorkspaceLifetimeEnding(UUID workspaceId, UUID areaId, String name, String owner, String expiresAt,
            Trace trace) implements AuditableEvent {
        public String action() { return "workspace.lifetime-ending"; }
        public String objectType() { return "workspace"; }
        public String objectId() { return workspaceId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "owner", owner, "expiresAt", expiresAt); }
    }

    public record TemplateSaved(UUID templateId, String name, boolean created, Map<String, Object> changes, Trace trace)
            implements AuditableEvent {
        public String action() { return created ? "workspace-template.created" : "workspace-template.updated"; }
        public String objectType() { return "workspace-template"; }
        public String objectId() { return templateId.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() { return changes; }
    }

    public record QuotaChanged(UUID areaId, Map<String, Object> changes, Trace trace) implements AuditableEvent {
        public String action() { return "workspace-quota.updated"; }
        public String objectType() { return "workspace-quota"; }
        public String objectId() { return areaId.toString(); }
        public Map<String, Object> details() { return changes; }
    }

    /** Reconciliation found runtimes that no workspace owns. */
    public record OrphansFound(String provisioner, List<String> runtimes, Trace trace) implements AuditableEvent {
        public String action() { return "workspace.orphans-found"; }
        public String objectType() { return "workspace-runtime"; }
        public String objectId() { return provisioner; }
        public UUID areaId() { return null; }
        public Outcome outcome() { return Outcome.FAILED; }
        public Map<String, Object> details() { return Map.of("runtimes", runtimes); }
    }

    public record OrphanRemoved(String provisioner, String runtime, Trace trace) implements AuditableEvent {
        public String action() { return "workspace.orphan-removed"; }
        public String objectType() { return "workspace-runtime"; }
        public String objectId() { return provisioner; }
        public UUID areaId() { return null; }
        public Map<String, Object> details() { return Map.of("runtime", runtime); }
    }
}
