package io.esteira.identity;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A request for an API token. {@code areaId} limits it to one area (required for service tokens);
 * a service token acts as a pipeline account of that area, not as the administrator who made it.
 */
public record TokenRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]{1,79}", message = "2 to 80 letters, digits, spaces, '.', '_' or '-'") String name,
        UUID areaId,
        @NotNull @Future(message = "must be a future date") LocalDate expiresOn,
        boolean service) {
}
