package io.esteira.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the embedded default's H2 must do for the portal. */
class EmbeddedDatabaseTest {

    /**
     * H2 2.4.240 evaluated {@code check (x in (...))} with the session that created the constraint, and failed every
     * write ("Check constraint invalid ... The database has been closed") once the pool had retired that connection
     * (h2database#4302). Flyway creates every table on a connection the pool retires later.
     */
    @Test
    void a_check_constraint_holds_after_the_connection_that_created_it_is_closed() throws SQLException {
        String url = "jdbc:h2:mem:check-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (Connection migration = DriverManager.getConnection(url, "sa", ""); Statement s = migration.createStatement()) {
            s.execute("create table run (id int primary key, state varchar(16) not null, "
                    + "constraint ck_run_state check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED')))");
        }
        try (Connection later = DriverManager.getConnection(url, "sa", ""); Statement s = later.createStatement()) {
            s.executeUpdate("insert into run values (1, 'QUEUED')");
            assertThat(s.executeUpdate("update run set state = 'RUNNING' where id = 1")).isOne();
            assertThatThrownBy(() -> s.executeUpdate("update run set state = 'LOST' where id = 1")).as("the constraint still refuses")
                    .isInstanceOf(SQLException.class).hasMessageContaining("ck_run_state").hasMessageNotContaining("closed");
        }
    }
}
