package io.esteira;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import io.esteira.support.Personas;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** What every start of the portal must give, on each database it supports. */
abstract class ApplicationStartsScenarios {

    @Autowired
    Flyway flyway;
    @Autowired
    AreaService areas;
    @Autowired
    UserDirectory directory;
    @Autowired
    Personas personas;
    @Autowired
    com.zaxxer.hikari.HikariDataSource dataSource;

    /** Flyway's name for the database, as in {@code db/migration/{vendor}}. */
    abstract String vendor();

    @Test
    void flyway_applied_every_common_and_vendor_migration() throws IOException {
        MigrationInfo[] all = flyway.info().all();
        assertThat(flyway.info().pending()).as("pending migrations").isEmpty();
        assertThat(all).as("migrations that did not succeed")
                .allSatisfy(m -> assertThat(m.getState()).as(m.getScript()).isEqualTo(MigrationState.SUCCESS));

        Set<String> applied = new TreeSet<>();
        Arrays.stream(all).forEach(m -> applied.add(m.getVersion().getVersion()));
        assertThat(applied).isEqualTo(versionsIn("common", vendor()));
    }

    /** See EmbeddedDatabaseTest: H2 refuses writes once the connection that created a table's constraints is closed. */
    @Test
    void the_pool_keeps_its_connections_so_the_one_that_created_the_tables_stays_open() {
        assertThat(dataSource.getMaxLifetime()).as("no maximum lifetime").isZero();
        assertThat(dataSource.getMinimumIdle()).as("idle connections kept").isEqualTo(dataSource.getMaximumPoolSize());
    }

    @Test
    void the_demo_areas_exist() {
        assertThat(personas.call(Personas.ADMIN, areas::myAreas)).extracting(AreaSummary::code)
                .contains("CREDIT", "FRAUD", "MARKETING");
    }

    @Test
    void the_seven_demo_personas_exist_with_their_roles() {
        assertThat(Personas.ALL).allSatisfy(name -> assertThat(directory.findByUsername(name))
                .as(name).hasValueSatisfying(p -> assertThat(p.enabled()).isTrue()));
        assertRoles(Personas.DS_CREDIT, Role.DATA_SCIENTIST);
        assertRoles(Personas.DS_FRAUD, Role.DATA_SCIENTIST);
        assertRoles(Personas.REVIEWER_RISK, Role.REVIEWER, Role.RISK_REVIEWER);
        assertRoles(Personas.REVIEWER_RISK2, Role.REVIEWER, Role.RISK_REVIEWER);
        assertRoles(Personas.REVIEWER_GOV, Role.REVIEWER, Role.GOVERNANCE_REVIEWER);
        assertRoles(Personas.MANAGER_CREDIT, Role.MANAGER);
        assertRoles(Personas.ADMIN, Role.ADMIN);
    }

    private void assertRoles(String username, Role... roles) {
        SignedInUser user = personas.user(username);
        assertThat(user.roles()).as(username).containsExactlyInAnyOrder(roles);
    }

    /** The versions of the SQL migrations in the given folders under db/migration. */
    private static Set<String> versionsIn(String... folders) throws IOException {
        var resolver = new PathMatchingResourcePatternResolver();
        Set<String> versions = new TreeSet<>();
        for (String folder : folders) {
            for (Resource script : resolver.getResources("classpath*:db/migration/" + folder + "/V*__*.sql")) {
                String name = script.getFilename();
                versions.add(name.substring(1, name.indexOf("__")).replace('_', '.'));
            }
        }
        return versions;
    }
}
