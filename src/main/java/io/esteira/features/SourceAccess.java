package io.esteira.features;

import io.esteira.areas.AreaService;
import io.esteira.features.FeatureEvents.SourceAccessChanged;
import io.esteira.features.domain.DataSource;
import io.esteira.features.domain.DataSources;
import io.esteira.features.domain.SourceColumnClass;
import io.esteira.features.domain.SourceColumnClasses;
import io.esteira.features.domain.SourceGrant;
import io.esteira.features.domain.SourceGrants;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may query a platform-wide data source (per area, in one schema or all), and which of its
 * columns are personal data of which area: managed by administrators, audited, and enforced on
 * every query by {@link SqlDataAccess}. An area always queries the sources it owns.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class SourceAccess {

    /** A grant as the administrator sees it. */
    /** A grant as the administrator sees it; {@code table} is {@code *} for every table of the schema. */
    public record GrantView(UUID areaId, String area, String schema, String table, String grantedBy, java.time.Instant grantedAt) {
    }

    /**
     * A personal-data column of a source.
     *
     * @param origin "administrator", or the feature group whose personal-data feature classifies it
     */
    public record ColumnClassView(String schema, String table, String column, UUID ownerAreaId, String ownerArea, String origin) {
    }

    private static final String NAME = "[A-Za-z_][A-Za-z0-9_$]{0,119}";

    private final DataSources sources;
    private final SourceGrants grants;
    private final SourceColumnClasses classes;
    private final SqlDataAccess dataAccess;
    private final AreaService areas;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SourceAccess(DataSources sources, SourceGrants grants, SourceColumnClasses classes, SqlDataAccess dataAccess, AreaService areas,
            ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.sources = sources;
        this.grants = grants;
        this.classes = classes;
        this.dataAccess = dataAccess;
        this.areas = areas;
        this.events = events;
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<GrantView> grants(UUID sourceId) {
        source(sourceId);
        Map<UUID, String> names = areas.names();
        return grants.findBySourceIdOrderByGrantedAt(sourceId).stream()
                .map(g -> new GrantView(g.getAreaId(), names.getOrDefault(g.getAreaId(), "?"), g.getSchemaName(), g.getTableName(),
                        g.getGrantedBy(), g.getGrantedAt()))
                .toList();
    }

    /** @param schema a schema name, or {@code *} (or empty) for every schema */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public GrantView grant(UUID sourceId, UUID areaId, String schema) {
        return grant(sourceId, areaId, schema, null);
    }

    /**
     * @param schema a schema name, or {@code *} (or empty) for every schema
     * @param table  one table of the schema, or {@code *} (or empty) for every table
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public GrantView grant(UUID sourceId, UUID areaId, String schema, String table) {
        DataSource source = source(sourceId);
        if (source.getOwnerAreaId() != null) {
            throw new InvalidRequestException("areaId", source.getName() + " belongs to one area, which alone queries it");
        }
        if (areaId == null) {
            throw new InvalidRequestException("areaId", "Pick an area");
        }
        if (!areas.names().containsKey(areaId)) {
            throw new InvalidRequestException("areaId", "There is no such area");
        }
        String scope = schema == null || schema.isBlank() ? SourceGrant.EVERY_SCHEMA : schema.strip();
        if (!scope.equals(SourceGrant.EVERY_SCHEMA) && !scope.matches(NAME)) {
            throw new InvalidRequestException("schema", "A schema name is letters, digits and _ (or * for every schema)");
        }
        String tableScope = table == null || table.isBlank() ? SourceGrant.EVERY_TABLE : table.strip();
        if (!tableScope.equals(SourceGrant.EVERY_TABLE) && (!tableScope.matches(NAME) || scope.equals(SourceGrant.EVERY_SCHEMA))) {
            throw new InvalidRequestException("table", scope.equals(SourceGrant.EVERY_SCHEMA) ? "Name the schema of the table"
                    : "A table name is letters, digits and _ (or empty for every table of the schema)");
        }
        SourceGrant.Key key = new SourceGrant.Key(sourceId, areaId, scope, tableScope);
        SourceGrant grant = grants.findById(key).orElseGet(() -> grants.saveAndFlush(
                new SourceGrant(sourceId, areaId, scope, tableScope, CurrentUser.require().username(), clock.instant())));
        events.publishEvent(new SourceAccessChanged(sourceId, source.getName(), "granted",
                Map.of("area", areas.names().get(areaId), "schema", scope, "table", tableScope), Trace.capture(clock)));
        return new GrantView(areaId, areas.names().get(areaId), scope, tableScope, grant.getGrantedBy(), grant.getGrantedAt());
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public void revoke(UUID sourceId, UUID areaId, String schema) {
        revoke(sourceId, areaId, schema, null);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public void revoke(UUID sourceId, UUID areaId, String schema, String table) {
        DataSource source = source(sourceId);
        SourceGrant.Key key = new SourceGrant.Key(sourceId, areaId, schema == null || schema.isBlank() ? SourceGrant.EVERY_SCHEMA : schema,
                table == null || table.isBlank() ? SourceGrant.EVERY_TABLE : table);
        SourceGrant grant = grants.findById(key).orElseThrow(() -> new NotFoundException("grant", sourceId + "/" + areaId));
        grants.delete(grant);
        events.publishEvent(new SourceAccessChanged(sourceId, source.getName(), "grant-revoked",
                Map.of("area", areas.names().getOrDefault(areaId, "?"), "schema", grant.getSchemaName(), "table", grant.getTableName()),
                Trace.capture(clock)));
    }

    /** The personal-data columns of a source: classified by administrators and by feature groups. */
    @PreAuthorize("hasRole('ADMIN')")
    public List<ColumnClassView> columns(UUID sourceId) {
        source(sourceId);
        Map<UUID, String> names = areas.names();
        List<ColumnClassView> all = new ArrayList<>();
        classes.findBySourceIdOrderBySchemaNameAscTableNameAscColumnNameAsc(sourceId).forEach(c -> all.add(new ColumnClassView(
                c.getSchemaName(), c.getTableName(), c.getColumnName(), c.getOwnerAreaId(), names.getOrDefault(c.getOwnerAreaId(), "?"),
                "administrator")));
        dataAccess.personalColumnsOfGroups(sourceId).forEach(c -> all.add(new ColumnClassView(c.schema(), c.table(), c.column(),
                c.ownerAreaId(), names.getOrDefault(c.ownerAreaId(), "?"), "feature group " + c.groupName())));
        return all;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public ColumnClassView classify(UUID sourceId, String schema, String table, String column, UUID ownerAreaId) {
        DataSource source = source(sourceId);
        Map<String, String> errors = new LinkedHashMap<>();
        if (schema == null || !schema.strip().matches(NAME)) {
            errors.put("schema", "Name the schema: letters, digits and _");
        }
        if (table == null || !table.strip().matches(NAME)) {
            errors.put("table", "Name the table: letters, digits and _");
        }
        if (column == null || !column.strip().matches(NAME)) {
            errors.put("column", "Name the column: letters, digits and _");
        }
        if (ownerAreaId == null || !areas.names().containsKey(ownerAreaId)) {
            errors.put("ownerAreaId", "Pick the area whose personal data it is");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The column cannot be classified", errors);
        }
        SourceColumnClass saved = classes.saveAndFlush(new SourceColumnClass(sourceId, schema.strip().toLowerCase(java.util.Locale.ROOT),
                table.strip().toLowerCase(java.util.Locale.ROOT), column.strip().toLowerCase(java.util.Locale.ROOT), ownerAreaId,
                CurrentUser.require().username(), clock.instant()));
        events.publishEvent(new SourceAccessChanged(sourceId, source.getName(), "column-classified",
                Map.of("column", saved.getSchemaName() + "." + saved.getTableName() + "." + saved.getColumnName(),
                        "personalDataOf", areas.names().get(ownerAreaId)), Trace.capture(clock)));
        return new ColumnClassView(saved.getSchemaName(), saved.getTableName(), saved.getColumnName(), ownerAreaId,
                areas.names().get(ownerAreaId), "administrator");
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public void declassify(UUID sourceId, String schema, String table, String column) {
        DataSource source = source(sourceId);
        SourceColumnClass found = classes.findById(new SourceColumnClass.Key(sourceId, schema, table, column))
                .orElseThrow(() -> new NotFoundException("classified column", schema + "." + table + "." + column));
        classes.delete(found);
        events.publishEvent(new SourceAccessChanged(sourceId, source.getName(), "column-declassified",
                Map.of("column", schema + "." + table + "." + column), Trace.capture(clock)));
    }

    /**
     * Whether one of the areas may query the source at all (in some schema): its owner, or a grant.
     *
     * @throws ForbiddenException naming what to ask for, otherwise
     */
    void requireQueryable(DataSource source, Collection<UUID> areaIds) {
        if (source.getOwnerAreaId() != null ? areaIds.contains(source.getOwnerAreaId())
                : !grants.findBySourceIdAndAreaIdIn(source.getId(), areaIds).isEmpty()) {
            return;
        }
        if (source.getOwnerAreaId() != null) {
            throw new ForbiddenException("Your area has no grant to query " + source.getName());
        }
        throw new ForbiddenException("Your area has no grant to query " + source.getName() + ": request access, which an administrator decides")
                .withRemedy(AccessRemedies.grant(source, SourceGrant.EVERY_SCHEMA, null));
    }

    /** Whether the current person's areas (or the given ones) are granted the source; admins and owners always. */
    boolean queryable(DataSource source, Set<UUID> areaIds) {
        try {
            requireQueryable(source, areaIds);
            return true;
        } catch (ForbiddenException e) {
            return false;
        }
    }

    private DataSource source(UUID id) {
        return sources.findById(id).orElseThrow(() -> new NotFoundException("data source", id));
    }
}
