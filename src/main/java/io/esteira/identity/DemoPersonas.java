package io.esteira.identity;

import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo people at work: seeding does what they would do in the portal (a
 * data scientist requests a release, the reviewers approve it) as them, with their roles and areas,
 * so that the same checks apply and the audit trail names them. Only with demo data on.
 */
@Component
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
public class DemoPersonas {

    private final UserDirectory directory;
    private final Accounts accounts;

    DemoPersonas(UserDirectory directory, Accounts accounts) {
        this.directory = directory;
        this.accounts = accounts;
    }

    /** Runs the work signed in as the named demo person, on this thread. */
    public <T> T call(String username, Supplier<T> work) {
        var person = directory.findByUsername(username).orElseThrow(() -> new IllegalStateException("No demo person named " + username));
        SignedInUser user = accounts.signedInUser(person.id(), null, null);
        List<GrantedAuthority> authorities = user.roles().stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public void run(String username, Runnable work) {
        call(username, () -> {
            work.run();
            return null;
        });
    }
}
