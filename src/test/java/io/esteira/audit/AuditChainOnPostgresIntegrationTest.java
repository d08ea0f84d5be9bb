package io.esteira.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.support.PostgresIntegrationTest;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On PostgreSQL a trigger refuses to change or remove audit rows; a superuser can still get past it
 * (replication role, or disabling the trigger), and then the hash chain catches the change.
 */
@PostgresIntegrationTest
class AuditChainOnPostgresIntegrationTest extends AuditChainScenarios {

    /** As a superuser with replication role "replica", under which ordinary triggers do not fire. */
    @Override
    void tamper(Consumer<JdbcTemplate> change) {
        transactions.executeWithoutResult(tx -> {
            jdbc.execute("set local session_replication_role = replica");
            change.accept(jdbc);
        });
    }

    @Test
    void the_database_refuses_to_change_or_remove_an_audit_row() {
        long target = probes.get(2);

        assertThatThrownBy(() -> jdbc.update("update audit_event set actor = 'someone.else' where seq = ?", target))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_event where seq = ?", target))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_event"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");

        assertThat(jdbc.queryForObject("select actor from audit_event where seq = ?", String.class, target))
                .isEqualTo("it.probe-3");
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void disabling_the_trigger_does_not_hide_a_change_from_the_verifier() {
        long target = probes.get(0);
        transactions.executeWithoutResult(tx -> {
            jdbc.execute("alter table audit_event disable trigger audit_event_append_only");
            jdbc.update("update audit_event set outcome = 'DENIED' where seq = ?", target);
            jdbc.execute("alter table audit_event enable trigger audit_event_append_only");
        });

        assertBrokenAt(target, "content does not match its hash");
    }
}
