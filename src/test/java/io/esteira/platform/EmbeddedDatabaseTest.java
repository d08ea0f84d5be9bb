package io.esteira.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * H2 2.4 checks {@code check (x in (...))} with the connection that created the constraint, and refuses every write to
 * the table once that connection is closed (h2database#4302): the embedded default's pool therefore keeps its connections
 * (spring.datasource.hikari.max-lifetime=0 in application.properties; Flyway creates the tables on one of them).
 */
class EmbeddedDatabaseTest {

    private final String url = "jdbc:h2:mem:check-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";

    @Test
    void while_the_connection_that_created_a_check_constraint_is_open_every_connection_can_write() throws SQLException {
        try (Connection migration = DriverManager.getConnection(url, "sa", "")) {
            create(migration);
            try (Connection later = DriverManager.getConnection(url, "sa", ""); Statement s = later.createStatement()) {
                s.executeUpdate("insert into run values (1, 'QUEUED')");
                assertThat(s.executeUpdate("update run set state = 'RUNNING' where id = 1")).isOne();
                assertThatThrownBy(() -> s.executeUpdate("update run set state = 'LOST' where id = 1")).as("the constraint still refuses")
                        .isInstanceOf(SQLException.class).hasMessageContaining("ck_run_state");
            }
        }
    }

    /** When this fails, H2 was fixed: the pool's max-lifetime=0 of application.properties can go. */
    @Test
    void this_h2_still_needs_the_pool_to_keep_that_connection() throws SQLException {
        try (Connection migration = DriverManager.getConnection(url, "sa", "")) {
            create(migration);
        }
        try (Connection later = DriverManager.getConnection(url, "sa", ""); Statement s = later.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("insert into run values (1, 'QUEUED')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Check constraint invalid");
        }
    }

    private static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table run (id int primary key, state varchar(16) not null, "
                    + "constraint ck_run_state check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED')))");
        }
    }
}
