package io.esteira.workspaces;

import io.esteira.shared.security.Role;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Set;
import java.util.UUID;

/**
 * A template as an administrator writes it.
 *
 * @param image     the container image (kubernetes) or the Jupyter kernel name (local)
 * @param areaIds   the areas that may use it; empty for all
 * @param roles     the roles that may use it; empty for everyone who works in an area
 */
public record TemplateDraft(
        @NotBlank(message = "A name is required") @Size(max = 120, message = "At most 120 characters") String name,
        @NotNull(message = "A description is required") @Size(max = 1000, message = "At most 1000 characters") String description,
        @NotBlank(message = "An image or kernel is required") @Size(max = 300, message = "At most 300 characters") String image,
        @NotBlank(message = "Pick a provisioner") String provisioner,
        @NotEmpty(message = "Allow at least one size") Set<String> sizeCodes,
        @NotNull Set<UUID> areaIds,
        @NotNull Set<Role> roles,
        @Min(value = 5, message = "At least 5 minutes") @Max(value = 1440, message = "At most 1440 minutes (a day)") int idleTimeoutMinutes,
        @Min(value = 1, message = "At least 1 hour") @Max(value = 720, message = "At most 720 hours (30 days)") int maxLifetimeHours,
        boolean active) {
}
