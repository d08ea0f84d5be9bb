package io.esteira.identity;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.Map;
import java.util.UUID;

/** The events of the identity module, all recorded by the audit log. */
public final class IdentityEvents {

    private IdentityEvents() {
    }

    public record SignedIn(UUID userId, String username, String method, Trace trace) implements AuditableEvent {
        public String action() { return "user.signed-in"; }
        public String objectType() { return "user"; }
        public String objectId() { return userId.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() { return Map.of("method", method); }
    }

    public record SignInFailed(String username, String reason, Trace trace) implements AuditableEvent {
        public String action() { return "user.sign-in-failed"; }
        public String objectType() { return "user"; }
        public String objectId() { return username; }
        public UUID areaId() { return null; }
        public Outcome outcome() { return Outcome.FAILED; }
        public Map<String, Object> details() { return Map.of("reason", reason); }
    }

    /**
     * A user name ({@code kind} "account", whether or not such an account exists) or a client address
     * ("address") is locked for sign-in after too many failures. {@code alertAdministrators}: the administrators are told
     * (false once a burst has alerted them often enough).
     */
    public record SignInLocked(String kind, String subject, int failures, java.time.Instant lockedUntil, boolean alertAdministrators, Trace trace)
            implements AuditableEvent {
        public String action() { return "user.sign-in-locked"; }
        public String objectType() { return "sign-in-" + kind; }
        public String objectId() { return subject.length() > 80 ? subject.substring(0, 80) : subject; }
        public UUID areaId() { return null; }
        public Outcome outcome() { return Outcome.DENIED; }
        public Map<String, Object> details() {
            return Map.of("kind", kind, "subject", subject, "failures", failures, "lockedUntil", lockedUntil.toString());
        }
    }

    /** Many failed sign-ins of any names within a short time: someone may be guessing passwords. */
    public record SignInBurst(int failures, java.time.Duration within, boolean alertAdministrators, Trace trace) implements AuditableEvent {
        public String action() { return "user.sign-in-burst"; }
        public String objectType() { return "sign-in"; }
        public String objectId() { return "all"; }
        public UUID areaId() { return null; }
        public Outcome outcome() { return Outcome.DENIED; }
        public Map<String, Object> details() { return Map.of("failures", failures, "within", within.toString()); }
    }

    public record SignedOut(UUID userId, String username, Trace trace) implements AuditableEvent {
        public String action() { return "user.signed-out"; }
        public String objectType() { return "user"; }
        public String objectId() { return userId.toString(); }
        public UUID areaId() { return null; }
    }

    public record AccessDenied(String channel, String what, Trace trace) implements AuditableEvent {
        public String action() { return "access.denied"; }
        public String objectType() { return channel; }
        public String objectId() { return what.length() > 80 ? what.substring(0, 80) : what; }
        public UUID areaId() { return null; }
        public Outcome outcome() { return Outcome.DENIED; }
        public Map<String, Object> details() { return Map.of("channel", channel, "what", what); }
    }

    public record UserCreated(UUID userId, String username, String origin, java.util.Set<io.esteira.shared.security.Role> roles,
            Trace trace) implements AuditableEvent {
        public String action() { return "user.created"; }
        public String objectType() { return "user"; }
        public String objectId() { return userId.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() {
            return Map.of("username", username, "origin", origin, "roles", new java.util.TreeSet<>(roles).toString());
        }
    }

    public record UserUpdated(UUID userId, Map<String, Object> changes, Trace trace) implements AuditableEvent {
        public String action() { return "user.updated"; }
        public String objectType() { return "user"; }
        public String objectId() { return userId.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() { return changes; }
    }

    public record ApiTokenCreated(UUID tokenId, UUID userId, String name, UUID areaId, boolean service, Trace trace)
            implements AuditableEvent {
        public String action() { return "api-token.created"; }
        public String objectType() { return "api-token"; }
        public String objectId() { return tokenId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "service", service); }
    }

    public record ApiTokenRevoked(UUID tokenId, String name, UUID areaId, Trace trace) implements AuditableEvent {
        public String action() { return "api-token.revoked"; }
        public String objectType() { return "api-token"; }
        public String objectId() { return tokenId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name); }
    }

    /**
     * Single sign-on was refused because its user name is an existing account, and a request to link that account was
     * left for the administrators (published once per request: not again when the same person tries again).
     */
    public record SsoLinkRequested(UUID userId, String username, String subject, String displayName, Trace trace)
            implements AuditableEvent {
        public String action() { return "user.sso-link-requested"; }
        public String objectType() { return "user"; }
        public String objectId() { return userId.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() {
            return Map.of("username", username, "subject", subject, "displayName", displayName == null ? "" : displayName);
        }
    }

    /** An administrator linked an account to the identity provider's subject: it signs in with single sign-on, no password. */
    public record UserLinkedToSso(UUID userId, String username, String subject, String previousOrigin, Trace trace)
            implements AuditableEvent {
        public String action() { return "user.linked-to-sso"; }
        public String objectType() { return "user"; }
        public String objectId() { return userId.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() {
            return Map.of("username", username, "subject", subject, "origin", previousOrigin + " -> SSO", "password", "removed",
                    "apiTokens", "kept");
        }
    }

    /** An administrator dismissed a request to link an account to single sign-on (e.g. someone else's name collided). */
    public record SsoLinkRequestDismissed(UUID userId, String username, String subject, Trace trace) implements AuditableEvent {
        public String action() { return "user.sso-link-request-dismissed"; }
        public String objectType() { return "user"; }
        public String objectId() { return userId.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() { return Map.of("username", username, "subject", subject); }
    }
}
