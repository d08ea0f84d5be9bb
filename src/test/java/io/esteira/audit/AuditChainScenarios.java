package io.esteira.audit;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.audit.domain.AuditRecord;
import io.esteira.audit.domain.AuditRecords;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.CreatedToken;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import io.esteira.shared.security.ActorType;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log is a hash chain: any change, removal or reordering of its rows, even by someone
 * with direct access to the database, is found by the verifier, which names the first broken row.
 *
 * <p>Each test appends a few rows of its own, snapshots the table, tampers, verifies, and then puts
 * the snapshot back, so that the tests share one Spring context and one chain.
 */
abstract class AuditChainScenarios {

    private static final String SNAPSHOT = "it_audit_event_snapshot";

    @Autowired
    AuditLog auditLog;
    @Autowired
    AuditRecords records;
    @Autowired
    AuditTrail trail;
    @Autowired
    Personas personas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    /** Sequence numbers of this test's own rows, oldest first. */
    final List<Long> probes = new ArrayList<>();
    private long snapshotSeq;
    private String snapshotHash;
    private Object snapshotKeyedFrom;
    private Object snapshotSeal;
    @Autowired
    AuditChainKey chainKey;

    /** Changes audit rows directly in the database, past whatever guards the database has. */
    abstract void tamper(Consumer<JdbcTemplate> change);

    @BeforeEach
    void appendRowsOfOurOwnAndSnapshotTheChain() {
        trail.awaitEventsHandled();
        for (int n = 1; n <= 5; n++) {
            probes.add(auditLog.append(new Probe(n, new Trace("it.probe-" + n, ActorType.SYSTEM, "192.0.2." + n,
                    "probe-correlation-" + n, Instant.now()))));
        }
        Map<String, Object> head = jdbc.queryForMap(
                "select last_seq, last_hash, keyed_from, keyed_from_seal from audit_chain_head where id = 1");
        snapshotSeq = ((Number) head.get("last_seq")).longValue();
        snapshotHash = (String) head.get("last_hash");
        snapshotKeyedFrom = head.get("keyed_from");
        snapshotSeal = head.get("keyed_from_seal");
        jdbc.execute("drop table if exists " + SNAPSHOT);
        jdbc.execute("create table " + SNAPSHOT + " as select * from audit_event");
    }

    @AfterEach
    void restoreTheChain() {
        trail.awaitEventsHandled();
        tamper(sql -> {
            sql.update("delete from audit_event");
            sql.update("insert into audit_event select * from " + SNAPSHOT);
            sql.update("update audit_chain_head set last_seq = ?, last_hash = ?, keyed_from = ?, keyed_from_seal = ? where id = 1",
                    snapshotSeq, snapshotHash, snapshotKeyedFrom, snapshotSeal);
        });
        jdbc.execute("drop table " + SNAPSHOT);
        assertThat(verify().intact()).as("the chain is intact again after the test").isTrue();
        trail.awaitEventsHandled();
    }

    // --- an intact chain ---

    @Test
    void the_chain_of_everything_recorded_so_far_is_intact() {
        assertThat(trail.entries(AuditTrail.action("area.created"), 10)).as("the demo areas' creation")
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(trail.entries(AuditTrail.action("user.created"), 10)).as("the demo personas' creation")
                .hasSizeGreaterThanOrEqualTo(6);

        ChainVerification result = verify();

        assertThat(result.intact()).as(result.toString()).isTrue();
        assertThat(result.firstBrokenSeq()).isNull();
        assertThat(result.checkedRows()).isEqualTo(snapshotSeq);
        assertThat(result.requestedBy()).isEqualTo("integration test");

        AuditEntry recorded = trail.awaitEntry(AuditTrail.action("audit.chain-verified"));
        assertThat(recorded.outcome()).isEqualTo("SUCCESS");
        assertThat(recorded.actor()).isEqualTo(ADMIN);
    }

