package io.esteira.scheduling;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.Map;
import java.util.UUID;

/** The events of scheduling, all recorded by the audit log. */
public final class SchedulingEvents {

    private SchedulingEvents() {
    }

    public record ScheduleChanged(UUID scheduleId, UUID areaId, String name, String change, Map<String, Object> details, Trace trace)
            implements AuditableEvent {
        public String action() { return "schedule." + change; }
        public String objectType() { return "schedule"; }
        public String objectId() { return scheduleId.toString(); }
    }

    public record ScheduleRunFinished(UUID runId, UUID scheduleId, UUID areaId, String name, boolean succeeded, long rowsRead,
            long rowsWritten, String error, Trace trace) implements AuditableEvent {
        public String action() { return "schedule.run"; }
        public String objectType() { return "schedule"; }
        public String objectId() { return scheduleId.toString(); }
        public Outcome outcome() { return succeeded ? Outcome.SUCCESS : Outcome.FAILED; }
        public Map<String, Object> details() {
            return Map.of("name", name, "run", runId.toString(), "rowsRead", rowsRead, "rowsWritten", rowsWritten,
                    "error", error == null ? "" : error);
        }
    }

    /** A fire failed for good, or missed its deadline: the owner and the schedule's webhook are told. */
    public record ScheduleAlertRaised(UUID alertId, UUID scheduleId, UUID areaId, String name, String kind, java.time.Instant scheduledFor,
            UUID runId, String message, Trace trace) implements AuditableEvent {
        public String action() { return kind.equals("FAILED") ? "schedule.failed" : "schedule.deadline-missed"; }
        public String objectType() { return "schedule"; }
        public String objectId() { return scheduleId.toString(); }
        public Outcome outcome() { return Outcome.FAILED; }
        public Map<String, Object> details() {
            return Map.of("name", name, "scheduledFor", scheduledFor.toString(), "run", String.valueOf(runId), "message", message);
        }
    }
}
