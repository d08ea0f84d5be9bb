package io.esteira;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Users upgrade their database in place: a database that the earliest migrations created, with the rows a portal of
 * that time wrote, takes every later migration when today's portal starts on it, and keeps its rows.
 */
abstract class UpgradeInPlaceScenarios {

    private static final OffsetDateTime LONG_AGO = OffsetDateTime.of(2026, 1, 5, 9, 0, 0, 0, ZoneOffset.UTC);

    /** An empty database of this kind. */
    abstract String emptyDatabaseUrl();

    abstract String username();

    /** Flyway's name for the database, as in {@code db/migration/{vendor}}. */
    abstract String vendor();

    @Test
    void a_database_of_the_first_release_upgrades_and_the_portal_starts_on_it() throws Exception {
        String url = emptyDatabaseUrl();
        DataSource dataSource = new DriverManagerDataSource(url, username(), "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/" + vendor())
                .target("2").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        // what the first release's demo seeding wrote (it seeds only an empty database), and an area of the bank's own
        UUID credit = area(jdbc, "CREDIT", "Credit Risk");
        area(jdbc, "FRAUD", "Fraud");
        area(jdbc, "MARKETING", "Marketing");
        UUID legacy = area(jdbc, "LEGACY", "An area of the first release with a rather long name, kept as it was");
        user(jdbc, "admin", "Platform Admin", "ADMIN");
        UUID person = user(jdbc, "ds.credit", "Ana Ribeiro", "DATA_SCIENTIST");
        UUID reviewer = user(jdbc, "reviewer.risk", "Rita Moreira", "REVIEWER");
        jdbc.update("insert into area_membership (id, area_id, user_id, role, created_at) values (?, ?, ?, 'MEMBER', ?)",
                UUID.randomUUID(), legacy, person, LONG_AGO);

        Path dataDir = Files.createDirectories(Path.of("target", "upgrade-test-" + UUID.randomUUID())).toAbsolutePath();
        // a portal started here gives the JVM its own security context holder strategy (Vaadin's): put the cached contexts' back after
        SecurityContextHolderStrategy strategyBefore = SecurityContextHolder.getContextHolderStrategy();
        try (ConfigurableApplicationContext portal = new SpringApplicationBuilder(EsteiraApplication.class).profiles("test")
                .run("--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=" + username(),
                        "--esteira.data-dir=" + dataDir, "--spring.quartz.scheduler-name=esteira-upgrade-" + UUID.randomUUID(),
                        // the demo model's training run would outlive this short-lived portal: it stays queued
                        "--esteira.training.local.enabled=false")) {
            Flyway flyway = portal.getBean(Flyway.class);
            assertThat(flyway.info().pending()).as("pending migrations").isEmpty();
            assertThat(Arrays.asList(flyway.info().applied())).as("applied migrations")
                    .hasSizeGreaterThan(50)
                    .allSatisfy(m -> assertThat(m.getState()).as(m.getScript()).isEqualTo(MigrationState.SUCCESS));

            JdbcTemplate now = new JdbcTemplate(portal.getBean(DataSource.class));
            assertThat(now.queryForObject("select id from area where code = 'CREDIT'", UUID.class)).as("the first release's Credit").isEqualTo(credit);
            assertThat(now.queryForObject("select name from area where id = ?", String.class, legacy)).startsWith("An area of the first release");
            assertThat(now.queryForObject("select id from app_user where username = 'ds.credit'", UUID.class)).isEqualTo(person);
            assertThat(now.queryForObject("select count(*) from area_membership where area_id = ? and user_id = ?", Long.class, legacy, person))
                    .as("the membership of the first release").isOne();
            assertThat(now.queryForList("select role from user_role where user_id = ?", String.class, reviewer))
                    .as("a later migration's reviewer kind, given to the first release's reviewer").contains("REVIEWER", "RISK_REVIEWER");
            assertThat(now.queryForList("select username from app_user", String.class)).as("the demo's later personas, added to the old")
                    .contains("admin", "ds.credit", "reviewer.risk", "reviewer.risk2");
        } finally {
            SecurityContextHolder.setContextHolderStrategy(strategyBefore);
        }
    }

    private static UUID area(JdbcTemplate jdbc, String code, String name) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into area (id, code, name, cost_center, budget_amount, budget_currency, active, created_at, updated_at, version) "
                + "values (?, ?, ?, 'CC-0001', 1000.00, 'EUR', true, ?, ?, 0)", id, code, name, LONG_AGO, LONG_AGO);
        return id;
    }

    private static UUID user(JdbcTemplate jdbc, String username, String displayName, String role) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into app_user (id, username, display_name, origin, enabled, created_at, updated_at, version) "
                + "values (?, ?, ?, 'LOCAL', true, ?, ?, 0)", id, username, displayName, LONG_AGO, LONG_AGO);
        jdbc.update("insert into user_role (user_id, role) values (?, ?)", id, role);
        return id;
    }
}
