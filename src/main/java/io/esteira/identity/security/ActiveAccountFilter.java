package io.esteira.identity.security;

import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import java.util.Set;
import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.CurrentUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of a person whose account was disabled or who lost a platform-wide role, at their next request, on whichever
 * portal node holds the session (the check reads the shared database, not node memory).
 */
class ActiveAccountFilter extends OncePerRequestFilter {

    private static final Set<Role> PLATFORM_ROLES = Set.of(Role.ADMIN, Role.REVIEWER, Role.RISK_REVIEWER, Role.GOVERNANCE_REVIEWER);

    private final Users users;

    ActiveAccountFilter(Users users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var user = CurrentUser.get();
        if (user.isPresent() && user.get().actorType() == ActorType.USER && !stillValid(user.get())) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }

    /** Enabled, and still holding every platform-wide role the session was granted at sign-in. */
    private boolean stillValid(SignedInUser session) {
        return users.findById(session.userId())
                .filter(User::isEnabled)
                .filter(u -> PLATFORM_ROLES.stream().noneMatch(r -> session.has(r) && !u.getRoles().contains(r)))
                .isPresent();
    }
}
