package io.esteira.shared.security;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in user of the current thread. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Optional<SignedInUser> get() {
        return from(SecurityContextHolder.getContext().getAuthentication());
    }

    public static SignedInUser require() {
        return get().orElseThrow(() -> new AccessDeniedException("Sign-in required"));
    }

    public static Optional<SignedInUser> from(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof SignedInUser user) {
            return Optional.of(user);
        }
        if (principal instanceof HasSignedInUser holder) {
            return Optional.of(holder.signedInUser());
        }
        return Optional.empty();
    }
}
