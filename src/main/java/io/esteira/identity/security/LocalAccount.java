package io.esteira.identity.security;

import io.esteira.shared.security.HasSignedInUser;
import io.esteira.shared.security.SignedInUser;
import java.util.Collection;
import java.util.Objects;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A person signed in with a local password. */
final class LocalAccount implements UserDetails, HasSignedInUser {

    private final SignedInUser user;
    private final String passwordHash;
    private final boolean enabled;
    private final Collection<? extends GrantedAuthority> authorities;

    LocalAccount(SignedInUser user, String passwordHash, boolean enabled) {
        this.user = user;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.authorities = Authorities.of(user);
    }

    @Override public SignedInUser signedInUser() { return user; }
    @Override public Collection<? extends GrantedAuthority> getAuthorities() { return authorities; }
    @Override public String getPassword() { return passwordHash; }
    @Override public String getUsername() { return user.username(); }
    @Override public boolean isEnabled() { return enabled; }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalAccount other && Objects.equals(user.userId(), other.user.userId());
    }

    @Override
    public int hashCode() {
        return user.userId().hashCode();
    }

    @Override
    public String toString() {
        return user.username();
    }
}
