package io.esteira.deployments.costs;

import io.esteira.costs.StorageKind;
import io.esteira.costs.StoredData;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each release's share of the prediction log, for the cost ledger (charged to the release's area and the
 * person who requested it), for as long as its calls are kept. On PostgreSQL the log's measured size (every
 * daily partition with its indexes and TOAST) shared in proportion to the stored size of each release's
 * rows; on H2 the bytes of the release's rows (inputs, outputs and errors as stored, plus the fixed columns).
 */
@Component
class PredictionLogStorage implements StoredData {

    /** A row's fixed columns (five ids, counts, times, codes) and header. */
    private static final int ROW_FIXED = 160;

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    PredictionLogStorage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<StorageKind> kinds() {
        return Set.of(StorageKind.PREDICTION_LOG);
    }

    @Override
    public List<Stored> stored() {
        boolean pg = postgres();
        String rowBytes = pg ? "sum(pg_column_size(p.*))"
                : "sum(coalesce(octet_length(p.inputs), 0) + coalesce(octet_length(p.outputs), 0) + coalesce(octet_length(p.error), 0) "
                        + "+ octet_length(p.node) + " + ROW_FIXED + ")";
        record Release(UUID id, UUID areaId, String name, UUID ownerId, String ownerName, long bytes, UUID modelId, String modelName) {
        }
        List<Release> releases = jdbc.query("select d.id, d.area_id, d.name, d.model_version_number, d.requested_by_id, d.requested_by, "
                + "w.bytes, d.model_id, d.model_name from deployment d join (select p.deployment_id, " + rowBytes + " as bytes "
                + "from prediction_log p group by p.deployment_id) w on w.deployment_id = d.id",
                (rs, i) -> new Release(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3) + " v" + rs.getInt(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getLong(7), rs.getObject(8, UUID.class), rs.getString(9)));
        long all = releases.stream().mapToLong(Release::bytes).sum();
        Long log = pg ? jdbc.queryForObject("select coalesce(sum(pg_total_relation_size(relid)), 0) from pg_partition_tree('prediction_log')",
                Long.class) : null;
        List<Stored> stored = new ArrayList<>();
        for (Release r : releases) {
            stored.add(new Stored(r.areaId(), StorageKind.PREDICTION_LOG, r.id(), "deployment " + r.name(), r.ownerId(), r.ownerName(),
                    pg ? StoredData.share(log == null ? 0 : log, r.bytes(), all) : r.bytes(), r.modelId(), r.modelName()));
        }
        return stored;
    }

    private boolean postgres() {
        Boolean p = postgres;
        if (p == null) {
            p = jdbc.execute((Connection c) -> "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName()));
            postgres = p;
        }
        return p;
    }
}
