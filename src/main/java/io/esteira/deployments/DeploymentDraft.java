package io.esteira.deployments;

import io.esteira.changes.Environment;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * What a requester asks for: a model version, served under a name (URL-safe, unique in the area) in
 * an environment. The justification and rollback plan go to the change request.
 *
 * @param mode null: {@link ServingMode#ONLINE_SYNC}, the only mode available so far
 */
public record DeploymentDraft(
        @NotNull(message = "Name the model version") UUID versionId,
        @NotBlank(message = "Name the deployment") String name,
        @NotNull(message = "Pick an environment") Environment environment,
        ServingMode mode,
        @NotBlank(message = "Say why this deployment is needed")
        @Size(min = 20, max = 4000, message = "Between 20 and 4,000 characters") String justification,
        @Size(max = 4000, message = "At most 4,000 characters") String rollbackPlan) {

    public DeploymentDraft(UUID versionId, String name, Environment environment, String justification, String rollbackPlan) {
        this(versionId, name, environment, ServingMode.ONLINE_SYNC, justification, rollbackPlan);
    }
}
