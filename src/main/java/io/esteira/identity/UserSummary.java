package io.esteira.identity;

import io.esteira.shared.security.Role;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** {@code ssoLinkRequest}: a pending request to link the account to single sign-on, or null. */
public record UserSummary(UUID id, String username, String displayName, String email, String origin,
        Set<Role> roles, boolean enabled, Instant lastSignInAt, long version, SsoLinkRequestSummary ssoLinkRequest) {
}
