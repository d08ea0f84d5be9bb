package io.esteira.training;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A model's retraining policy as its data scientist gives it.
 *
 * @param job             the name of the area's training job that trains the model
 * @param onDrift         a data drift alert recommends retraining
 * @param onPerformance   a realised performance alert (AUC under, or error over, the monitor's limit) does
 * @param onEstimate      an estimated performance alert (before labels) does
 * @param automatic       the recommended run starts at once (acting for whoever set the policy); else it waits for a person
 * @param windowDays      the training window covers the last this many days
 * @param labelDelayHours and ends this long before the alert: younger rows have no settled label yet
 */
public record RetrainingPolicyDraft(
        @NotBlank(message = "Pick the training job that retrains the model") String job,
        Boolean onDrift,
        Boolean onPerformance,
        Boolean onEstimate,
        Boolean automatic,
        @NotNull(message = "Give the days the training window covers")
        @Min(value = 1, message = "At least 1 day") @Max(value = 3650, message = "At most 3650 days") Integer windowDays,
        @NotNull(message = "Give the label delay in hours (0 for none)")
        @Min(value = 0, message = "0 or more hours") @Max(value = 8760, message = "At most 8760 hours (a year)") Integer labelDelayHours) {

    /** A kind of alert or the automatic start left out is not chosen. */
    public RetrainingPolicyDraft {
        onDrift = Boolean.TRUE.equals(onDrift);
        onPerformance = Boolean.TRUE.equals(onPerformance);
        onEstimate = Boolean.TRUE.equals(onEstimate);
        automatic = Boolean.TRUE.equals(automatic);
    }
}
