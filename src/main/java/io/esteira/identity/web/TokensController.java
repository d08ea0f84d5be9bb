package io.esteira.identity.web;

import io.esteira.identity.ApiTokenService;
import io.esteira.identity.ApiTokenSummary;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Tokens are created in the portal, where the secret can be shown once; the API lists and revokes them. */
@RestController
@Tag(name = "Identity", description = "The caller and their API tokens")
class TokensController {

    private final ApiTokenService tokens;

    TokensController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/api/v1/me")
    SignedInUser me() {
        return CurrentUser.require();
    }

    @GetMapping("/api/v1/tokens")
    List<ApiTokenSummary> mine() {
        return tokens.mine();
    }

    @DeleteMapping("/api/v1/tokens/{id}")
    ApiTokenSummary revoke(@PathVariable UUID id) {
        return tokens.revoke(id);
    }
}
