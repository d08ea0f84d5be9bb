package io.esteira.identity.security;

import io.esteira.identity.domain.Users;
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
 * Ends the session of a person whose account was disabled, at their next request, on whichever
 * portal node holds the session (the check reads the shared database, not node memory).
 */
class ActiveAccountFilter extends OncePerRequestFilter {

    private final Users users;

    ActiveAccountFilter(Users users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var user = CurrentUser.get();
        if (user.isPresent() && user.get().actorType() == ActorType.USER
                && !users.isEnabled(user.get().userId()).orElse(false)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }
}
