package io.esteira.features;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The online table in the portal's database: the latest values of each entity of a published version, found by key. */
@Component
class OnlineTable {

    private static final int BATCH = 1_000;

    record Row(String entityKey, Instant eventTime, String values) {
    }

    private final JdbcTemplate jdbc;

    OnlineTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Starts replacing a version's rows; call inside a transaction, so readers see the old rows until it commits. */
    Writer replace(UUID versionId) {
        removeAll(versionId);
        return new Writer(versionId);
    }

    void removeAll(UUID versionId) {
        jdbc.update("delete from feature_online_row where version_id = ?", versionId);
    }

    Map<String, Row> find(UUID versionId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, Row> found = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
            List<Object> args = new ArrayList<>(chunk.size() + 1);
            args.add(versionId);
            args.addAll(chunk);
            String sql = chunk.size() == 1
                    ? "select entity_key, event_time, feature_values from feature_online_row where version_id = ? and entity_key = ?"
                    : "select entity_key, event_time, feature_values from feature_online_row where version_id = ? and entity_key in ("
                            + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            jdbc.query(sql, (ResultSet rs) -> {
                Row row = row(rs);
                found.put(row.entityKey(), row);
            }, args.toArray());
        }
        return found;
    }

    long count(UUID versionId) {
        Long n = jdbc.queryForObject("select count(*) from feature_online_row where version_id = ?", Long.class, versionId);
        return n == null ? 0 : n;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3));
    }

    /** Writes rows in batches; {@link #close()} writes the last one. */
    final class Writer implements AutoCloseable {
        private final UUID versionId;
        private final List<Object[]> batch = new ArrayList<>(BATCH);
        private long written;

        private Writer(UUID versionId) {
            this.versionId = versionId;
        }

        void add(String entityKey, Instant eventTime, String values) {
            batch.add(new Object[] {versionId, entityKey, OffsetDateTime.ofInstant(eventTime, ZoneOffset.UTC), values});
            if (batch.size() == BATCH) {
                flush();
            }
        }

        long written() {
            return written;
        }

        private void flush() {
            if (!batch.isEmpty()) {
                jdbc.batchUpdate("insert into feature_online_row (version_id, entity_key, event_time, feature_values) values (?, ?, ?, ?)", batch);
                written += batch.size();
                batch.clear();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