    @Test
    void a_change_is_recorded_with_who_did_what_to_which_object() {
        CreatedToken created = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("audited token", null,
                LocalDate.now().plusDays(3), false)));

        AuditEntry entry = trail.awaitEntry(AuditTrail.actionOn("api-token.created", created.token().id().toString()));

        assertThat(entry.actor()).isEqualTo(DS_CREDIT);
        assertThat(entry.actorType()).isEqualTo("USER");
        assertThat(entry.objectType()).isEqualTo("api-token");
        assertThat(entry.outcome()).isEqualTo("SUCCESS");
        assertThat(entry.details()).contains("audited token").doesNotContain(created.secret());
        assertThat(entry.occurredAt()).isBeforeOrEqualTo(Instant.now());
    }

    // --- tampering ---

    @Test
    void changing_the_actor_of_a_row_is_caught_at_that_row() {
        long target = probes.get(2);
        tamper(sql -> sql.update("update audit_event set actor = 'someone.else' where seq = ?", target));

        assertBrokenAt(target, "content does not match its hash");
    }

    @Test
    void changing_the_details_of_a_row_is_caught_at_that_row() {
        long target = probes.get(1);
        tamper(sql -> sql.update("update audit_event set details = '{\"n\":99}' where seq = ?", target));

        assertBrokenAt(target, "content does not match its hash");
    }

    @Test
    void rewriting_a_row_with_a_fresh_hash_breaks_the_link_to_the_next_row() {
        long target = probes.get(2);
        rewriteActorWithFreshHash(target, "someone.else");

        assertBrokenAt(probes.get(3), "does not link to the row before it");
    }

    @Test
    void removing_a_row_in_the_middle_is_caught() {
        long removed = probes.get(2);
        tamper(sql -> sql.update("delete from audit_event where seq = ?", removed));

        // The verifier names the missing row itself.
        assertBrokenAt(removed, "row " + removed + " is missing");
    }

    @Test
    void swapping_the_contents_of_two_rows_is_caught_at_the_earlier_one() {
        long first = probes.get(1);
        long second = probes.get(3);
        tamper(sql -> {
            Map<String, Object> a = sql.queryForMap("select actor, action, details from audit_event where seq = ?", first);
            Map<String, Object> b = sql.queryForMap("select actor, action, details from audit_event where seq = ?", second);
            String update = "update audit_event set actor = ?, action = ?, details = ? where seq = ?";
            sql.update(update, b.get("actor"), b.get("action"), b.get("details"), first);
            sql.update(update, a.get("actor"), a.get("action"), a.get("details"), second);
        });

        assertBrokenAt(first, "content does not match its hash");
    }

    @Test
    void removing_the_newest_rows_is_caught_because_the_chain_head_still_points_past_them() {
        long firstRemoved = probes.get(3);
        tamper(sql -> sql.update("delete from audit_event where seq >= ?", firstRemoved));

        assertBrokenAt(firstRemoved, "rows " + firstRemoved + " to " + snapshotSeq + " are missing");
    }

    @Test
    void rewriting_the_newest_row_with_a_fresh_hash_is_caught_by_the_chain_head() {
        long target = probes.getLast();
        rewriteActorWithFreshHash(target, "someone.else");

        assertBrokenAt(target, "the newest row was changed");
    }

    // --- the chain is keyed: write access to the database is not enough to rewrite history ---

    @Test
    void an_attacker_who_rewrites_a_row_and_recomputes_the_plain_hashes_of_the_rest_of_the_chain_is_caught() {
        long target = probes.get(2);
        tamper(sql -> {
            sql.update("update audit_event set actor = 'someone.else' where seq = ?", target);
            rehashFrom(sql, target, Long.MAX_VALUE); // SHA-256 of every row from the target on, head included
        });

        assertBrokenAt(target, "content does not match its hash");
    }

    @Test
    void the_verification_says_the_chain_is_keyed_with_a_key_outside_the_database() {
        ChainVerification result = verify();

        assertThat(result.intact()).as(result.toString()).isTrue();
        assertThat(result.protection()).contains("HMAC-SHA256 with a key outside the database");
    }

    @Test
    void rows_written_before_the_chain_was_keyed_still_verify_and_the_verification_says_which_rows_are_keyed() {
        long keyedFrom = probes.get(2);
        tamper(sql -> { // as a database upgraded from before keyed hashing: plain hashes before the boundary
            rehashFrom(sql, 1, keyedFrom);
            sql.update("update audit_chain_head set keyed_from = ?, keyed_from_seal = ? where id = 1", keyedFrom,
                    chainKey.seal(keyedFrom));
        });

        ChainVerification result = verify();

        assertThat(result.intact()).as(result.toString()).isTrue();
        assertThat(result.protection()).contains("rows 1 to " + (keyedFrom - 1) + ": SHA-256 only")
                .contains("rows " + keyedFrom + " to ")
                .contains("HMAC-SHA256 with a key outside the database");
    }

    @Test
    void moving_the_start_of_keyed_hashing_past_a_rewritten_row_is_caught() {
        long target = probes.get(2);
        tamper(sql -> { // claim the rows up to the end were written before keying began, and rewrite one of them
            sql.update("update audit_event set actor = 'someone.else' where seq = ?", target);
            rehashFrom(sql, target, Long.MAX_VALUE);
            sql.update("update audit_chain_head set keyed_from = last_seq + 1 where id = 1");
        });

        ChainVerification result = verify();

        assertThat(result.intact()).as(result.toString()).isFalse();
        assertThat(result.reason()).contains("the boundary was moved");
    }

    /**
     * Recomputes the chain from row {@code from} on as a forger without the key would for rows before
     * {@code keyedFrom} (plain SHA-256) and as the portal does after it, and points the head at the result.
     */
    void rehashFrom(JdbcTemplate sql, long from, long keyedFrom) {
        String previous = from == 1 ? io.esteira.audit.domain.AuditHashes.GENESIS
                : sql.queryForObject("select hash from audit_event where seq = ?", String.class, from - 1);
        long last = 0;
        for (AuditRecord original : records.findAll(org.springframework.data.domain.Sort.by("seq"))) {
            if (original.getSeq() < from) {
                continue;
            }
            String actor = sql.queryForObject("select actor from audit_event where seq = ?", String.class, original.getSeq());
            AuditRecord rewritten = new AuditRecord(original.getSeq(), original.getOccurredAt(), actor,
                    original.getActorType(), original.getAction(), original.getObjectType(), original.getObjectId(),
                    original.getAreaId(), original.getOutcome(), original.getDetails(), original.getClientAddress(),
                    original.getCorrelationId(), previous);
            String hash = original.getSeq() >= keyedFrom ? chainKey.hash(previous, rewritten.canonical()) : rewritten.getHash();
            sql.update("update audit_event set prev_hash = ?, hash = ? where seq = ?", previous, hash, original.getSeq());
            previous = hash;
            last = original.getSeq();
        }
        sql.update("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1", last, previous);
    }

    // --- who may do what ---

    @Test
    void only_an_administrator_verifies_the_chain() {
        personas.run(REVIEWER_RISK, () -> assertThatThrownBy(() -> auditLog.verify("reviewer"))
                .isInstanceOf(AccessDeniedException.class));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> auditLog.verify("ds"))
                .isInstanceOf(AccessDeniedException.class));
    }

    @Test
    void a_data_scientist_cannot_read_the_audit_log() {
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> auditLog.search(AuditFilter.none(), 0, 10))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> auditLog.exportCsv(AuditFilter.none(), new StringWriter()))
                    .isInstanceOf(AccessDeniedException.class);
        });
    }

    @Test
    void a_reviewer_exports_the_filtered_log_as_csv_newest_first() {
        StringWriter csv = new StringWriter();
        AuditFilter probesOnly = AuditTrail.action("it.probe");

        long written = personas.call(REVIEWER_RISK, () -> auditLog.exportCsv(probesOnly, csv));

        List<String> lines = csv.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("seq,occurred_at,actor,actor_type,action,");
        assertThat(lines).hasSize((int) written + 1);
        assertThat(lines.get(1)).startsWith(probes.getLast() + ",").contains("it.probe-5");
        assertThat(written).isGreaterThanOrEqualTo(probes.size());
    }

    // --- through the REST API ---

    @Test
    void through_the_api_an_administrator_verifies_the_chain_and_a_reviewer_may_not() {
        Response byAdmin = api.post("/api/v1/audit/verifications", tokenOf(ADMIN), "");
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
        assertThat(byAdmin.json().path("intact").asBoolean()).as(byAdmin.toString()).isTrue();

        Response byReviewer = api.post("/api/v1/audit/verifications", tokenOf(REVIEWER_RISK), "");
        assertProblem(byReviewer, 403);
    }

    @Test
    void through_the_api_a_reviewer_searches_and_exports_and_a_data_scientist_may_not() {
        String reviewer = tokenOf(REVIEWER_RISK);
        Response search = api.get("/api/v1/audit?action=it.probe&limit=3", reviewer);
        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        assertThat(search.json().valueStream().map(e -> e.path("seq").asLong()).toList())
                .containsExactly(probes.get(4), probes.get(3), probes.get(2));

        Response export = api.get("/api/v1/audit/export.csv?action=it.probe", reviewer);
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("text/csv");
        assertThat(export.body()).startsWith("seq,occurred_at,");

        String scientist = tokenOf(DS_FRAUD);
        assertProblem(api.get("/api/v1/audit", scientist), 403);
        assertProblem(api.get("/api/v1/audit/export.csv", scientist), 403);
    }

    ChainVerification verify() {
        return personas.call(ADMIN, () -> auditLog.verify("integration test"));
    }

    /**
     * Changes a row's actor and stores the hash a forger holding even the chain key would compute for the
     * new content: the links to the next row and the chain head still catch it.
     */
    void rewriteActorWithFreshHash(long target, String actor) {
        AuditRecord original = records.findById(target).orElseThrow();
        AuditRecord forged = new AuditRecord(original.getSeq(), original.getOccurredAt(), actor,
                original.getActorType(), original.getAction(), original.getObjectType(), original.getObjectId(),
                original.getAreaId(), original.getOutcome(), original.getDetails(), original.getClientAddress(),
                original.getCorrelationId(), original.getPrevHash());
        tamper(sql -> sql.update("update audit_event set actor = ?, hash = ? where seq = ?", forged.getActor(),
                chainKey.hash(forged.getPrevHash(), forged.canonical()), target));
    }

    void assertBrokenAt(long seq, String reason) {
        ChainVerification result = verify();
        assertThat(result.intact()).as(result.toString()).isFalse();
        assertThat(result.firstBrokenSeq()).as(result.toString()).isEqualTo(seq);
        assertThat(result.reason()).contains(reason);
        // recorded after the verification commits: wait for it rather than read the previous one
        AuditEntry recorded = org.awaitility.Awaitility.await("the failed verification is itself recorded")
                .atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> trail.entries(AuditTrail.action("audit.chain-verified"), 1),
                        found -> !found.isEmpty() && "FAILED".equals(found.getFirst().outcome()))
                .getFirst();
        assertThat(recorded.details()).contains("\"firstBrokenSeq\":" + seq);
    }

    String tokenOf(String username) {
        return personas.call(username, () -> tokens.create(new TokenRequest("audit api", null,
                LocalDate.now().plusDays(3), false))).secret();
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
    }

    /** A row of the test's own, with content that differs from row to row. */
    record Probe(int n, Trace trace) implements AuditableEvent {
        public String action() { return "it.probe"; }
        public String objectType() { return "probe"; }
        public String objectId() { return "probe-" + n; }
        public UUID areaId() { return null; }
        public Map<String, Object> details() { return Map.of("n", n, "note", "probe number " + n); }
    }
}
