package io.esteira.training;

import java.time.Instant;
import java.util.UUID;

/** A model's retraining policy as screens and the API show it. */
public record RetrainingPolicyView(UUID modelId, UUID areaId, String model, UUID jobId, String job, boolean onDrift, boolean onPerformance,
        boolean onEstimate, boolean automatic, int windowDays, int labelDelayHours, String setBy, Instant updatedAt, long version) {

    /** The alerts that recommend retraining, in words. */
    public String triggers() {
        java.util.List<String> kinds = new java.util.ArrayList<>();
        if (onDrift) {
            kinds.add("data drift");
        }
        if (onPerformance) {
            kinds.add("realised performance below threshold");
        }
        if (onEstimate) {
            kinds.add("estimated performance below threshold");
        }
        return kinds.isEmpty() ? "no alert" : String.join(", ", kinds);
    }
}
