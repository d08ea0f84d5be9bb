package io.esteira.features;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A feature group (or a new version of one) as the wizard or a pipeline registers it. The domain is
 * the owning business area.
 */
public record FeatureGroupDraft(
        @NotNull(message = "Pick the business domain (area)") UUID areaId,
        @NotBlank(message = "A name is required")
        @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String name,
        @Size(max = 2000, message = "At most 2000 characters") String description,
        List<@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,29}", message = "Tags are up to 30 lower-case letters, digits or hyphens") String> tags,
        @NotNull(message = "Pick a data source") UUID sourceId,
        @NotNull(message = "Pick a table or write a SELECT") @jakarta.validation.Valid SourceQuery query,
        @NotEmpty(message = "Pick at least one entity key") List<String> entityKeys,
        @NotBlank(message = "Pick the event time column") String eventTimeColumn,
        @NotEmpty(message = "Pick at least one feature") List<@Valid FeatureDraft> features) {

    public static final String NAME_PATTERN = "[a-z][a-z0-9_]{2,79}";
    public static final String NAME_RULE = "3 to 80 lower-case letters, digits or underscores, starting with a letter";
}
