package io.esteira.identity;

import io.esteira.shared.security.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

public record NewLocalUser(
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9._-]{1,59}", message = "2 to 60 lower-case letters, digits, '.', '_' or '-', starting with a letter") String username,
        @NotBlank @Size(max = 200) String displayName,
        @Email @Size(max = 320) String email,
        @NotBlank @Size(min = 12, max = 200, message = "at least 12 characters") String password,
        Set<Role> roles) {
}
