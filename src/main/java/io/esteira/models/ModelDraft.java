package io.esteira.models;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A new model of an area.
 *
 * @param riskTier model-risk tier: 1 is the highest risk, 3 the lowest
 * @param owner    the owner's user name; empty: whoever creates it
 */
public record ModelDraft(
        @NotNull(message = "Pick the area") UUID areaId,
        @NotBlank(message = "Name the model")
        @Pattern(regexp = NAME, message = "Lower-case letters, digits, - and _, starting with a letter, at most 80") String name,
        @Size(max = 2000, message = "At most 2000 characters") String description,
        @NotBlank(message = "Say what the model is used for") @Size(max = 200, message = "At most 200 characters") String useCase,
        @Min(value = 1, message = "Tier 1, 2 or 3") @Max(value = 3, message = "Tier 1, 2 or 3") int riskTier,
        @Size(max = 120) String owner,
        @Size(max = 20, message = "At most 20 thresholds") List<@Valid Threshold> thresholds) {

    /** URL-safe: used as is in {@code /models/{name}} and {@code /api/v1/models/{name}}. */
    public static final String NAME = "[a-z][a-z0-9_-]{0,79}";
}
