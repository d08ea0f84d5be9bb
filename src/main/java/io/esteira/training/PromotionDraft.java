package io.esteira.training;

import io.esteira.deployments.Rollout;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What the data scientist writes when asking to promote a challenger: a release of it on the champion's endpoint,
 * through the deployments' usual change request.
 *
 * @param rollout       null or ALL_AT_ONCE, or CANARY with {@code canaryPercent}
 */
public record PromotionDraft(
        @NotBlank(message = "Say why the challenger should replace the champion")
        @Size(min = 20, max = 4000, message = "Between 20 and 4,000 characters") String justification,
        @Size(max = 4000, message = "At most 4,000 characters") String rollbackPlan,
        Rollout rollout,
        Integer canaryPercent) {
}
