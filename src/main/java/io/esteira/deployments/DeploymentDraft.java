package io.esteira.deployments;

import io.esteira.changes.Environment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * What a requester asks for: a model version, released under a name (URL-safe; the endpoint, shared
 * by its later releases) in an environment, how it is used and rolled out. The justification, window
 * and rollback plan go to the change request.
 *
 * @param mode           null: {@link ServingMode#ONLINE_SYNC}
 * @param target         {@code embedded} (ONNX Runtime in the portal) or {@code kubernetes} (a KServe InferenceService); null: the portal's default
 * @param rollout        null: {@link Rollout#ALL_AT_ONCE}; {@link Rollout#CANARY} needs a live release of the name to split with
 * @param canaryPercent  the canary's share of the calls, 1 to 99 (only with CANARY)
 * @param resources      replicas, and CPU and memory for Kubernetes targets (null: one replica, the target's defaults)
 * @param windowStart    the change window: not deployed before (null: as soon as approved)
 * @param windowEnd      and not after (null: until the approval expires)
 * @param logSamplePercent the share of calls whose inputs and outputs the prediction log keeps (null: all); every call is counted
 * @param batch          for BATCH: the input, the output table and the schedule
 */
public record DeploymentDraft(
        @NotNull(message = "Name the model version") UUID versionId,
        @NotBlank(message = "Name the deployment") String name,
        @NotNull(message = "Pick an environment") Environment environment,
        ServingMode mode,
        String target,
        Rollout rollout,
        Integer canaryPercent,
        @Valid Resources resources,
        Instant windowStart,
        Instant windowEnd,
        @Min(value = 0, message = "0 to 100") @Max(value = 100, message = "0 to 100") Integer logSamplePercent,
        @Valid BatchSpec batch,
        @NotBlank(message = "Say why this deployment is needed")
        @Size(min = 20, max = 4000, message = "Between 20 and 4,000 characters") String justification,
        @Size(max = 4000, message = "At most 4,000 characters") String rollbackPlan) {

    /** An online synchronous release, all at once, on the default target. */
    public DeploymentDraft(UUID versionId, String name, Environment environment, String justification, String rollbackPlan) {
        this(versionId, name, environment, ServingMode.ONLINE_SYNC, null, null, null, null, null, null, null, null, justification, rollbackPlan);
    }

    public ServingMode modeOrDefault() {
        return mode == null ? ServingMode.ONLINE_SYNC : mode;
    }

    public Rollout rolloutOrDefault() {
        return rollout == null ? Rollout.ALL_AT_ONCE : rollout;
    }

    public Resources resourcesOrDefault() {
        return resources == null ? Resources.DEFAULT : resources;
    }

    /**
     * Replicas serving the release; CPU and memory are Kubernetes quantities ({@code 500m}, {@code 1Gi})
     * and apply to Kubernetes targets only (null: the target's defaults).
     */
    public record Resources(
            @Min(value = 1, message = "At least 1 replica") @Max(value = 20, message = "At most 20 replicas") int replicas,
            @jakarta.validation.constraints.Pattern(regexp = "[0-9]+(\\.[0-9]+)?m?", message = "CPU like 500m or 2") String cpu,
            @jakarta.validation.constraints.Pattern(regexp = "[0-9]+(Mi|Gi)", message = "Memory like 512Mi or 2Gi") String memory) {

        public static final Resources DEFAULT = new Resources(1, null, null);
    }
}
