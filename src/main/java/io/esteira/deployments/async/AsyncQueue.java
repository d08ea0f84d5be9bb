package io.esteira.deployments.async;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The table {@code async_prediction}: the durable queue of asynchronous predictions. Every change of
 * state is one conditional update whose row count says who won, so that the worker pools of all
 * nodes share it without locks and the same SQL runs on H2 and PostgreSQL.
 */
@Component
class AsyncQueue {

    enum State { QUEUED, RUNNING, DONE, FAILED }

    /** A request as stored; {@code modelName} is that of the release that answered, else of the one picked at submission. */
    record Request(UUID id, UUID deploymentId, String endpoint, UUID areaId, String inputRows, int rowCount, String callback, State state,
            String resultJson, String error, UUID answeredBy, Integer modelVersionNumber, String modelName, int attempts, String claimedBy,
            UUID claimId, Instant leaseUntil, Instant createdAt, Instant startedAt, Instant finishedAt, String requestedBy,
            UUID requestedById) {
    }

    private static final String SELECT = """
            select a.*, d.model_name from async_prediction a
            join deployment d on d.id = coalesce(a.answered_by, a.deployment_id)
            """;

    private final JdbcTemplate jdbc;

    AsyncQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void enqueue(UUID id, UUID deploymentId, String endpoint, UUID areaId, String inputRows, int rowCount, String callback,
            String requestedBy, UUID requestedById, Instant at) {
        jdbc.update("""
                insert into async_prediction (id, deployment_id, endpoint, area_id, input_rows, row_count, callback, state, attempts,
                    created_at, requested_by, requested_by_id) values (?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?)
                """, id, deploymentId, endpoint, areaId, inputRows, rowCount, callback, Timestamp.from(at), requestedBy, requestedById);
    }

    Optional<Request> find(UUID id) {
        return jdbc.query(SELECT + " where a.id = ?", AsyncQueue::request, id).stream().findFirst();
    }

    /** Oldest first: requests waiting, and those whose lease lapsed (their node stopped). */
    List<UUID> claimable(Instant now, int limit) {
        return jdbc.queryForList("""
                select id from async_prediction where state = 'QUEUED' or (state = 'RUNNING' and lease_until < ?)
                order by created_at limit ?
                """, UUID.class, Timestamp.from(now), limit);
    }

    /**
     * Takes a request for one attempt until {@code leaseUntil}: a waiting one, or one whose lease
     * lapsed while it has attempts left.
     *
     * @return whether this caller has it
     */
    boolean claim(UUID id, String node, UUID claimId, Instant now, Instant leaseUntil, int maxAttempts) {
        return jdbc.update("""
                update async_prediction set state = 'RUNNING', claimed_by = ?, claim_id = ?, lease_until = ?, started_at = ?,
                    attempts = attempts + 1
                where id = ? and (state = 'QUEUED' or (state = 'RUNNING' and lease_until < ? and attempts < ?))
                """, node, claimId, Timestamp.from(leaseUntil), Timestamp.from(now), id, Timestamp.from(now), maxAttempts) == 1;
    }

    /**
     * Gives up a request whose lease lapsed on its last attempt allowed.
     *
     * @return whether this caller gave it up (and so logs it and calls back)
     */
    boolean giveUp(UUID id, String node, UUID claimId, Instant now, int maxAttempts, String reason) {
        return jdbc.update("""
                update async_prediction set state = 'FAILED', error = ?, claimed_by = ?, claim_id = ?, lease_until = null, finished_at = ?
                where id = ? and state = 'RUNNING' and lease_until < ? and attempts >= ?
                """, cut(reason), node, claimId, Timestamp.from(now), id, Timestamp.from(now), maxAttempts) == 1;
    }

    /** @return whether the claim still held (nobody took the request over after its lease lapsed) */
    boolean finish(UUID id, UUID claimId, State state, String resultJson, String error, UUID answeredBy, Integer versionNumber,
            Instant at) {
        return jdbc.update("""
                update async_prediction set state = ?, result_json = ?, error = ?, answered_by = ?, model_version_number = ?,
                    finished_at = ?, lease_until = null
                where id = ? and state = 'RUNNING' and claim_id = ?
                """, state.name(), resultJson, cut(error), answeredBy, versionNumber, Timestamp.from(at), id, claimId) == 1;
    }

    /** Puts a claimed request back, as if never attempted: a node stopping before it could finish it. */
    boolean release(UUID id, UUID claimId) {
        return jdbc.update("""
                update async_prediction set state = 'QUEUED', claimed_by = null, claim_id = null, lease_until = null, started_at = null,
                    attempts = attempts - 1
                where id = ? and state = 'RUNNING' and claim_id = ?
                """, id, claimId) == 1;
    }

    long waiting() {
        Long n = jdbc.queryForObject("select count(*) from async_prediction where state = 'QUEUED'", Long.class);
        return n == null ? 0 : n;
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }

    private static Request request(ResultSet rs, int row) throws SQLException {
        int version = rs.getInt("model_version_number");
        Integer answeredVersion = rs.wasNull() ? null : version;
        return new Request(rs.getObject("id", UUID.class), rs.getObject("deployment_id", UUID.class), rs.getString("endpoint"),
                rs.getObject("area_id", UUID.class), rs.getString("input_rows"), rs.getInt("row_count"), rs.getString("callback"),
                State.valueOf(rs.getString("state")), rs.getString("result_json"), rs.getString("error"),
                rs.getObject("answered_by", UUID.class), answeredVersion,
                rs.getString("model_name"), rs.getInt("attempts"), rs.getString("claimed_by"), rs.getObject("claim_id", UUID.class),
                instant(rs, "lease_until"), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                rs.getString("requested_by"), rs.getObject("requested_by_id", UUID.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
