package io.esteira.features;

import io.esteira.areas.AreaService;
import io.esteira.costs.StorageKind;
import io.esteira.costs.StoredData;
import io.esteira.features.domain.DataSource;
import io.esteira.features.domain.DataSources;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the feature store keeps for areas, for the cost ledger, charged to the group's area and owner:
 * <ul>
 * <li>a group's <b>offline table</b>: the table its current version (the published one, else the newest
 * draft) reads, when that table lies in the area's own schema ({@code area_<code>}, which the area's
 * schedules write) of its source; warehouse tables that the area only reads are not the area's storage.
 * On PostgreSQL its {@code pg_total_relation_size} (table, indexes, TOAST); elsewhere its row count times
 * the average stored width of up to 1,000 of its rows. A table that several groups of the area read is
 * shared among them. A table that no longer exists is gone; a source that cannot be reached leaves the
 * last measurement standing.</li>
 * <li>a group's <b>online table</b>: its versions' rows of {@code feature_online_row} in the portal's
 * database; on PostgreSQL its share of the table's total size by the stored size of its rows, on H2 the
 * bytes of its rows.</li>
 * </ul>
 */
@Component
class FeatureStorage implements StoredData {

    private static final Logger log = LoggerFactory.getLogger(FeatureStorage.class);
    private static final int SAMPLE = 1_000;
    private static final int ROW_OVERHEAD = 24;
    /** An online row's columns besides its key and values: version id, event time, and the row's header. */
    private static final int ONLINE_ROW_FIXED = 48;
    private static final int TIMEOUT_SECONDS = 60;

    private record Group(UUID id, UUID areaId, String name, UUID ownerId, String ownerName) {
    }

    private record Table(UUID sourceId, String schema, String name) {
    }

    private final JdbcTemplate jdbc;
    private final DataSources sources;
    private final DataSourceConnections connections;
    private final AreaService areas;
    private volatile Boolean postgres;

    FeatureStorage(JdbcTemplate jdbc, DataSources sources, DataSourceConnections connections, AreaService areas) {
        this.jdbc = jdbc;
        this.sources = sources;
        this.connections = connections;
        this.areas = areas;
    }

    @Override
    public Set<StorageKind> kinds() {
        return Set.of(StorageKind.FEATURE_OFFLINE, StorageKind.FEATURE_ONLINE);
    }

