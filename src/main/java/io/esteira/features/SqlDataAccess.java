package io.esteira.features;

import io.esteira.areas.AreaService;
import io.esteira.features.domain.AccessRequest;
import io.esteira.features.domain.AccessRequests;
import io.esteira.features.domain.DataSource;
import io.esteira.features.domain.DataSources;
import io.esteira.features.domain.SourceAccessRequest;
import io.esteira.features.domain.SourceAccessRequests;
import io.esteira.features.domain.SourceColumnClasses;
import io.esteira.features.domain.SourceGrant;
import io.esteira.features.domain.SourceGrants;
import io.esteira.features.domain.FeatureGroup;
import io.esteira.features.domain.FeatureGroupVersion;
import io.esteira.features.domain.FeatureGroupVersions;
import io.esteira.features.domain.FeatureGroups;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The feature store's data-access rules, applied to any SQL on a source: a column that a feature
 * group marks as personal data belongs to the group's area (the classification flows back from the
 * group to its source columns), and another area's query may read it only with that area's approval
 * of an access request for the group, as in the feature store. An area's own schema
 * ({@code area_<code>}) is read by that area only. What a query touches is worked out on its parse
 * tree, erring on the side of "touched": a column named anywhere, a star over the table, or the
 * table's whole row.
 */
@Component
class SqlDataAccess {

    /** A source column that is personal data of an area, as one of its feature groups says. */
    record PersonalColumn(String schema, String table, String column, UUID ownerAreaId, UUID groupId, String groupName) {
    }

    private final FeatureGroupVersions versions;
    private final FeatureGroups groups;
    private final AccessRequests requests;
    private final AreaService areas;
    private final DataSources sources;
    private final SourceGrants grants;
    private final SourceColumnClasses classes;
    private final SourceAccessRequests sourceRequests;

    SqlDataAccess(FeatureGroupVersions versions, FeatureGroups groups, AccessRequests requests, AreaService areas, DataSources sources,
            SourceGrants grants, SourceColumnClasses classes, SourceAccessRequests sourceRequests) {
        this.versions = versions;
        this.groups = groups;
        this.requests = requests;
        this.areas = areas;
        this.sources = sources;
        this.grants = grants;
        this.classes = classes;
        this.sourceRequests = sourceRequests;
    }

