package io.esteira.support;

import io.esteira.identity.Accounts;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs code as one of the demo personas, signed in the way the portal signs them in: the
 * {@link SignedInUser} that {@link Accounts} builds (global roles plus area roles) as principal,
 * with a {@code ROLE_…} authority for each role.
 */
@TestComponent
public class Personas {

    public static final String DS_CREDIT = "ds.credit";
    public static final String DS_FRAUD = "ds.fraud";
    public static final String REVIEWER_RISK = "reviewer.risk";
    public static final String REVIEWER_RISK2 = "reviewer.risk2";
    public static final String REVIEWER_GOV = "reviewer.gov";
    public static final String MANAGER_CREDIT = "manager.credit";
    public static final String ADMIN = "admin";
    public static final List<String> ALL = List.of(DS_CREDIT, DS_FRAUD, REVIEWER_RISK, REVIEWER_RISK2, REVIEWER_GOV, MANAGER_CREDIT,
            ADMIN);

    private final UserDirectory directory;
    private final Accounts accounts;

    Personas(UserDirectory directory, Accounts accounts) {
        this.directory = directory;
        this.accounts = accounts;
    }

    /** The signed-in user the portal would make of this person. */
    public SignedInUser user(String username) {
        var person = directory.findByUsername(username)
                .orElseThrow(() -> new IllegalArgumentException("No user named " + username));
        return accounts.signedInUser(person.id(), null, null);
    }

    /** The authentication of the person as the portal's session holds it, e.g. for MockMvc's {@code authentication(…)}. */
    public UsernamePasswordAuthenticationToken authentication(String username) {
        SignedInUser user = user(username);
        List<GrantedAuthority> authorities = user.roles().stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    /** Signs the person in on this thread until the returned handle is closed. */
    public SignIn signIn(String username) {
        UsernamePasswordAuthenticationToken authentication = authentication(username);
        SignedInUser user = (SignedInUser) authentication.getPrincipal();
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        return new SignIn(user, previous);
    }

    public <T> T call(String username, Supplier<T> work) {
        try (SignIn ignored = signIn(username)) {
            return work.get();
        }
    }

    public void run(String username, Runnable work) {
        try (SignIn ignored = signIn(username)) {
            work.run();
        }
    }

    /** A sign-in on the current thread; closing it restores whoever was signed in before (usually nobody). */
    public static final class SignIn implements AutoCloseable {

        private final SignedInUser user;
        private final SecurityContext previous;

        private SignIn(SignedInUser user, SecurityContext previous) {
            this.user = user;
            this.previous = previous;
        }

        public SignedInUser user() {
            return user;
        }

        @Override
        public void close() {
            if (previous.getAuthentication() == null) {
                SecurityContextHolder.clearContext();
            } else {
                SecurityContextHolder.setContext(previous);
            }
        }
    }
}
