package io.esteira.features;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Asks the owning area of a feature group to let an area read some of its personal-data features.
 *
 * @param areaId the area that will read them; the requester acts in it
 */
public record AccessRequestDraft(
        @NotNull(message = "Say for which of your areas") UUID areaId,
        @NotEmpty(message = "Name the personal-data features you need") List<@NotBlank String> features,
        @NotBlank(message = "Say why the area needs them") @Size(min = 20, max = 2000, message = "Give a justification of 20 to 2000 characters") String justification) {
}
