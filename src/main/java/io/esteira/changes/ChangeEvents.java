package io.esteira.changes;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of change management, all recorded by the audit log. Other modules react to
 * {@link ChangeApproved}, {@link ChangeRejected}, {@link ChangeExpired} and {@link ChangeImplemented}
 * (e.g. a deployment waits for its approval).
 */
public final class ChangeEvents {

    private ChangeEvents() {
    }

    private static final String OBJECT_TYPE = "change-request";

    public record ChangeSubmitted(UUID changeId, UUID areaId, String subjectType, String subjectId, Environment environment,
            ChangeType type, String requester, Trace trace) implements AuditableEvent {
        public String action() { return "change.submitted"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return changeId.toString(); }
        public Map<String, Object> details() {
            return Map.of("subject", subjectType + ":" + subjectId, "environment", environment.name(), "type", type.name());
        }
    }

    /**
     * The request is approved: by its reviewers, or at once by policy ({@code policy} names it; null otherwise).
     * It may be implemented until {@code validUntil}.
     */
    public record ChangeApproved(UUID changeId, UUID areaId, String subjectType, String subjectId, Environment environment,
            ChangeType type, List<String> approvers, String policy, Instant validUntil, Trace trace) implements AuditableEvent {
        public String action() { return policy == null ? "change.approved" : "change.approved-by-policy"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return changeId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("subject", subjectType + ":" + subjectId);
            d.put("environment", environment.name());
            d.put("type", type.name());
            d.put("approvers", approvers);
            if (policy != null) {
                d.put("policy", policy);
            }
            d.put("validUntil", String.valueOf(validUntil));
            return d;
        }
    }

    public record ChangeRejected(UUID changeId, UUID areaId, String subjectType, String subjectId, Environment environment,
            ChangeType type, String reviewer, String comment, Trace trace) implements AuditableEvent {
        public String action() { return "change.rejected"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return changeId.toString(); }
        public Map<String, Object> details() {
            return Map.of("subject", subjectType + ":" + subjectId, "environment", environment.name(), "comment", comment);
        }
    }

    /** An approved request was not implemented in time, or its change window ended first; it can no longer be implemented. */
    public record ChangeExpired(UUID changeId, UUID areaId, String subjectType, String subjectId, Environment environment,
            String reason, Trace trace) implements AuditableEvent {
        public String action() { return "change.expired"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return changeId.toString(); }
        public Map<String, Object> details() {
            return Map.of("subject", subjectType + ":" + subjectId, "environment", environment.name(), "reason", reason);
        }
    }

    /** The change was carried out; {@code reviewDue} when an emergency change now awaits its review after implementation. */
    public record ChangeImplemented(UUID changeId, UUID areaId, String subjectType, String subjectId, Environment environment,
            ChangeType type, String note, boolean reviewDue, Trace trace) implements AuditableEvent {
        public String action() { return "change.implemented"; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return changeId.toString(); }
        public Map<String, Object> details() {
            return Map.of("subject", subjectType + ":" + subjectId, "environment", environment.name(), "note", note == null ? "" : note,
                    "reviewDue", reviewDue);
        }
    }

    /**
     * Any other step of a request: an approval that does not complete it yet ({@code approval}), an edit
     * ({@code edited}, with what changed), {@code withdrawn}, {@code reclassified}, {@code approval-expired},
     * {@code reviewed} (the review after an emergency change).
     */
    public record ChangeStepRecorded(UUID changeId, UUID areaId, String step, Map<String, Object> details, Trace trace)
            implements AuditableEvent {
        public String action() { return "change." + step; }
        public String objectType() { return OBJECT_TYPE; }
        public String objectId() { return changeId.toString(); }
    }
}
