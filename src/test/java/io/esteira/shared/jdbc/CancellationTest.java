package io.esteira.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.shared.CancelledException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The Cancel of a page's work reaches the statement it runs, and work cancelled before a statement runs none. */
class CancellationTest {

    @Test
    void work_without_a_cancellation_watches_nothing() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:cancellation_a"); Statement s = c.createStatement();
                Cancellation.Watch watch = Cancellation.watch(s)) {
            assertThat(s.executeQuery("select 1").next()).isTrue();
        }
        assertThat(Cancellation.current()).isEmpty();
        assertThat(Cancellation.cancelledOnThisThread()).isFalse();
    }

    @Test
    void a_statement_of_cancelled_work_is_refused_before_it_runs() throws Exception {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:cancellation_b"); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> cancellation.run(() -> {
                try (Cancellation.Watch watch = Cancellation.watch(s)) {
                    return s.executeQuery("select 1");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            })).isInstanceOf(CancelledException.class);
        }
        assertThat(Cancellation.current()).as("the binding ends with the work").isEmpty();
    }
}