    /**
     * @param sql         a statement that passed {@link ReadOnlySql}
     * @param callerAreas the areas on whose behalf the query runs; null for a platform administrator, whom no area rule binds
     * @throws QueryRefusedException naming {@code sql}, with what to ask for
     */
    @Transactional(readOnly = true)
    void check(UUID sourceId, String sql, Set<UUID> callerAreas) {
        if (callerAreas == null) {
            return;
        }
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            throw io.esteira.shared.errors.SqlErrors.unparsable("sql", sql, e);
        }
        List<Object> nodes = SqlTree.nodes(statement);
        List<Table> tables = nodes.stream().filter(n -> n instanceof Table).map(Table.class::cast).toList();
        checkAreaSchemas(tables, callerAreas);
        Set<String> ctes = nodes.stream().filter(n -> n instanceof WithItem<?>).map(n -> lower(((WithItem<?>) n).getAliasName()))
                .collect(Collectors.toSet());
        DataSource source = sources.findById(sourceId).orElseThrow();
        checkGrants(source, tables, ctes, callerAreas);
        List<PersonalColumn> personal = personalColumns(sourceId);
        if (personal.isEmpty()) {
            return;
        }
        Set<String> named = new HashSet<>();
        nodes.stream().filter(n -> n instanceof Column).map(Column.class::cast).forEach(c -> named.add(lower(c.getColumnName())));
        Set<Table> starred = starredTables(nodes);
        Map<String, String> names = areas.names().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue));
        // a column several areas classify is each of theirs: any of them reads it, and any one's approval lets another in
        Map<String, Set<UUID>> owners = new java.util.HashMap<>();
        personal.forEach(c -> owners.computeIfAbsent(key(c), k -> new HashSet<>()).add(c.ownerAreaId()));
        for (PersonalColumn column : personal) {
            for (Table table : tables) {
                if (!matches(table, column)) {
                    continue;
                }
                boolean wholeRow = named.contains(lower(table.getName()))
                        || table.getAlias() != null && named.contains(lower(table.getAlias().getName()));
                boolean touched = named.contains(lower(column.column())) || starred.contains(table) || wholeRow;
                if (touched && !readable(sourceId, column, owners.get(key(column)), personal, callerAreas)) {
                    String owner = names.getOrDefault(column.ownerAreaId().toString(), "another area");
                    String name = (column.schema() == null ? "" : column.schema() + ".") + column.table() + "." + column.column();
                    if (column.groupId() == null) {
                        throw new QueryRefusedException("sql", name + " is personal data of " + owner
                                + ": leave the column out, or request access, which a manager of " + owner + " decides",
                                AccessRemedies.columns(source, column.schema(), column.table(), List.of(column.column())));
                    }
                    throw new QueryRefusedException("sql", name + " is personal data of " + owner
                            + " (feature group " + column.groupName() + "): request access to " + column.groupName()
                            + " in the feature store, or leave the column out", AccessRemedies.group(column.groupName()));
                }
            }
        }
    }

    /** One of the caller's areas classifies the column itself, or an area that does approved its request. */
    private boolean readable(UUID sourceId, PersonalColumn column, Set<UUID> owners, List<PersonalColumn> personal, Set<UUID> callerAreas) {
        return owners.stream().anyMatch(callerAreas::contains)
                || personal.stream().anyMatch(other -> key(other).equals(key(column)) && approved(sourceId, other, callerAreas));
    }

    /** Personal columns of the source: classified by administrators, and by feature groups over it. */
    List<PersonalColumn> personalColumns(UUID sourceId) {
        List<PersonalColumn> all = new ArrayList<>(personalColumnsOfGroups(sourceId));
        classes.findBySourceIdOrderBySchemaNameAscTableNameAscColumnNameAsc(sourceId).forEach(c -> all.add(new PersonalColumn(
                c.getSchemaName(), c.getTableName(), c.getColumnName(), c.getOwnerAreaId(), null, null)));
        return all;
    }

    /**
     * Tables of a source need a grant of one of the caller's areas covering their schema (an
     * unqualified table, a grant of every schema); an area's own source needs none.
     */
    private void checkGrants(DataSource source, List<Table> tables, Set<String> ctes, Set<UUID> callerAreas) {
        UUID sourceId = source.getId();
        if (source.getOwnerAreaId() != null) {
            if (!callerAreas.contains(source.getOwnerAreaId())) {
                throw new QueryRefusedException("sql", source.getName() + " belongs to another area");
            }
            return;
        }
        List<SourceGrant> granted = callerAreas.isEmpty() ? List.of() : grants.findBySourceIdAndAreaIdIn(sourceId, callerAreas);
        if (granted.isEmpty()) {
            Table named = tables.stream().filter(t -> t.getSchemaName() != null).findFirst().orElse(null);
            throw new QueryRefusedException("sql", "Your area has no grant to query " + source.getName()
                    + ": request access, which an administrator decides", named == null
                            ? AccessRemedies.grant(source, SourceGrant.EVERY_SCHEMA, null)
                            : AccessRemedies.grant(source, unquote(named.getSchemaName()), unquote(named.getName())));
        }
        for (Table table : tables) {
            if (table.getSchemaName() == null && ctes.contains(lower(table.getName()))) {
                continue;
            }
            String name = unquote(table.getName());
            if (table.getSchemaName() == null) {
                // where an unqualified name resolves is the connection's search path, not the portal's to know
                if (granted.stream().noneMatch(SourceGrant::coversAll)) {
                    throw new QueryRefusedException("sql", "Name the schema of " + name + " (schema." + name + "): your area's grants on "
                            + source.getName() + " cover named schemas only");
                }
                continue;
            }
            String schema = unquote(table.getSchemaName());
            if (granted.stream().noneMatch(g -> g.covers(schema, name))) {
                throw new QueryRefusedException("sql", "Your area may not query " + schema + "." + name + " on " + source.getName()
                        + ": request access, which an administrator decides", AccessRemedies.grant(source, schema, name));
            }
        }
    }

    /** Personal columns of the source, from every version of every feature group over it. */
    List<PersonalColumn> personalColumnsOfGroups(UUID sourceId) {
        List<PersonalColumn> columns = new ArrayList<>();
        for (FeatureGroupVersion version : versions.findBySourceId(sourceId)) {
            if (version.getStatus() == FeatureGroupVersion.Status.DRAFT) {
                continue; // a draft binds no one: only what an area published classifies a shared column
            }
            List<String> pii = version.getFeatures().stream().filter(f -> f.isPii()).map(f -> f.getName()).toList();
            if (pii.isEmpty()) {
                continue;
            }
            FeatureGroup group = groups.findById(version.getGroupId()).orElse(null);
            if (group == null) {
                continue;
            }
            List<String[]> over = new ArrayList<>();
            if (version.getSourceTable() != null) {
                over.add(new String[] {version.getSourceSchema(), version.getSourceTable()});
            } else if (version.getSourceSql() != null) {
                try {
                    SqlTree.nodes(CCJSqlParserUtil.parse(version.getSourceSql())).stream().filter(n -> n instanceof Table)
                            .map(Table.class::cast).forEach(t -> over.add(new String[] {t.getSchemaName(), t.getName()}));
                } catch (JSQLParserException e) {
                    continue; // it parsed when it was registered
                }
            }
            for (String[] table : over) {
                for (String column : pii) {
                    columns.add(new PersonalColumn(unquote(table[0]), unquote(table[1]), column, group.getAreaId(), group.getId(),
                            group.getName()));
                }
            }
        }
        return columns;
    }

    private void checkAreaSchemas(List<Table> tables, Set<UUID> callerAreas) {
        Set<String> own = callerAreas.stream().map(id -> QuerySources.areaSchema(areas.get(id).code())).collect(Collectors.toSet());
        for (Table table : tables) {
            String schema = lower(unquote(table.getSchemaName()));
            if (schema != null && schema.startsWith("area_") && !own.contains(schema)) {
                throw new QueryRefusedException("sql", "The schema " + schema + " holds another area's tables; read them through "
                        + "that area's published feature groups");
            }
        }
    }

    /** Tables whose every column a star reads: {@code t.*}, or {@code *} over the tables in the same FROM. */
    private static Set<Table> starredTables(List<Object> nodes) {
        Set<Table> starred = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Table> all = nodes.stream().filter(n -> n instanceof Table).map(Table.class::cast).toList();
        for (Object node : nodes) {
            if (node instanceof AllTableColumns star && star.getTable() != null) {
                String qualifier = lower(star.getTable().getName());
                all.stream().filter(t -> qualifier.equals(lower(t.getName()))
                        || t.getAlias() != null && qualifier.equals(lower(t.getAlias().getName()))).forEach(starred::add);
            } else if (node instanceof PlainSelect select && select.getSelectItems() != null
                    && select.getSelectItems().stream().map(SelectItem::getExpression)
                            .anyMatch(e -> e instanceof AllColumns && !(e instanceof AllTableColumns))) {
                List<FromItem> from = new ArrayList<>();
                from.add(select.getFromItem());
                if (select.getJoins() != null) {
                    select.getJoins().stream().map(Join::getFromItem).forEach(from::add);
                }
                from.stream().filter(f -> f instanceof Table).map(Table.class::cast).forEach(starred::add);
            }
        }
        return starred;
    }

    private static boolean matches(Table table, PersonalColumn column) {
        if (!lower(unquote(table.getName())).equals(lower(column.table()))) {
            return false;
        }
        String schema = lower(unquote(table.getSchemaName()));
        return schema == null || column.schema() == null || schema.equals(lower(column.schema()));
    }

    /** Approved for one of the areas: the group's access request, or (for a column an administrator classified) the source's. */
    private boolean approved(UUID sourceId, PersonalColumn column, Set<UUID> callerAreas) {
        if (callerAreas.isEmpty()) {
            return false;
        }
        if (column.groupId() == null) {
            return sourceRequests.findBySourceIdAndKindAndStateAndRequesterAreaIdIn(sourceId, SourceAccessRequest.Kind.PERSONAL_COLUMNS,
                    SourceAccessRequest.State.APPROVED, callerAreas).stream().anyMatch(r -> r.getSchemaName().equalsIgnoreCase(column.schema())
                            && r.getTableName().equalsIgnoreCase(column.table())
                            && r.columnList().contains(column.column().toLowerCase(Locale.ROOT)));
        }
        return requests.findByGroupIdAndStateAndRequesterAreaIdIn(column.groupId(), AccessRequest.State.APPROVED, callerAreas).stream()
                .anyMatch(r -> r.featureList().contains(column.column()));
    }

    private static String key(PersonalColumn column) {
        return lower(column.schema()) + "." + lower(column.table()) + "." + lower(column.column());
    }

    private static String unquote(String name) {
        if (name == null) {
            return null;
        }
        return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
    }

    private static String lower(String name) {
        return name == null ? null : unquote(name).toLowerCase(Locale.ROOT);
    }
}
