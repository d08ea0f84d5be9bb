package io.esteira.identity.security;

import io.esteira.identity.domain.Origin;
import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.shared.Trace;
import io.esteira.shared.security.Role;
import io.esteira.identity.IdentityEvents.UserCreated;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In production: creates the first administrator from {@code ESTEIRA_BOOTSTRAP_ADMIN_PASSWORD} when
 * there is none, and refuses to start while a demo account or a well-known password exists.
 */
@Component
@Profile("production")
class ProductionAccountGuard implements SmartInitializingSingleton {

    static final List<String> DEMO_ACCOUNTS = List.of("ds.credit", "ds.fraud", "reviewer.risk", "reviewer.risk2", "reviewer.gov",
            "manager.credit");
    static final List<String> WELL_KNOWN_PASSWORDS = List.of("demo", "admin", "password", "changeit", "change-me",
            "esteira", "123456");

    private final Users users;
    private final PasswordEncoder passwords;
    private final IdentityProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ProductionAccountGuard(Users users, PasswordEncoder passwords, IdentityProperties properties,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.users = users;
        this.passwords = passwords;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
    }

    /** Runs once the beans exist and before the web server takes a single request. */
    @Override
    public void afterSingletonsInstantiated() {
        transactions.executeWithoutResult(tx -> {
            bootstrapAdministrator();
            refuseDemoAccounts();
        });
    }

    private void bootstrapAdministrator() {
        String password = properties.bootstrapAdminPassword();
        if (password == null || password.isBlank() || users.existsEnabledWithRole(Role.ADMIN)) {
            return;
        }
        if (password.length() < 16 || WELL_KNOWN_PASSWORDS.contains(password.toLowerCase())) {
            throw new IllegalStateException("ESTEIRA_BOOTSTRAP_ADMIN_PASSWORD must have at least 16 characters "
                    + "and not be a well-known password");
        }
        User admin = User.local("admin", "Platform administrator", null, passwords.encode(password), clock.instant());
        admin.changeRoles(Set.of(Role.ADMIN), clock.instant());
        users.save(admin);
        events.publishEvent(new UserCreated(admin.getId(), "admin", "LOCAL", Set.of(Role.ADMIN), Trace.system(clock)));
    }

    void refuseDemoAccounts() {
        for (String name : DEMO_ACCOUNTS) {
            if (users.existsByUsername(name)) {
                throw new IllegalStateException("Refusing to start in production: demo account '" + name
                        + "' exists. Remove it (or start without the production profile).");
            }
        }
        for (User user : users.findByOrigin(Origin.LOCAL)) {
            for (String weak : WELL_KNOWN_PASSWORDS) {
                if (user.getPasswordHash() != null && passwords.matches(weak, user.getPasswordHash())) {
                    throw new IllegalStateException("Refusing to start in production: local account '"
                            + user.getUsername() + "' has a default password. Change it first.");
                }
            }
        }
    }
}
