package io.esteira.deployments;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The events of deployments, all recorded by the audit log. */
public final class DeploymentEvents {

    private DeploymentEvents() {
    }

    private static final String OBJECT_TYPE = "deployment";

    public record DeploymentRequested(UUID deploymentId, UUID areaId, String name, String model, int modelVersion, String environment,
            String mode, UUID changeId, Trace trace) implements AuditableEvent {
        public String action() { return "deployment.requested"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return deploymentId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("modelVersion", model + " v" + modelVersion);
            d.put("environment", environment);
            d.put("mode", mode);
            d.put("changeRequest", String.valueOf(changeId));
            return d;
        }
    }

    /** A step of its way: {@code approved}, {@code deploying}, {@code live}, {@code failed} or {@code rejected}. */
    public record DeploymentStateChanged(UUID deploymentId, UUID areaId, String name, DeploymentState from, DeploymentState to,
            String reason, String node, Trace trace) implements AuditableEvent {
        public String action() { return "deployment." + to.name().toLowerCase().replace('_', '-'); }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return deploymentId.toString(); }
        public Outcome outcome() { return to == DeploymentState.FAILED ? Outcome.FAILED : Outcome.SUCCESS; }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("from", from.name());
            d.put("to", to.name());
            d.put("node", node);
            if (reason != null) {
                d.put("reason", reason);
            }
            return d;
        }
    }

    /** A one-action rollback to the previous live version, submitted as a pre-approved standard change. */
    public record DeploymentRolledBack(UUID deploymentId, UUID areaId, String name, int fromVersion, int toVersion, String reason,
            UUID changeId, Trace trace) implements AuditableEvent {
        public String action() { return "deployment.rollback-requested"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return deploymentId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("from", "v" + fromVersion);
            d.put("to", "v" + toVersion);
            d.put("reason", reason);
            d.put("changeRequest", String.valueOf(changeId));
            return d;
        }
    }

    /** A canary promoted: it takes all the calls of its endpoint. */
    public record CanaryPromoted(UUID deploymentId, UUID areaId, String name, int version, int replacedVersion, String by, Trace trace)
            implements AuditableEvent {
        public String action() { return "deployment.promoted"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return deploymentId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("version", "v" + version);
            d.put("replaced", "v" + replacedVersion);
            d.put("by", by);
            return d;
        }
    }

    /** How long a release's prediction log is kept, changed by an administrator (null: the portal's default). */
    public record LogRetentionChanged(UUID deploymentId, UUID areaId, String name, Integer fromDays, Integer toDays, Trace trace)
            implements AuditableEvent {
        public String action() { return "deployment.log-retention-changed"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return deploymentId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("from", fromDays == null ? "default" : fromDays + " days");
            d.put("to", toDays == null ? "default" : toDays + " days");
            return d;
        }
    }
}
