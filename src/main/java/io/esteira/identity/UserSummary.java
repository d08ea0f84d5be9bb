package io.esteira.identity;

import io.esteira.shared.security.Role;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

public record UserSummary(UUID id, String username, String displayName, String email, String origin,
        Set<Role> roles, boolean enabled, Instant lastSignInAt, long version) {
}
