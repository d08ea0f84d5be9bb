package io.esteira.training;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The events of retraining, all recorded by the audit log. */
public final class RetrainingEvents {

    private RetrainingEvents() {
    }

    /** A model's retraining policy was set or changed ({@code retraining-policy.set}). */
    public record RetrainingPolicySet(UUID modelId, UUID areaId, String model, Map<String, Object> policy, Trace trace) implements AuditableEvent {
        public String action() { return "retraining-policy.set"; }
        public String objectType() { return "model"; }
        public String objectId() { return modelId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>(policy);
            d.put("model", model);
            return d;
        }
    }

    /**
     * A step of a recommendation: {@code raised} (by an alert), {@code seen-again} (another alert while it is under way),
     * {@code accepted}, {@code started-automatically}, {@code declined}, {@code trained} (the challenger registered),
     * {@code failed}, {@code compared}, {@code promotion-requested}.
     */
    public record RecommendationStep(UUID recommendationId, UUID areaId, String model, String step, Map<String, Object> facts, Trace trace)
            implements AuditableEvent {
        public String action() { return "retraining-recommendation." + step; }
        public String objectType() { return "retraining-recommendation"; }
        public String objectId() { return recommendationId.toString(); }
        public Outcome outcome() { return "failed".equals(step) ? Outcome.FAILED : Outcome.SUCCESS; }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>(facts);
            d.put("model", model);
            return d;
        }
    }
}
