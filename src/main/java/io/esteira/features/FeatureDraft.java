package io.esteira.features;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A feature as its author declares it: a column of the source, its type as the source must have it,
 * meaning, unit, whether it is personal data, and an optional validation rule.
 *
 * @param allowedValues for text features: the only values allowed (empty: any)
 */
public record FeatureDraft(
        @NotBlank(message = "Name the column") @Size(max = 120) String name,
        @NotNull(message = "Pick a type") ColumnInfo.Kind type,
        @Size(max = 1000, message = "At most 1000 characters") String description,
        @Size(max = 40, message = "At most 40 characters") String unit,
        boolean pii,
        boolean notNull,
        Double minValue,
        Double maxValue,
        List<String> allowedValues) {
}
