package io.esteira.features;

import io.esteira.features.domain.DataSource;
import io.esteira.features.domain.DataSources;
import io.esteira.shared.NotFoundException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Data sources for other modules that run queries on them (scheduled queries): which an area may
 * use, the read-only check of a SELECT, and connections. Callers check the area's rights first.
 */
@Component
public class QuerySources {

    private final DataSources sources;
    private final DataSourceConnections connections;

    QuerySources(DataSources sources, DataSourceConnections connections) {
        this.sources = sources;
        this.connections = connections;
    }

    /**
     * The source's name when the area may run queries on it: platform-wide sources and the area's own.
     *
     * @throws NotFoundException otherwise, so that other areas' sources do not show
     */
    public String requireUsableBy(UUID sourceId, UUID areaId) {
        DataSource source = sources.findById(sourceId).orElseThrow(() -> new NotFoundException("data source", sourceId));
        if (source.getOwnerAreaId() != null && !source.getOwnerAreaId().equals(areaId)) {
            throw new NotFoundException("data source", sourceId);
        }
        return source.getName();
    }

    /** Whether tables may be written into the source: never into a system of record. */
    public boolean acceptsAreaTables(UUID sourceId) {
        return source(sourceId).getClassification() != Classification.SOR;
    }

    /**
     * The check with the functions every dialect has, for callers that do not know the source yet.
     *
     * @return the statement without a trailing semicolon, when it is exactly one allowed SELECT or WITH … SELECT
     */
    public static String checkSelect(String sql) {
        return ReadOnlySql.check(sql);
    }

    /** The check of a query on this source, with its dialect's functions. @see ReadOnlySql */
    public String checkSelect(UUID sourceId, String sql) {
        return ReadOnlySql.check(sql, SqlDialect.of(source(sourceId).getJdbcUrl()));
    }

    public Connection openReadOnly(UUID sourceId) throws SQLException {
        Connection c = connections.open(source(sourceId));
        c.setReadOnly(true);
        return c;
    }

    public Connection openForWriting(UUID sourceId) throws SQLException {
        return connections.open(source(sourceId));
    }

    private DataSource source(UUID id) {
        return sources.findById(id).orElseThrow(() -> new NotFoundException("data source", id));
    }
}
