package io.esteira.training;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The events of the training module, all recorded by the audit log. */
public final class TrainingEvents {

    private TrainingEvents() {
    }

    /** A job was created ({@code training-job.created}) or changed ({@code training-job.updated}). */
    public record TrainingJobSaved(UUID jobId, UUID areaId, String name, boolean created, Map<String, Object> definition, Trace trace)
            implements AuditableEvent {
        public String action() { return created ? "training-job.created" : "training-job.updated"; }
        public String objectType() { return "training-job"; }
        public String objectId() { return jobId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new HashMap<>(definition);
            d.put("name", name);
            return d;
        }
    }

    public record TrainingJobDeleted(UUID jobId, UUID areaId, String name, Trace trace) implements AuditableEvent {
        public String action() { return "training-job.deleted"; }
        public String objectType() { return "training-job"; }
        public String objectId() { return jobId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name); }
    }

    /** Every step of a run, e.g. {@code training-run.queued}, {@code training-run.succeeded}, {@code training-run.lost}. */
    public record TrainingRunStateChanged(UUID runId, UUID jobId, UUID areaId, String job, int number, String from, String to,
            String reason, Trace trace) implements AuditableEvent {
        public String action() { return "training-run." + to.toLowerCase(); }
        public String objectType() { return "training-run"; }
        public String objectId() { return runId.toString(); }
        public Outcome outcome() { return "FAILED".equals(to) || "LOST".equals(to) ? Outcome.FAILED : Outcome.SUCCESS; }
        public Map<String, Object> details() {
            Map<String, Object> d = new HashMap<>();
            d.put("job", job);
            d.put("run", number);
            d.put("from", from == null ? "" : from);
            d.put("to", to);
            if (reason != null) {
                d.put("reason", reason);
            }
            return d;
        }
    }

    /** Someone asked to stop a run that had started; it ends as cancelled once its process is gone. */
    public record TrainingRunCancelRequested(UUID runId, UUID jobId, UUID areaId, String job, int number, Trace trace)
            implements AuditableEvent {
        public String action() { return "training-run.cancel-requested"; }
        public String objectType() { return "training-run"; }
        public String objectId() { return runId.toString(); }
        public Map<String, Object> details() { return Map.of("job", job, "run", number); }
    }

    /** A remote run (its pod, with the run's token) sent one of its outputs, e.g. {@code model.onnx}. */
    public record TrainingRunOutputReceived(UUID runId, UUID jobId, UUID areaId, String job, int number, String name, long bytes,
            String sha256, Trace trace) implements AuditableEvent {
        public String action() { return "training-run.output-received"; }
        public String objectType() { return "training-run"; }
        public String objectId() { return runId.toString(); }
        public Map<String, Object> details() { return Map.of("job", job, "run", number, "output", name, "bytes", bytes, "sha256", sha256); }
    }

    /** A fire of a job's schedule started no run ({@code training-job.schedule-skipped}), with the reason. */
    public record TrainingScheduleSkipped(UUID jobId, UUID areaId, String name, java.time.Instant scheduledFor, String reason, Trace trace)
            implements AuditableEvent {
        public String action() { return "training-job.schedule-skipped"; }
        public String objectType() { return "training-job"; }
        public String objectId() { return jobId.toString(); }
        public Outcome outcome() { return Outcome.FAILED; }
        public Map<String, Object> details() { return Map.of("name", name, "scheduledFor", scheduledFor.toString(), "reason", reason); }
    }
}
