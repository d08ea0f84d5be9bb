package io.esteira.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** A server that went away (restart, fail-over) is told from any other database error, through wrapping exceptions. */
class ConnectionLossTest {

    @Test
    void server_shutdown_and_connection_failures_are_connection_loss() {
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new DataAccessResourceFailureException("x",
                new RuntimeException(new SQLException("An I/O error occurred while sending to the backend.", "08006"))))).isTrue();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("the database system is starting up", "57P03"))).isTrue();
    }

    @Test
    void other_errors_are_not() {
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("duplicate key value violates unique constraint", "23505"))).isFalse();
        assertThat(ConnectionLoss.isConnectionLoss(new SQLException("no state"))).isFalse();
        assertThat(ConnectionLoss.isConnectionLoss(new IllegalStateException("plain"))).isFalse();
    }
}
