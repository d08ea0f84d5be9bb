package io.esteira.identity.security;

import io.esteira.shared.web.AccessDeniedRecorder;
import io.esteira.shared.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** The API answers 401 and 403 as problem+json, never with a redirect to the login page. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> Problems.write(request, response, HttpStatus.UNAUTHORIZED,
                request.getHeader("Authorization") == null
                        ? "Authentication required: send 'Authorization: Bearer <API token or JWT>'."
                        : "The bearer token was not accepted (unknown, expired, revoked, or not issued for this portal).");
    }

    static AccessDeniedHandler forbidden(AccessDeniedRecorder recorder) {
        return (request, response, e) -> {
            recorder.denied("api", request.getMethod() + " " + request.getRequestURI());
            Problems.write(request, response, HttpStatus.FORBIDDEN, "You are not allowed to do this.");
        };
    }
}
