package io.esteira.monitoring;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.Map;
import java.util.UUID;

/** What monitoring records in the audit log. */
public final class MonitoringEvents {

    private MonitoringEvents() {
    }

    /** A batch of ground-truth labels was stored for a deployment's predictions. */
    public record LabelsReceived(UUID deploymentId, UUID areaId, String deployment, String from, int received, int added, int changed,
            Trace trace) implements AuditableEvent {
        public String action() { return "deployment.labels-received"; }
        public String objectType() { return "deployment"; }
        public String objectId() { return deploymentId.toString(); }
        public Map<String, Object> details() {
            return Map.of("name", deployment, "from", from, "received", received, "added", added, "changed", changed);
        }
    }
}
