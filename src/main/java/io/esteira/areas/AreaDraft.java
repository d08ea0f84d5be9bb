package io.esteira.areas;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** What an administrator types to create or change an area. */
public record AreaDraft(
        @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,31}", message = "2 to 32 capital letters, digits or _, starting with a letter") String code,
        @NotBlank @Size(max = 120) String name,
        @NotBlank @Size(max = 40) String costCenter,
        @NotNull @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 15, fraction = 2) BigDecimal monthlyBudget,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as EUR") String currency,
        boolean active) {
}
