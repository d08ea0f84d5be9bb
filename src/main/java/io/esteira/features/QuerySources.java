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
 * use, the read-only check of a SELECT, and connections, each for an area that may use the source. Callers check the
 * person's rights in the area first.
 */
@Component
public class QuerySources {

    private final DataSources sources;
    private final DataSourceConnections connections;

    private final QueryAudit audit;
    private final SqlDataAccess dataAccess;
    private final SourceAccess sourceAccess;

    QuerySources(DataSources sources, DataSourceConnections connections, QueryAudit audit, SqlDataAccess dataAccess,
            SourceAccess sourceAccess) {
        this.sources = sources;
        this.connections = connections;
        this.audit = audit;
        this.dataAccess = dataAccess;
        this.sourceAccess = sourceAccess;
    }

    /** Runs an ad-hoc query of a person (a schedule's preview) and records it in the audit log, refused or not. */
    public <T> T audited(UUID sourceId, UUID areaId, String purpose, String sql, java.util.function.Supplier<T> query) {
        return audit.record(sourceId, source(sourceId).getName(), areaId, purpose, sql, query);
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
        sourceAccess.requireQueryable(source, java.util.Set.of(areaId));
        return source.getName();
    }

    /** The schema of an area in a source: where the portal writes the area's tables, {@code area_<code>}. */
    public static String areaSchema(String areaCode) {
        return "area_" + areaCode.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
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

    /**
     * The check of a query that runs on this source for an area: its dialect's allow-list, then the
     * data-access rules (another area's personal data, another area's schema).
     *
     * @see ReadOnlySql
     * @see SqlDataAccess
     */
    public String checkSelect(UUID sourceId, String sql, UUID areaId) {
        String checked = ReadOnlySql.check(sql, SqlDialect.of(source(sourceId).getJdbcUrl()));
        dataAccess.check(sourceId, checked, java.util.Set.of(areaId));
        return checked;
    }

    /**
     * A connection for an area's queries: a least-privilege account, read-only; checked again here, since grants and
     * the data's classification may have changed since the query was saved.
     *
     * @throws NotFoundException when the area may not use the source (see {@link #requireUsableBy})
     */
    public Connection openReadOnly(UUID sourceId, UUID areaId) throws SQLException {
        requireUsableBy(sourceId, areaId);
        return connections.openForPeople(source(sourceId));
    }

    /**
     * A connection for statements the portal composes into the area's schema (never people's SQL): the source's write
     * account, for a source the area may use and that accepts area tables.
     *
     * @throws NotFoundException when the area may not use the source
     * @throws io.esteira.shared.ForbiddenException when the source is a system of record
     */
    public Connection openForWriting(UUID sourceId, UUID areaId) throws SQLException {
        requireUsableBy(sourceId, areaId);
        if (!acceptsAreaTables(sourceId)) {
            throw new io.esteira.shared.ForbiddenException("Tables are never written into a system of record");
        }
        return connections.openForWriting(source(sourceId));
    }

    private DataSource source(UUID id) {
        return sources.findById(id).orElseThrow(() -> new NotFoundException("data source", id));
    }
}
