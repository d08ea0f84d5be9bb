package io.esteira.identity.security;

import io.esteira.identity.Accounts;
import io.esteira.identity.domain.Origin;
import io.esteira.identity.domain.Users;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads local accounts for the login form ({@link LocalSignIn}, not a {@code UserDetailsService} bean, so that
 * nothing signs in around the throttle). SSO and service accounts have no password and cannot use it.
 */
@Component
class LocalAccounts {

    private final Users users;
    private final Accounts accounts;

    LocalAccounts(Users users, Accounts accounts) {
        this.users = users;
        this.accounts = accounts;
    }

    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        return users.findByUsername(username)
                .filter(u -> u.getOrigin() == Origin.LOCAL && u.getPasswordHash() != null)
                .map(u -> new LocalAccount(accounts.signedInUser(u.getId(), null, null), u.getPasswordHash(), u.isEnabled()))
                .orElseThrow(() -> new UsernameNotFoundException("No local account " + username));
    }
}
