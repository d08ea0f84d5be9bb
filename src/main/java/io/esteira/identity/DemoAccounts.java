package io.esteira.identity;

import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.identity.IdentityEvents.UserCreated;
import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.shared.Trace;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SystemActor;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo personas of the embedded default, all with the password {@code demo}. They exist only
 * while demo data is on; the production profile refuses to start if any of them is present.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoAccounts implements ApplicationRunner {

    static final String PASSWORD = "demo";

    private final Users users;
    private final PasswordEncoder passwords;
    private final AreaService areas;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DemoAccounts(Users users, PasswordEncoder passwords, AreaService areas, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.users = users;
        this.passwords = passwords;
        this.areas = areas;
        this.transactions = transactions;
        this.events = events;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.existsByUsername("admin")) {
            addLaterPersonas();
            return;
        }
        SystemActor.run(() -> transactions.executeWithoutResult(tx -> {
            String hash = passwords.encode(PASSWORD);
            create("ds.credit", "Ana Ribeiro", Set.of(Role.DATA_SCIENTIST), hash, Map.of("CREDIT", AreaRole.DATA_SCIENTIST));
            create("ds.fraud", "Bruno Costa", Set.of(Role.DATA_SCIENTIST), hash, Map.of("FRAUD", AreaRole.DATA_SCIENTIST));
            create("reviewer.risk", "Rita Moreira", Set.of(Role.REVIEWER, Role.RISK_REVIEWER), hash, Map.of());
            create("reviewer.gov", "Gustavo Pires", Set.of(Role.REVIEWER, Role.GOVERNANCE_REVIEWER), hash, Map.of());
            createSecondRiskReviewer(hash);
            create("manager.credit", "Marta Silva", Set.of(Role.MANAGER), hash, Map.of("CREDIT", AreaRole.MANAGER));
            create("admin", "Platform Admin", Set.of(Role.ADMIN), hash, Map.of());
        }));
    }

    /**
     * Personas added after the first release, for demo databases seeded before them: only where the
     * original demo personas are there (migration V11 gives those their reviewer kinds).
     */
    private void addLaterPersonas() {
        if (users.existsByUsername("reviewer.risk") && !users.existsByUsername("reviewer.risk2")) {
            SystemActor.run(() -> transactions.executeWithoutResult(tx -> createSecondRiskReviewer(passwords.encode(PASSWORD))));
        }
    }

    /** A second model-risk reviewer, so that two-person rules can be shown with people to spare. */
    private void createSecondRiskReviewer(String hash) {
        create("reviewer.risk2", "Rui Teixeira", Set.of(Role.REVIEWER, Role.RISK_REVIEWER), hash, Map.of());
    }

    private void create(String username, String name, Set<Role> roles, String hash, Map<String, AreaRole> memberships) {
        User user = User.local(username, name, username + "@esteira.example", hash, clock.instant());
        user.changeRoles(roles, clock.instant());
        users.save(user);
        events.publishEvent(new UserCreated(user.getId(), username, "LOCAL", roles, Trace.system(clock)));
        areas.syncMemberships(user.getId(), username, memberships, Trace.system(clock));
    }
}
