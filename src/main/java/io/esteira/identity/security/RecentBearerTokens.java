package io.esteira.identity.security;

import io.esteira.areas.AreaEvents.MemberAdded;
import io.esteira.areas.AreaEvents.MemberRemoved;
import io.esteira.identity.IdentityEvents.ApiTokenRevoked;
import io.esteira.identity.IdentityEvents.UserUpdated;
import io.esteira.shared.security.SignedInUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import io.esteira.shared.AfterCommit;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * API tokens checked in the last few seconds, so that an application calling many times a second
 * (online feature lookups, predictions) does not pay the token, user and membership queries on
 * every call. Revoking a token, changing a user or a membership empties it on this node; on other
 * nodes such a change takes effect within {@link #KEEP}. Keyed by the token's SHA-256, never the secret.
 */
@Component
class RecentBearerTokens {

    static final Duration KEEP = Duration.ofSeconds(5);
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(SignedInUser user, long expiresAt) {
    }

    private final Map<String, Entry> recent = new ConcurrentHashMap<>();

    Optional<SignedInUser> get(String secret) {
        Entry entry = recent.get(key(secret));
        return entry != null && entry.expiresAt() - System.nanoTime() > 0 ? Optional.of(entry.user()) : Optional.empty();
    }

    void put(String secret, SignedInUser user) {
        if (recent.size() >= MAX_ENTRIES) {
            recent.clear();
        }
        recent.put(key(secret), new Entry(user, System.nanoTime() + KEEP.toNanos()));
    }

    /** Emptied at once and again after the change commits, so that no check in between survives it. */
    @EventListener({ApiTokenRevoked.class, UserUpdated.class, MemberAdded.class, MemberRemoved.class})
    void forgetAll() {
        recent.clear();
        AfterCommit.run(recent::clear);
    }

    private static String key(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
