package io.esteira.workspaces;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * What a data scientist asks for.
 *
 * @param maxLifetimeHours null for the template's maximum
 * @param idleTimeoutMinutes null for the template's default
 */
public record WorkspaceRequest(
        @NotNull(message = "Pick an area") UUID areaId,
        @NotNull(message = "Pick a template") UUID templateId,
        @NotBlank(message = "Pick a size") String sizeCode,
        @NotBlank(message = "A name is required")
        @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String name,
        @Min(value = 5, message = "At least 5 minutes") @Max(value = 1440, message = "At most 1440 minutes (a day)") Integer idleTimeoutMinutes,
        @Min(value = 1, message = "At least 1 hour") Integer maxLifetimeHours,
        @Size(max = 500, message = "At most 500 characters") String gitRepository) {

    public static final String NAME_PATTERN = "[a-z][a-z0-9-]{1,38}[a-z0-9]";
    public static final String NAME_RULE = "3 to 40 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen";
}
