package io.esteira.shared.security;

import java.io.Serializable;
import java.util.Set;
import java.util.UUID;

/**
 * The person or pipeline behind the current request, whatever way it signed in (form, SSO, JWT,
 * API token). {@code areaScope} is set when an API token is limited to one area.
 */
public record SignedInUser(UUID userId, String username, String displayName, Set<Role> roles, ActorType actorType,
        String tokenName, UUID areaScope) implements Serializable {

    public SignedInUser {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    /** An administrator acting with platform-wide power: not through a token limited to one area. */
    public boolean isPlatformAdmin() {
        return isAdmin() && areaScope == null;
    }

    /** A CI/CD pipeline's service account, not a person. */
    public boolean isPipeline() {
        return actorType == ActorType.PIPELINE;
    }

    /** The name written to the audit log: the user, plus the token when one was used. */
    public String actorName() {
        return tokenName == null ? username : username + " (token " + tokenName + ")";
    }
}
