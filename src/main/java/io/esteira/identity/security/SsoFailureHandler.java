package io.esteira.identity.security;

import io.esteira.identity.SsoSignInRefused;
import io.esteira.identity.SsoSignInRefused.Reason;
import io.esteira.shared.Trace;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A single sign-on the portal refused (or that did not complete): logged at WARN with its reason, audited as
 * {@code user.sign-in-failed} with the reason, and sent back to the sign-in page with only the reason's code
 * ({@code /login?sso-error=name-is-local-account}), which the page turns into what to ask an administrator.
 */
class SsoFailureHandler implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(SsoFailureHandler.class);
    private static final int MAX_DETAIL = 300;

    private final SignInAuditor auditor;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();
    private final Clock clock;

    SsoFailureHandler(SignInAuditor auditor, Clock clock) {
        this.clock = clock;
        this.auditor = auditor;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        SsoSignInRefused refused = refusal(exception);
        Reason reason = refused == null ? Reason.IDENTITY_PROVIDER : refused.reason();
        String username = refused == null ? null : clean(refused.username());
        String detail = clean(refused == null ? describe(exception) : refused.getMessage());
        String address = MDC.get(Trace.MDC_CLIENT_ADDRESS) != null ? MDC.get(Trace.MDC_CLIENT_ADDRESS) : request.getRemoteAddr();
        log.warn("Single sign-on refused for {} from {}: {}: {}", username == null ? "an unknown person" : username,
                address, reason.code(), detail);
        try {
            auditor.failed(Trace.anonymous(username, clock), "single sign-on refused: " + reason.code() + ": " + detail);
        } catch (RuntimeException e) {
            // the person still gets the page that says what happened
            log.error("Could not audit a refused single sign-on", e);
        }
        redirects.sendRedirect(request, response, "/login?sso-error=" + reason.code());
    }

    private static SsoSignInRefused refusal(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SsoSignInRefused refused) {
                return refused;
            }
        }
        return null;
    }

    /** The OAuth 2.0 error code and description (e.g. {@code access_denied} when the person cancelled at the provider). */
    private static String describe(AuthenticationException exception) {
        if (exception instanceof OAuth2AuthenticationException oauth) {
            OAuth2Error error = oauth.getError();
            String description = error.getDescription();
            return error.getErrorCode() + (description == null || description.isBlank() ? "" : " (" + description + ")");
        }
        return exception.getClass().getSimpleName() + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
    }

    /** One line, bounded: the description may come from the callback's query string. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
    }
}
