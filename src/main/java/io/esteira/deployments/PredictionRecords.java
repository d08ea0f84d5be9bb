package io.esteira.deployments;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The prediction log read by monitoring: which calls a release answered (to match late labels to
 * them) and every call of a time range (to compute operational metrics). Callers pass release ids
 * they obtained through {@link DeploymentService}, which checks the area, or run as the system.
 */
@Component
public class PredictionRecords {

    /** How a call came: a synchronous call, an asynchronous request, a chunk of a batch run, or a call mirrored to a shadow. */
    public enum Channel { SYNC, ASYNC, BATCH, SHADOW }

    /** How a call ended: answered, refused for its rows, or failed. */
    public enum Outcome { SUCCESS, INVALID, ERROR }

    /** A logged call: the release that answered it, its model version, how many rows, when. */
    public record LoggedCall(UUID requestId, UUID releaseId, int versionNumber, int rows, Instant at) {
    }

    /** A call as operational metrics count it. */
    public record CallRecord(UUID releaseId, UUID areaId, int versionNumber, Channel channel, int rows,
            Outcome outcome, long latencyMicros, Instant at) {
    }

    private static final int CHUNK = 1000;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final NamedParameterJdbcTemplate jdbc;

    PredictionRecords(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The calls with these request ids that the given releases answered, by request id. */
    public Map<UUID, LoggedCall> calls(Collection<UUID> releaseIds, Collection<UUID> requestIds) {
        Map<UUID, LoggedCall> found = new HashMap<>();
        if (releaseIds.isEmpty() || requestIds.isEmpty()) {
            return found;
        }
        List<UUID> ids = new ArrayList<>(requestIds);
        for (int i = 0; i < ids.size(); i += CHUNK) {
            MapSqlParameterSource params = new MapSqlParameterSource("releases", releaseIds)
                    .addValue("requests", ids.subList(i, Math.min(ids.size(), i + CHUNK)));
            jdbc.query("select request_id, deployment_id, model_version_number, row_count, created_at from prediction_log "
                    + "where deployment_id in (:releases) and request_id in (:requests) and outcome = 'SUCCESS'", params, rs -> {
                        UUID request = rs.getObject(1, UUID.class);
                        found.put(request, new LoggedCall(request, rs.getObject(2, UUID.class), rs.getInt(3), rs.getInt(4),
                                rs.getTimestamp(5).toInstant()));
                    });
        }
        return found;
    }

    /** The rows of a call the log kept: its input rows and its output rows, one map per row. */
    public record KeptRows(List<Map<String, Object>> inputs, List<Map<String, Object>> outputs) {
    }

    /**
     * The inputs and outputs the log kept (the sampled calls only) of the successful calls with these
     * request ids that the given releases answered, by request id; calls without kept outputs are absent.
     */
    public Map<UUID, KeptRows> kept(Collection<UUID> releaseIds, Collection<UUID> requestIds) {
        Map<UUID, KeptRows> found = new HashMap<>();
        if (releaseIds.isEmpty() || requestIds.isEmpty()) {
            return found;
        }
        List<UUID> ids = new ArrayList<>(requestIds);
        for (int i = 0; i < ids.size(); i += CHUNK) {
            MapSqlParameterSource params = new MapSqlParameterSource("releases", releaseIds)
                    .addValue("requests", ids.subList(i, Math.min(ids.size(), i + CHUNK)));
            jdbc.query("select request_id, inputs, outputs from prediction_log where deployment_id in (:releases) "
                    + "and request_id in (:requests) and outcome = 'SUCCESS' and outputs is not null", params, rs -> {
                        List<Map<String, Object>> outputs = rowsOf(rs.getString(3));
                        if (outputs != null) {
                            List<Map<String, Object>> inputs = rowsOf(rs.getString(2));
                            found.put(rs.getObject(1, UUID.class), new KeptRows(inputs == null ? List.of() : inputs, outputs));
                        }
                    });
        }
        return found;
    }

    /** A kept JSON array of row objects as maps (a row that is not an object: an empty map); null when it is no array. */
    private static List<Map<String, Object>> rowsOf(String json) {
        if (json == null) {
            return null;
        }
        Object parsed = JSON.readValue(json, Object.class);
        if (!(parsed instanceof List<?> rows)) {
            return null;
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = row instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            maps.add(map);
        }
        return maps;
    }

    /** The rows of the successful calls a release answered in {@code [from, to)}. */
    public long answeredRows(UUID releaseId, Instant from, Instant to) {
        Long rows = jdbc.queryForObject("select coalesce(sum(row_count), 0) from prediction_log where deployment_id = :release "
                + "and created_at >= :from and created_at < :to and outcome = 'SUCCESS'", new MapSqlParameterSource("release", releaseId)
                .addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)), Long.class);
        return rows == null ? 0 : rows;
    }

    /** A call of the log's sample with the input rows it kept, as operational figures per segment count it. */
    public record KeptCall(CallRecord call, List<Map<String, Object>> inputs) {
    }

    /** Every call of these releases logged in {@code [from, to)} whose inputs the log kept (its sample), in time order. */
    public void forEachKeptCall(Collection<UUID> releaseIds, Instant from, Instant to, Consumer<KeptCall> consumer) {
        if (releaseIds.isEmpty()) {
            return;
        }
        jdbc.query("select deployment_id, area_id, model_version_number, channel, row_count, outcome, latency_micros, created_at, inputs "
                + "from prediction_log where deployment_id in (:releases) and created_at >= :from and created_at < :to "
                + "and inputs is not null order by created_at", new MapSqlParameterSource("releases", releaseIds)
                .addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)), rs -> {
                    List<Map<String, Object>> inputs = rowsOf(rs.getString(9));
                    consumer.accept(new KeptCall(new CallRecord(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                            Channel.valueOf(rs.getString(4)), rs.getInt(5), Outcome.valueOf(rs.getString(6)),
                            rs.getLong(7), rs.getTimestamp(8).toInstant()), inputs == null ? List.of() : inputs));
                });
    }

    /** The rows a release answered successfully in one UTC hour. */
    public record HourlyRows(UUID releaseId, UUID areaId, Instant hourStart, long rows) {
    }

    /** The rows each release answered successfully per UTC hour in {@code [from, to)}, e.g. to charge for predictions. */
    public List<HourlyRows> rowsPerReleaseAndHour(Instant from, Instant to) {
        return jdbc.query("select deployment_id, area_id, cast(floor(extract(epoch from created_at) / 3600) as bigint) as hour_number, "
                + "sum(row_count) from prediction_log where created_at >= :from and created_at < :to and outcome = 'SUCCESS' "
                + "group by deployment_id, area_id, cast(floor(extract(epoch from created_at) / 3600) as bigint)",
                new MapSqlParameterSource("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                (rs, i) -> new HourlyRows(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        Instant.ofEpochSecond(rs.getLong(3) * 3600), rs.getLong(4)));
    }

    /** Every call logged in {@code [from, to)}, in time order. */
    public void forEachCall(Instant from, Instant to, Consumer<CallRecord> consumer) {
        jdbc.query("select deployment_id, area_id, model_version_number, channel, row_count, outcome, latency_micros, created_at "
                + "from prediction_log where created_at >= :from and created_at < :to order by created_at",
                new MapSqlParameterSource("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)), rs -> {
                    consumer.accept(new CallRecord(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                            Channel.valueOf(rs.getString(4)), rs.getInt(5), Outcome.valueOf(rs.getString(6)),
                            rs.getLong(7), rs.getTimestamp(8).toInstant()));
                });
    }
}