    @Override
    public List<Stored> stored() {
        Map<UUID, Group> groups = new HashMap<>();
        jdbc.query("select id, area_id, name, owner_id, owner_name from feature_group", rs -> {
            UUID id = rs.getObject(1, UUID.class);
            groups.put(id, new Group(id, rs.getObject(2, UUID.class), rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5)));
        });
        List<Stored> stored = new ArrayList<>(offline(groups));
        stored.addAll(online(groups));
        return stored;
    }

    private List<Stored> offline(Map<UUID, Group> groups) {
        Map<UUID, String> schemaOfArea = new HashMap<>();
        areas.directory().forEach(a -> schemaOfArea.put(a.id(), QuerySources.areaSchema(a.code())));
        // the current version of each group: the published one, else the newest draft
        Map<UUID, Table> current = new LinkedHashMap<>();
        Map<UUID, Boolean> published = new HashMap<>();
        jdbc.query("select group_id, status, source_id, source_schema, source_table from feature_group_version "
                + "where status <> 'DEPRECATED' order by group_id, number desc", rs -> {
                    UUID group = rs.getObject(1, UUID.class);
                    boolean isPublished = "PUBLISHED".equals(rs.getString(2));
                    if (current.containsKey(group) && (published.get(group) || !isPublished)) {
                        return;
                    }
                    published.put(group, isPublished);
                    String schema = rs.getString(4);
                    String table = rs.getString(5);
                    current.put(group, schema == null || table == null ? null : new Table(rs.getObject(3, UUID.class), schema, table));
                });
        Map<Table, List<Group>> byTable = new LinkedHashMap<>();
        current.forEach((groupId, table) -> {
            Group g = groups.get(groupId);
            if (g != null && table != null && table.schema().equalsIgnoreCase(schemaOfArea.get(g.areaId()))) {
                byTable.computeIfAbsent(new Table(table.sourceId(), table.schema(), table.name()), t -> new ArrayList<>()).add(g);
            }
        });
        Map<UUID, List<Table>> bySource = new LinkedHashMap<>();
        byTable.keySet().forEach(t -> bySource.computeIfAbsent(t.sourceId(), s -> new ArrayList<>()).add(t));

        List<Stored> stored = new ArrayList<>();
        for (Map.Entry<UUID, List<Table>> e : bySource.entrySet()) {
            Optional<DataSource> source = sources.findById(e.getKey());
            if (source.isEmpty()) {
                continue;
            }
            Map<Table, Optional<OptionalLong>> sizes = measure(source.get(), e.getValue());
            sizes.forEach((table, size) -> {
                if (size.isPresent() && size.get().isEmpty()) {
                    return; // the table is gone
                }
                List<Group> sharing = byTable.get(table);
                for (int i = 0; i < sharing.size(); i++) {
                    Long bytes = null;
                    if (size.isPresent()) {
                        long total = size.get().getAsLong();
                        bytes = total / sharing.size() + (i < total % sharing.size() ? 1 : 0);
                    }
                    Group g = sharing.get(i);
                    stored.add(new Stored(g.areaId(), StorageKind.FEATURE_OFFLINE, g.id(), "feature group " + g.name(), g.ownerId(),
                            g.ownerName(), bytes));
                }
            });
        }
        return stored;
    }

    /**
     * The tables' sizes on one source: a size, empty when the table does not exist, or none at all (not
     * measurable now: the source is unreachable or refused).
     */
    private Map<Table, Optional<OptionalLong>> measure(DataSource source, List<Table> tables) {
        Map<Table, Optional<OptionalLong>> sizes = new LinkedHashMap<>();
        tables.forEach(t -> sizes.put(t, Optional.empty()));
        try (Connection c = connections.open(source)) {
            c.setReadOnly(true);
            boolean pg = SqlDialect.of(source.getJdbcUrl()) == SqlDialect.POSTGRESQL;
            for (Table t : tables) {
                try {
                    sizes.put(t, Optional.of(pg ? postgresSize(c, t) : rowsTimesWidth(c, t)));
                } catch (SQLException e) {
                    log.warn("Cannot measure the offline table {}.{} of {}: {}", t.schema(), t.name(), source.getName(), e.getMessage());
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Cannot measure the offline tables of {}: {}", source.getName(), e.getMessage());
        }
        return sizes;
    }

    private static OptionalLong postgresSize(Connection c, Table t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_total_relation_size(to_regclass(?))")) {
            s.setQueryTimeout(TIMEOUT_SECONDS);
            s.setString(1, quote(t.schema()) + "." + quote(t.name()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long size = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(size);
            }
        }
    }

    /** Row count times the average stored width of a sample of rows (a view stores nothing). */
    private static OptionalLong rowsTimesWidth(Connection c, Table t) throws SQLException {
        String type = null;
        try (ResultSet rs = c.getMetaData().getTables(null, t.schema(), t.name(), null)) {
            while (type == null && rs.next()) { // the names are patterns: "_" matches any character
                if (t.schema().equalsIgnoreCase(rs.getString("TABLE_SCHEM")) && t.name().equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
                    type = rs.getString("TABLE_TYPE");
                }
            }
        }
        if (type == null) {
            return OptionalLong.empty();
        }
        if (type.toUpperCase(Locale.ROOT).contains("VIEW")) {
            return OptionalLong.of(0);
        }
        String from = " from " + quote(t.schema()) + "." + quote(t.name());
        long rows;
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet rs = s.executeQuery("select count(*)" + from)) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        if (rows == 0) {
            return OptionalLong.of(0);
        }
        long sampled = 0;
        long width = 0;
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(TIMEOUT_SECONDS);
            s.setMaxRows(SAMPLE);
            try (ResultSet rs = s.executeQuery("select *" + from)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    sampled++;
                    width += ROW_OVERHEAD;
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        width += width(rs, i, meta.getColumnType(i));
                    }
                }
            }
        }
        return OptionalLong.of(sampled == 0 ? 0 : Math.round((double) width / sampled * rows));
    }

    /** The bytes one value takes as stored: fixed for numbers and times, the encoded length of text and binaries. */
    static long width(ResultSet rs, int column, int type) throws SQLException {
        switch (type) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] b = rs.getBytes(column);
                return b == null ? 0 : b.length;
            }
            case Types.BOOLEAN, Types.BIT, Types.TINYINT -> { return rs.getObject(column) == null ? 0 : 1; }
            case Types.SMALLINT -> { return rs.getObject(column) == null ? 0 : 2; }
            case Types.INTEGER, Types.REAL, Types.DATE -> { return rs.getObject(column) == null ? 0 : 4; }
            case Types.BIGINT, Types.DOUBLE, Types.FLOAT, Types.TIME, Types.TIMESTAMP -> { return rs.getObject(column) == null ? 0 : 8; }
            case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIME_WITH_TIMEZONE -> { return rs.getObject(column) == null ? 0 : 12; }
            case Types.NUMERIC, Types.DECIMAL -> {
                String v = rs.getString(column);
                return v == null ? 0 : v.length() / 2 + 2;
            }
            default -> {
                String v = rs.getString(column);
                return v == null ? 0 : v.getBytes(StandardCharsets.UTF_8).length;
            }
        }
    }

    private List<Stored> online(Map<UUID, Group> groups) {
        Map<UUID, Long> rowBytes = new LinkedHashMap<>();
        boolean pg = postgres();
        jdbc.query(pg
                ? "select v.group_id, sum(pg_column_size(r.*)) from feature_online_row r join feature_group_version v on v.id = r.version_id "
                        + "group by v.group_id"
                : "select v.group_id, sum(octet_length(r.entity_key) + octet_length(r.feature_values) + " + ONLINE_ROW_FIXED + ") "
                        + "from feature_online_row r join feature_group_version v on v.id = r.version_id group by v.group_id",
                rs -> {
                    rowBytes.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });
        long all = rowBytes.values().stream().mapToLong(Long::longValue).sum();
        Long table = pg ? jdbc.queryForObject("select pg_total_relation_size('feature_online_row')", Long.class) : null;
        List<Stored> stored = new ArrayList<>();
        rowBytes.forEach((groupId, bytes) -> {
            Group g = groups.get(groupId);
            if (g != null) {
                stored.add(new Stored(g.areaId(), StorageKind.FEATURE_ONLINE, g.id(), "feature group " + g.name(), g.ownerId(), g.ownerName(),
                        pg ? StoredData.share(table == null ? 0 : table, bytes, all) : bytes));
            }
        });
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

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
