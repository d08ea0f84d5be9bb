package io.esteira.identity.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Sends a failed sign-in back to the login page, saying how long to wait when the name or the address
 * is now locked or must wait ({@code /login?error&retry-in=<seconds>}): the same for a name that is an
 * account and one that is not.
 */
class SignInFailureHandler implements AuthenticationFailureHandler {

    private final SignInThrottle throttle;
    private final Clock clock;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    SignInFailureHandler(SignInThrottle throttle, Clock clock) {
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        Optional<SignInThrottle.Refusal> refusal = exception instanceof SignInThrottledException throttled
                ? Optional.of(new SignInThrottle.Refusal(throttled.until(), throttled.locked()))
                : throttle.refusal(request.getParameter("username"), request.getRemoteAddr()).filter(SignInThrottle.Refusal::locked);
        String target = "/login?error";
        if (refusal.isPresent()) {
            long millis = Duration.between(clock.instant(), refusal.get().until()).toMillis();
            target += "&retry-in=" + Math.max(1, (millis + 999) / 1000);
        }
        redirects.sendRedirect(request, response, target);
    }
}
