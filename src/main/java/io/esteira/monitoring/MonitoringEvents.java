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

    /** A monitor's check breached: an alert was opened (or opened again after its snooze). */
    public record AlertOpened(UUID alertId, UUID areaId, UUID releaseId, String deployment, String check, String severity, String message,
            Trace trace) implements AuditableEvent {
        public String action() { return "monitoring.alert-opened"; }
        public String objectType() { return "monitoring-alert"; }
        public String objectId() { return alertId.toString(); }
        public Map<String, Object> details() {
            return Map.of("deployment", deployment, "check", check, "severity", severity, "message", message);
        }
    }

    /** Someone acknowledged, snoozed or resolved an alert. */
    public record AlertHandled(UUID alertId, UUID areaId, String deployment, String check, String change, String reason, Trace trace)
            implements AuditableEvent {
        public String action() { return "monitoring.alert-" + change; }
        public String objectType() { return "monitoring-alert"; }
        public String objectId() { return alertId.toString(); }
        public Map<String, Object> details() {
            return reason == null ? Map.of("deployment", deployment, "check", check)
                    : Map.of("deployment", deployment, "check", check, "reason", reason);
        }
    }

    /**
     * A step of a monitor change: {@code change-proposed}, {@code changed} (an approved proposal applied: from and to),
     * {@code change-rejected}, {@code change-withdrawn}, {@code change-expired}, {@code change-stale} (approved, but the
     * monitor had changed since it was proposed: not applied).
     */
    public record MonitorChangeRecorded(UUID proposalId, UUID areaId, UUID releaseId, String step, Map<String, Object> details, Trace trace)
            implements AuditableEvent {
        public String action() { return "monitoring.monitor-" + step; }
        public String objectType() { return "monitor"; }
        public String objectId() { return releaseId.toString(); }
    }

    /** A release's label query was named, changed or removed ({@code sourceId} null). */
    public record LabelSourceChanged(UUID releaseId, UUID areaId, String deployment, UUID sourceId, String source, String sql,
            Integer everyMinutes, Trace trace) implements AuditableEvent {
        public String action() { return sourceId == null ? "monitoring.label-source-removed" : "monitoring.label-source-set"; }
        public String objectType() { return "deployment"; }
        public String objectId() { return releaseId.toString(); }
        public Map<String, Object> details() {
            return sourceId == null ? Map.of("deployment", deployment)
                    : Map.of("deployment", deployment, "source", source, "sql", sql, "everyMinutes", everyMinutes);
        }
    }
}
