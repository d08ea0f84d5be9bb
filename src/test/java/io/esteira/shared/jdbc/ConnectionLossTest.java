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

    @Test
    void a_rollback_failure_that_hides_the_error_is_connection_loss_too() {
        RuntimeException rollback = new RuntimeException("Unable to rollback against JDBC Connection", new SQLException("Connection is closed"));
        assertThat(ConnectionLoss.isConnectionLoss(rollback)).isTrue();
        RuntimeException hidden = new RuntimeException("rollback failed");
        hidden.addSuppressed(new SQLException("terminating connection due to administrator command", "57P01"));
        assertThat(ConnectionLoss.isConnectionLoss(hidden)).isTrue();
    }

    @Test
    void work_is_tried_once_more_after_a_connection_loss_and_only_then() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        assertThat(ConnectionLoss.retryOnce(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new DataAccessResourceFailureException("gone", new SQLException("terminating connection", "57P01"));
            }
            return "answered";
        })).isEqualTo("answered");
        assertThat(calls).hasValue(2);

        calls.set(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectionLoss.retryOnce(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("a plain error");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).as("not tried again").hasValue(1);
    }
}
