package io.esteira.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A pending request to link an account to single sign-on: someone the identity provider knows as {@code subject}
 * (named {@code displayName}, {@code email}) tried single sign-on under the account's user name; {@code requestedAt} is
 * the latest attempt, {@code attempts} how many there were since the request began.
 */
public record SsoLinkRequestSummary(UUID userId, String username, String accountOrigin, boolean accountEnabled, String subject,
        String displayName, String email, Instant firstRequestedAt, Instant requestedAt, int attempts) {
}
