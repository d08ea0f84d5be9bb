package io.esteira.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Migration V11 gives the demo reviewers of databases seeded before it their reviewer kinds, and nobody else anything. */
class ChangeRolesMigrationTest {

    @Test
    void the_demo_reviewers_of_an_existing_database_get_their_kinds() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:roles-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa", "");
        migrate(dataSource, "10");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        UUID risk = user(jdbc, "reviewer.risk", "LOCAL", "REVIEWER");
        UUID gov = user(jdbc, "reviewer.gov", "LOCAL", "REVIEWER");
        UUID other = user(jdbc, "carla.reviewer", "LOCAL", "REVIEWER");
        UUID ssoNamesake = user(jdbc, "reviewer.gov.sso", "SSO", "REVIEWER");

        migrate(dataSource, "11");

        assertThat(roles(jdbc, risk)).containsExactlyInAnyOrder("REVIEWER", "RISK_REVIEWER");
        assertThat(roles(jdbc, gov)).containsExactlyInAnyOrder("REVIEWER", "GOVERNANCE_REVIEWER");
        assertThat(roles(jdbc, other)).containsExactly("REVIEWER");
        assertThat(roles(jdbc, ssoNamesake)).containsExactly("REVIEWER");
    }

    @Test
    void a_database_without_the_demo_reviewers_gets_no_roles() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:roles-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa", "");
        migrate(dataSource, "11");
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from user_role", Long.class)).isZero();
    }

    private static void migrate(DriverManagerDataSource dataSource, String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common").target(target).load().migrate();
    }

    private static UUID user(JdbcTemplate jdbc, String username, String origin, String role) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into app_user (id, username, display_name, origin, enabled, created_at, updated_at, version) "
                + "values (?, ?, ?, ?, true, current_timestamp, current_timestamp, 0)", id, username, username, origin);
        jdbc.update("insert into user_role (user_id, role) values (?, ?)", id, role);
        return id;
    }

    private static java.util.List<String> roles(JdbcTemplate jdbc, UUID userId) {
        return jdbc.queryForList("select role from user_role where user_id = ?", String.class, userId);
    }
}
