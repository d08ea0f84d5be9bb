package io.esteira.identity.security;

import io.esteira.shared.security.HasSignedInUser;
import io.esteira.shared.security.SignedInUser;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** A person signed in through the identity provider, carrying the portal's view of them. */
final class PortalOidcUser extends DefaultOidcUser implements HasSignedInUser {

    private final SignedInUser user;

    PortalOidcUser(SignedInUser user, OidcIdToken idToken, OidcUserInfo userInfo) {
        super(Authorities.of(user), idToken, userInfo);
        this.user = user;
    }

    @Override
    public SignedInUser signedInUser() {
        return user;
    }

    @Override
    public String getName() {
        return user.username();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortalOidcUser other && user.userId().equals(other.user.userId());
    }

    @Override
    public int hashCode() {
        return user.userId().hashCode();
    }
}
