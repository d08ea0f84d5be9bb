package io.esteira.identity.security;

import java.time.Clock;
import java.util.Optional;

import io.esteira.identity.Accounts;
import io.esteira.identity.ApiTokenService;
import io.esteira.shared.Trace;
import io.esteira.shared.security.SignedInUser;
import org.slf4j.MDC;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates API calls: an Esteira API token ({@code est_…}) or, when an identity provider is
 * configured, a JWT it issued. Either way the caller becomes a portal user with the same checks.
 */
class BearerAuthentication implements AuthenticationManager {

    private final ApiTokenService tokens;
    private final JwtDecoder jwtDecoder;
    private final Accounts accounts;
    private final ClaimMapper claims;
    private final SignInAuditor auditor;
    private final RecentBearerTokens recent;
    private final Clock clock;

    BearerAuthentication(ApiTokenService tokens, JwtDecoder jwtDecoder, Accounts accounts, ClaimMapper claims,
            SignInAuditor auditor, RecentBearerTokens recent, Clock clock) {
        this.clock = clock;
        this.recent = recent;
        this.tokens = tokens;
        this.jwtDecoder = jwtDecoder;
        this.accounts = accounts;
        this.claims = claims;
        this.auditor = auditor;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        try {
            SignedInUser user = token.startsWith(ApiTokenService.TOKEN_PREFIX) ? byApiToken(token) : byJwt(token);
            return UsernamePasswordAuthenticationToken.authenticated(user, null, Authorities.of(user));
        } catch (AuthenticationException e) {
            auditor.failed(Trace.anonymous("api-caller", clock), "bearer token refused: " + e.getMessage());
            throw e;
        }
    }

    private SignedInUser byApiToken(String token) {
        Optional<SignedInUser> known = recent.get(token);
        if (known.isPresent()) {
            return known.get();
        }
        SignedInUser user = io.esteira.shared.jdbc.ConnectionLoss.retryOnce(() -> tokens.authenticate(token, MDC.get(Trace.MDC_CLIENT_ADDRESS)))
                .orElseThrow(() -> new InvalidBearerTokenException("Unknown, expired or revoked API token"));
        recent.put(token, user);
        return user;
    }

    private SignedInUser byJwt(String token) {
        if (jwtDecoder == null) {
            throw new InvalidBearerTokenException("Not an API token, and no identity provider is configured for JWTs");
        }
        Jwt jwt;
        try {
            jwt = jwtDecoder.decode(token);
        } catch (JwtException e) {
            throw new InvalidBearerTokenException("Invalid JWT: " + e.getMessage(), e);
        }
        try {
            // a database restart refuses no one: once more, on a new connection
            return io.esteira.shared.jdbc.ConnectionLoss.retryOnce(() -> accounts.provisionFromIdentityProvider(claims.map(jwt.getSubject(),
                    jwt.getClaims())));
        } catch (RuntimeException e) {
            throw new InvalidBearerTokenException("Account refused: " + e.getMessage(), e);
        }
    }
}
