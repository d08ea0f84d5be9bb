package io.esteira.identity.security;

import io.esteira.identity.Accounts;
import io.esteira.identity.SsoSignInRefused;
import io.esteira.shared.security.SignedInUser;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** Signs a person in through OIDC: creates the account on first sign-in, keeps roles and areas in step. */
class SsoAccounts extends OidcUserService {

    private final Accounts accounts;
    private final ClaimMapper claims;

    SsoAccounts(Accounts accounts, ClaimMapper claims) {
        this.accounts = accounts;
        this.claims = claims;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser oidc = super.loadUser(request);
        try {
            SignedInUser user = accounts.provisionFromIdentityProvider(
                    claims.map(oidc.getSubject(), oidc.getClaims()));
            return new PortalOidcUser(user, oidc.getIdToken(), oidc.getUserInfo());
        } catch (SsoSignInRefused e) {
            // the reason reaches SsoFailureHandler as the cause
            throw new OAuth2AuthenticationException(new OAuth2Error("account_refused", e.getMessage(), null), e);
        } catch (RuntimeException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error("account_refused", "the portal could not provision the account: "
                    + e.getClass().getSimpleName(), null), e);
        }
    }
}
