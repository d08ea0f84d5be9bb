package io.esteira.features;

import io.esteira.areas.AreaAccess;
import io.esteira.features.domain.DataSource;
import io.esteira.features.domain.DataSources;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.errors.SqlErrors;
import io.esteira.shared.jdbc.Cancellation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Looks into a data source for the people who build on it: its tables, the columns and first rows of
 * a table or SELECT, and statistics of every column. Every read runs on a read-only connection with
 * a time limit; SQL is checked to be one SELECT first.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class SourceExplorer {

    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast");

    private final DataSources sources;
    private final DataSourceConnections connections;
    private final AreaAccess access;
    private final QueryAudit audit;
    private final SqlDataAccess dataAccess;
    private final SourceAccess sourceAccess;
    private final int timeoutSeconds;
    private final int statisticsTimeoutSeconds;

    SourceExplorer(DataSources sources, DataSourceConnections connections, AreaAccess access, QueryAudit audit, SqlDataAccess dataAccess, SourceAccess sourceAccess,
            @Value("${esteira.features.preview-timeout:PT30S}") java.time.Duration timeout,
            @Value("${esteira.features.statistics-timeout:PT30M}") java.time.Duration statisticsTimeout) {
        this.sources = sources;
        this.connections = connections;
        this.access = access;
        this.audit = audit;
        this.dataAccess = dataAccess;
        this.sourceAccess = sourceAccess;
        this.timeoutSeconds = (int) timeout.toSeconds();
        this.statisticsTimeoutSeconds = (int) statisticsTimeout.toSeconds();
    }

    public List<TableRef> tables(UUID sourceId) {
        DataSource source = explorable(sourceId);
        try (Connection c = readOnly(source); ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
            List<TableRef> tables = new ArrayList<>();
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (schema == null || !SYSTEM_SCHEMAS.contains(schema.toLowerCase())) {
                    tables.add(new TableRef(schema, rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE")));
                }
            }
            return tables;
        } catch (SQLException e) {
            throw SqlErrors.fromSource("dataSource", e, null, null, 0);
        }
    }

    /** The columns and first {@code rows} rows (at most 100) of a table or SELECT. */
    @io.esteira.shared.limits.PerPersonLimit("preview")
    public QueryPreview preview(UUID sourceId, SourceQuery query, int rows) {
        DataSource source = explorable(sourceId);
        return audit.record(sourceId, source.getName(), source.getOwnerAreaId(), "preview", text(query), () -> {
            dataAccess.check(sourceId, asSelect(source, query), callerAreas());
            return preview(source, query, rows);
        });
    }

    private QueryPreview preview(DataSource source, SourceQuery query, int rows) {
        try (Connection c = readOnly(source); PreparedStatement statement = c.prepareStatement(sql(c, query))) {
            statement.setQueryTimeout(timeoutSeconds);
            statement.setMaxRows(Math.max(1, Math.min(rows, 100)));
            try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                List<ColumnInfo> columns = columns(rs.getMetaData());
                List<List<String>> sample = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rs.getString(i));
                    }
                    sample.add(row);
                }
                return new QueryPreview(columns, sample);
            }
        } catch (SQLException e) {
            throw SqlErrors.fromSource(query.isTable() ? "table" : "sql", e, written(query), null, timeoutSeconds);
        }
    }

    /** Statistics of every column, in one pass; {@code progress} hears the rows read so far. Long: call it off the UI thread. */
    @io.esteira.shared.limits.PerPersonLimit("statistics")
    public List<ColumnStatistics> statistics(UUID sourceId, SourceQuery query, LongConsumer progress) {
        return statistics(sourceId, query, List.of(), Map.of(), progress);
    }

    /** Statistics of the named columns only (all when {@code columns} is empty), with their validation rules. */
    List<ColumnStatistics> statistics(UUID sourceId, SourceQuery query, List<String> columns,
            Map<String, StatisticsCalculator.Rule> rules, LongConsumer progress) {
        DataSource source = explorable(sourceId);
        return audit.record(sourceId, source.getName(), source.getOwnerAreaId(), "statistics", text(query), () -> {
            dataAccess.check(sourceId, asSelect(source, query), callerAreas());
            return statistics(source, query, columns, rules, progress);
        });
    }

    private List<ColumnStatistics> statistics(DataSource source, SourceQuery query, List<String> columns,
            Map<String, StatisticsCalculator.Rule> rules, LongConsumer progress) {
        try (Connection c = readOnly(source)) {
            c.setAutoCommit(false); // lets PostgreSQL stream rows with a fetch size instead of loading them all
            String sql = sql(c, query);
            if (!columns.isEmpty()) {
                String quote = c.getMetaData().getIdentifierQuoteString().strip();
                sql = "select " + String.join(", ", columns.stream().map(n -> quoted(quote, n)).toList())
                        + " from (" + sql + ") q";
            }
            try (PreparedStatement statement = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setQueryTimeout(statisticsTimeoutSeconds);
                statement.setFetchSize(5_000);
                try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                    return new StatisticsCalculator(columns(rs.getMetaData()), rules).consume(rs, progress);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw SqlErrors.fromSource(query.isTable() ? "table" : "sql", e, written(query), null, statisticsTimeoutSeconds);
        }
    }

    /**
     * Streams the named columns of every row of a query, as the platform (no area rule binds it):
     * for summaries the portal makes itself, such as a model version's training baseline. Long:
     * call it off the UI thread.
     */
    void scan(UUID sourceId, SourceQuery query, List<String> columns, java.util.function.Consumer<Object[]> row) {
        DataSource source = sources.findById(sourceId).orElseThrow(() -> new NotFoundException("data source", sourceId));
        audit.record(sourceId, source.getName(), source.getOwnerAreaId(), "baseline", text(query), () -> {
            try (Connection c = readOnly(source)) {
                c.setAutoCommit(false);
                String quote = c.getMetaData().getIdentifierQuoteString().strip();
                String sql = "select " + String.join(", ", columns.stream().map(n -> quoted(quote, n)).toList()) + " from (" + sql(c, query)
                        + ") q";
                try (PreparedStatement statement = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    statement.setQueryTimeout(statisticsTimeoutSeconds);
                    statement.setFetchSize(5_000);
                    try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            Object[] values = new Object[columns.size()];
                            for (int i = 0; i < values.length; i++) {
                                values[i] = rs.getObject(i + 1);
                            }
                            row.accept(values);
                        }
                    }
                } finally {
                    c.rollback();
                }
                return null;
            } catch (SQLException e) {
                throw SqlErrors.fromSource(query.isTable() ? "table" : "sql", e, written(query), null, statisticsTimeoutSeconds);
            }
        });
    }

    /** A point-in-time-correct training set over a source query; see {@link PointInTimeJoin}. */
    String trainingSet(UUID sourceId, SourceQuery query, List<String> keys, String timeColumn, List<String> features,
            PointInTimeJoin.Request request) {
        DataSource source = sources.findById(sourceId).orElseThrow(() -> new NotFoundException("data source", sourceId));
        try (Connection c = readOnly(source)) {
            String sql = sql(c, query);
            Map<String, ColumnInfo> columns = new java.util.HashMap<>();
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.setMaxRows(1);
                try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                    columns(rs.getMetaData()).forEach(col -> columns.put(col.name(), col));
                }
            }
            return PointInTimeJoin.join(c, sql, keys, columns, timeColumn, features, request);
        } catch (SQLException e) {
            throw SqlErrors.fromSource("csv", e, null, null, 0);
        }
    }

    /**
     * The rows of a SELECT as CSV, times as ISO-8601 instants: the entities and times of a training
     * set given as a query. At most {@code maxRows} rows are read.
     */
    String csv(UUID sourceId, String select, int maxRows) {
        DataSource source = explorable(sourceId);
        return audit.record(sourceId, source.getName(), source.getOwnerAreaId(), "training set entities", select, () -> {
            dataAccess.check(sourceId, ReadOnlySql.check(select, SqlDialect.of(source.getJdbcUrl())), callerAreas());
            return csv(source, select, maxRows);
        });
    }

    private String csv(DataSource source, String select, int maxRows) {
        try (Connection c = readOnly(source);
                PreparedStatement statement = c.prepareStatement(ReadOnlySql.check(select, SqlDialect.of(source.getJdbcUrl())))) {
            statement.setQueryTimeout(statisticsTimeoutSeconds);
            statement.setMaxRows(maxRows);
            try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                List<ColumnInfo> columns = columns(rs.getMetaData());
                StringBuilder out = new StringBuilder(String.join(",", columns.stream().map(ColumnInfo::name).toList())).append('\n');
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        ColumnInfo column = columns.get(i - 1);
                        Object value = column.kind() == ColumnInfo.Kind.TIME ? SourceValues.instant(rs, i, column) : rs.getString(i);
                        out.append(i > 1 ? "," : "").append(PointInTimeJoin.csv(value == null ? null : value.toString()));
                    }
                    out.append('\n');
                }
                return out.toString();
            }
        } catch (SQLException e) {
            throw SqlErrors.fromSource("sql", e, select, null, statisticsTimeoutSeconds);
        }
    }

    /** Row count and latest event time: when both are unchanged, a refresh has nothing new to read. */
    String fingerprint(UUID sourceId, SourceQuery query, String timeColumn) {
        DataSource source = sources.findById(sourceId).orElseThrow(() -> new NotFoundException("data source", sourceId));
        try (Connection c = readOnly(source)) {
            String quote = c.getMetaData().getIdentifierQuoteString().strip();
            try (PreparedStatement statement = c.prepareStatement("select count(*), max(" + quoted(quote, timeColumn) + ") from ("
                    + sql(c, query) + ") q")) {
                statement.setQueryTimeout(statisticsTimeoutSeconds);
                try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) + "|" + rs.getString(2);
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.fromSource("source", e, written(query), null, statisticsTimeoutSeconds);
        }
    }

    /** Receives the latest row of each entity. */
    interface LatestRows {
        void accept(String entityKey, java.time.Instant eventTime, List<Object> values);
    }

    /**
     * Streams the latest row of each entity: rows ordered by key, then event time and feature values
     * descending (the tie-break of the point-in-time join), the first of each key kept.
     *
     * @return the kinds of the key columns
     */
    List<ColumnInfo.Kind> latestPerEntity(UUID sourceId, SourceQuery query, List<String> keys, String timeColumn,
            List<String> features, LatestRows sink) {
        DataSource source = sources.findById(sourceId).orElseThrow(() -> new NotFoundException("data source", sourceId));
        try (Connection c = readOnly(source)) {
            c.setAutoCommit(false);
            String quote = c.getMetaData().getIdentifierQuoteString().strip();
            List<String> select = new ArrayList<>(keys);
            select.add(timeColumn);
            select.addAll(features);
            List<String> order = new ArrayList<>(keys.stream().map(k -> quoted(quote, k)).toList());
            order.add(quoted(quote, timeColumn) + " desc");
            features.forEach(f -> order.add(quoted(quote, f) + " desc"));
            String sql = "select " + String.join(", ", select.stream().map(n -> quoted(quote, n)).toList()) + " from (" + sql(c, query)
                    + ") q order by " + String.join(", ", order);
            try (PreparedStatement statement = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setQueryTimeout(statisticsTimeoutSeconds);
                statement.setFetchSize(5_000);
                try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                    List<ColumnInfo> columns = columns(rs.getMetaData());
                    String previous = null;
                    while (rs.next()) {
                        List<Object> keyParts = new ArrayList<>(keys.size());
                        for (int i = 1; i <= keys.size(); i++) {
                            keyParts.add(SourceValues.value(rs, i, columns.get(i - 1)));
                        }
                        String key = EntityKeys.ofSource(keyParts);
                        java.time.Instant time = SourceValues.instant(rs, keys.size() + 1, columns.get(keys.size()));
                        if (key == null || time == null || key.equals(previous) || key.length() > EntityKeys.MAX_LENGTH) {
                            continue;
                        }
                        previous = key;
                        List<Object> values = new ArrayList<>(features.size());
                        for (int i = keys.size() + 2; i <= columns.size(); i++) {
                            values.add(SourceValues.value(rs, i, columns.get(i - 1)));
                        }
                        sink.accept(key, time, values);
                    }
                    return columns.subList(0, keys.size()).stream().map(ColumnInfo::kind).toList();
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw SqlErrors.fromSource("source", e, written(query), null, statisticsTimeoutSeconds);
        }
    }

    /** The first rows of the named columns, for showing; the caller decides what to mask. */
    List<List<String>> sample(UUID sourceId, SourceQuery query, List<String> columns, int rows) {
        DataSource source = sources.findById(sourceId).orElseThrow(() -> new NotFoundException("data source", sourceId));
        try (Connection c = readOnly(source)) {
            String quote = c.getMetaData().getIdentifierQuoteString().strip();
            String sql = "select " + String.join(", ", columns.stream().map(n -> quoted(quote, n)).toList()) + " from (" + sql(c, query) + ") q";
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.setQueryTimeout(timeoutSeconds);
                statement.setMaxRows(Math.max(1, Math.min(rows, 100)));
                try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                    List<List<String>> sample = new ArrayList<>();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= columns.size(); i++) {
                            row.add(rs.getString(i));
                        }
                        sample.add(row);
                    }
                    return sample;
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.fromSource("source", e, written(query), null, statisticsTimeoutSeconds);
        }
    }

    /** A table as the SELECT of all its columns, for the data-access rules; a query checked as any other. */
    private String asSelect(DataSource source, SourceQuery query) {
        if (!query.isTable()) {
            return ReadOnlySql.check(query.sql(), SqlDialect.of(source.getJdbcUrl()));
        }
        return "select * from " + (query.schema() == null ? "" : quotedName(query.schema()) + ".") + quotedName(query.table());
    }

    private static String quotedName(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The areas a person's query runs for; none for a platform administrator, whom no area rule binds. */
    private java.util.Set<UUID> callerAreas() {
        return CurrentUser.require().isPlatformAdmin() ? null : access.readableAreaIds();
    }

    /** The SQL as the person wrote it, for the position of an error; none for a picked table. */
    private static String written(SourceQuery query) {
        return query.isTable() ? null : query.sql();
    }

    private static String text(SourceQuery query) {
        return query.isTable() ? "table " + (query.schema() == null ? "" : query.schema() + ".") + query.table() : query.sql();
    }

    static String quoted(String quote, String name) {
        return quote + name.replace(quote, quote + quote) + quote;
    }

    /** A table becomes {@code select * from "schema"."table"} only once the source confirms it exists. */
    static String sql(Connection c, SourceQuery query) throws SQLException {
        if (!query.isTable()) {
            return ReadOnlySql.check(query.sql(), SqlDialect.of(c.getMetaData().getURL()));
        }
        DatabaseMetaData meta = c.getMetaData();
        String[] found = find(meta, query.schema(), query.table());
        if (found == null && meta.storesUpperCaseIdentifiers()) {
            found = find(meta, upper(query.schema()), upper(query.table()));
        } else if (found == null && meta.storesLowerCaseIdentifiers()) {
            found = find(meta, lower(query.schema()), lower(query.table()));
        }
        if (found == null) {
            throw new InvalidRequestException("table", "There is no table " + (query.schema() == null ? "" : query.schema() + ".") + query.table());
        }
        query = SourceQuery.table(found[0], found[1]);
        String quote = meta.getIdentifierQuoteString().strip();
        return "select * from " + (query.schema() == null ? "" : quoted(quote, query.schema()) + ".") + quoted(quote, query.table());
    }

    private static String[] find(DatabaseMetaData meta, String schema, String table) throws SQLException {
        try (ResultSet rs = meta.getTables(null, schema, table, null)) {
            return rs.next() ? new String[] {rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME")} : null;
        }
    }

    private static String upper(String name) {
        return name == null ? null : name.toUpperCase(java.util.Locale.ROOT);
    }

    private static String lower(String name) {
        return name == null ? null : name.toLowerCase(java.util.Locale.ROOT);
    }

    static List<ColumnInfo> columns(ResultSetMetaData meta) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(new ColumnInfo(meta.getColumnLabel(i), meta.getColumnTypeName(i), meta.getColumnType(i),
                    ColumnInfo.kindOf(meta.getColumnType(i))));
        }
        return columns;
    }

    private Connection readOnly(DataSource source) throws SQLException {
        return connections.openForPeople(source);
    }

    /** People who build on data: administrators, and data scientists of the owning area (any area for platform-wide sources). */
    private DataSource explorable(UUID id) {
        DataSource source = sources.findById(id).orElseThrow(() -> new NotFoundException("data source", id));
        SignedInUser user = CurrentUser.require();
        if (source.getOwnerAreaId() != null) {
            access.requireAct(source.getOwnerAreaId(), "data source", id);
        } else if (!user.isPlatformAdmin() && access.actableAreaIds().isEmpty()) {
            throw new ForbiddenException("Only data scientists and administrators read the data of " + source.getName());
        } else if (!user.isPlatformAdmin()) {
            sourceAccess.requireQueryable(source, access.actableAreaIds());
        }
        return source;
    }
}
