package io.esteira.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.audit.AuditEntry;
import io.esteira.audit.AuditFilter;
import io.esteira.audit.AuditLog;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit log is written after commit, on another thread, by a listener of the event publication
 * registry. Tests that look at audit rows wait here first.
 */
@TestComponent
public class AuditTrail {

    public static final Duration PATIENCE = Duration.ofSeconds(30);

    /** How long a publication may be under way before it counts as stranded by a paused test context (see below). */
    private static final Duration STRANDED = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final AuditLog auditLog;
    private final org.springframework.modulith.events.IncompleteEventPublications incomplete;

    AuditTrail(JdbcTemplate jdbc, AuditLog auditLog, org.springframework.modulith.events.IncompleteEventPublications incomplete) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.incomplete = incomplete;
    }

    /**
     * Waits until every event published so far has been handled by all its listeners (the audit
     * recorder among them). An event publication stays incomplete when a listener failed, so a
     * broken listener shows up here as a timeout that lists what is stuck.
     */
    public void awaitEventsHandled() {
        try {
            await("every event publication completed").atMost(STRANDED.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> incompletePublications().isEmpty());
            return;
        } catch (org.awaitility.core.ConditionTimeoutException stillIncomplete) {
            // The test framework pauses a cached context while another test's context runs (Spring 7), and stops its
            // executors: an event published by the context's own background work (e.g. the demo's training run) just before
            // the switch is never handled. Such a stranded publication is handed to its listeners again, once, as the
            // registry would do after a restart; a listener that fails keeps its publication incomplete and fails below.
            incomplete.resubmitIncompletePublicationsOlderThan(STRANDED);
        }
        await("every event publication completed").atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(incompletePublications())
                        .as("event publications not (yet) completed").isEmpty());
    }

    public List<Map<String, Object>> incompletePublications() {
        return jdbc.queryForList("select listener_id, event_type, status, completion_attempts, publication_date "
                + "from event_publication where completion_date is null");
    }

    /** Waits for the newest audit entry that matches, and returns it. */
    public AuditEntry awaitEntry(AuditFilter filter) {
        return await("an audit entry matching " + filter).atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> entries(filter, 1), found -> !found.isEmpty())
                .getFirst();
    }

    /** Newest first, read as the system (an administrator). */
    public List<AuditEntry> entries(AuditFilter filter, int limit) {
        return SystemActor.call(() -> auditLog.search(filter, 0, limit));
    }

    public static AuditFilter action(String action) {
        return new AuditFilter(null, null, null, null, action, null, null, null);
    }

    public static AuditFilter actionOn(String action, String objectId) {
        return new AuditFilter(null, null, null, null, action, null, objectId, null);
    }

    /** The sequence number the chain head points at. */
    public long headSeq() {
        return jdbc.queryForObject("select last_seq from audit_chain_head where id = 1", Long.class);
    }
}
