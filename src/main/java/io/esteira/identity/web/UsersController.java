package io.esteira.identity.web;

import io.esteira.identity.IdentityService;
import io.esteira.identity.SsoLinkRefused;
import io.esteira.identity.SsoLinkRequestSummary;
import io.esteira.identity.UserSummary;
import io.esteira.shared.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators link an existing account to single sign-on when the person it belongs to was refused for signing in
 * under its name (or dismiss the request). The checks are the service's: anyone else is answered 403.
 */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Accounts of the portal (administrators)")
class UsersController {

    private final IdentityService identity;

    UsersController(IdentityService identity) {
        this.identity = identity;
    }

    /** {@code subject}: optional; the subject the administrator saw, so that a request that changed meanwhile is not linked. */
    record LinkRequest(String subject) {
    }

    @GetMapping("/sso-link-requests")
    @Operation(summary = "Pending requests to link an account to single sign-on, the latest attempt first (administrators)")
    List<SsoLinkRequestSummary> ssoLinkRequests() {
        return identity.ssoLinkRequests();
    }

    @PostMapping("/{id}/sso-link")
    @Operation(summary = "Link the account to the single sign-on subject of its pending request (administrators): it keeps its "
            + "history, areas and roles until the next sign-in syncs them; its password is removed; its API tokens stay. "
            + "Optional body {\"subject\": \"…\"}: the subject you saw. 409 when no request is pending, the request changed, "
            + "or the account is a service account, disabled or already linked, or the subject is another account's")
    UserSummary link(@PathVariable UUID id, @RequestBody(required = false) LinkRequest request) {
        return identity.linkToSingleSignOn(id, request == null ? null : blankToNull(request.subject()));
    }

    @DeleteMapping("/{id}/sso-link-request")
    @Operation(summary = "Dismiss the account's pending request to link it to single sign-on (administrators); 404 when none")
    ResponseEntity<Void> dismiss(@PathVariable UUID id) {
        identity.dismissSsoLinkRequest(id);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(SsoLinkRefused.class)
    ProblemDetail refused(SsoLinkRefused e) {
        return Problems.of(HttpStatus.CONFLICT, e.getMessage());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
