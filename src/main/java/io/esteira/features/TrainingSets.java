package io.esteira.features;

import io.esteira.areas.AreaAccess;
import io.esteira.features.FeatureGroupView.VersionView;
import io.esteira.features.domain.DataSource;
import io.esteira.features.domain.DataSources;
import io.esteira.features.domain.FeatureGroupVersion;
import io.esteira.features.domain.FeatureGroupVersions;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Point-in-time training sets for the work of an area (a training job): entities, times and labels from
 * a SELECT, and the features of one or more feature group versions as they were at each row's time,
 * never from its future. The area's rights decide, not the person's: its grants on the sources, and
 * another area's personal-data features only with an approved request of this area. The set is
 * streamed to a writer row by row, so its size never sits in the portal's memory. Every build is
 * audited: the entities query ({@code data-source.queried}) and each group read ({@code feature-group.read}).
 */
@Service
@PreAuthorize("isAuthenticated()")
public class TrainingSets {

    /** Entity rows joined at once: one query per feature group and batch. */
    static final int BATCH = 1_000;

    /** The name the entities query must give the column with each row's time. */
    public static final String TIME = "timestamp";

    private final FeatureGroupService groups;
    private final FeatureGroupVersions versions;
    private final DataSources sources;
    private final DataSourceConnections connections;
    private final FeatureAccess featureAccess;
    private final QuerySources querySources;
    private final QueryAudit audit;
    private final FeatureReads reads;
    private final AreaAccess access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TrainingSets(FeatureGroupService groups, FeatureGroupVersions versions, DataSources sources, DataSourceConnections connections,
            FeatureAccess featureAccess, QuerySources querySources, QueryAudit audit, FeatureReads reads, AreaAccess access,
            ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.groups = groups;
        this.versions = versions;
        this.sources = sources;
        this.connections = connections;
        this.featureAccess = featureAccess;
        this.querySources = querySources;
        this.audit = audit;
        this.reads = reads;
        this.access = access;
        this.events = events;
    }

    /**
     * What to build.
     *
     * @param groups           the feature groups, each with a version (null: the published one when the set is built) and its features (empty: all the area may read)
     * @param entitiesSourceId the source the entities query runs on
     * @param entitiesSql      one SELECT giving the entity keys of every group, {@code timestamp} and the label (further columns are kept)
     * @param label            the label column of the entities query, or null
     * @param from             rows with a time at or after it, or null
     * @param to               rows with a time before it, or null
     */
    public record Spec(List<GroupRef> groups, UUID entitiesSourceId, String entitiesSql, String label, Instant from, Instant to) {
        public Spec {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    public record GroupRef(String name, Integer version, List<String> features) {
        public GroupRef {
            features = features == null ? List.of() : List.copyOf(features);
        }
    }

    /** A feature column of the set: its group and version, and its kind (NUMBER, TEXT, BOOLEAN, TIME). */
    public record Column(String name, String kind, String group, int version) {
    }

    /** The set as it will be built: the group versions it reads, the entities query's columns, then the features. */
    public record Plan(List<Lineage> groups, List<String> entityColumns, String label, List<Column> features) {
        public List<String> header() {
            List<String> header = new ArrayList<>(entityColumns);
            features.forEach(f -> header.add(f.name()));
            return header;
        }
    }

    /** A group version a set was built from. */
    public record Lineage(String name, int version) {
    }

    /** What was written: the plan, and the rows (those whose time fell outside the range were left out and counted). */
    public record Written(Plan plan, long rows, long outsideRange) {
    }

    /**
     * Checks a spec for an area without reading its rows: the groups and features exist and the area may read
     * them, the query is an allowed SELECT the area may run, its columns hold every group's keys, {@code timestamp}
     * and the label, and no two columns share a name.
     *
     * @throws InvalidRequestException naming the field that is wrong ({@code groups}, {@code features}, {@code sql}, {@code label}, …)
     */
    public Plan plan(UUID areaId, Spec spec) {
        access.requireRead(areaId, "area", areaId);
        return resolve(areaId, spec).plan();
    }

    /**
     * Builds the set and writes it to {@code out} as CSV (a header, then one line per entities row), streaming.
     *
     * @param progress hears the rows written so far, every 1,000 rows
     */
    public Written write(UUID areaId, Spec spec, Writer out, LongConsumer progress) {
        access.requireRead(areaId, "area", areaId);
        Resolved resolved = resolve(areaId, spec);
        DataSource entities = sources.findById(spec.entitiesSourceId()).orElseThrow();
        Written written = audit.record(entities.getId(), entities.getName(), areaId, "training set entities", spec.entitiesSql(),
                () -> stream(resolved, spec, out, progress));
        Trace trace = Trace.capture(clock);
        for (Resolved.Group g : resolved.groups()) {
            int rows = (int) Math.min(Integer.MAX_VALUE, written.rows());
            events.publishEvent(new FeatureEvents.FeatureGroupRead(g.id(), g.areaId(), g.name(), g.version().getNumber(),
                    FeatureReads.TRAINING_SET, rows, g.features(), trace));
            reads.record(g.id(), g.areaId(), g.name(), g.version().getNumber(), FeatureReads.TRAINING_SET, written.rows());
        }
        return written;
    }

    private record Resolved(Plan plan, String entitiesSql, List<Group> groups) {
        record Group(UUID id, UUID areaId, String name, FeatureGroupVersion version, List<String> features, List<String> keys) {
        }
    }

    private Resolved resolve(UUID areaId, Spec spec) {
        if (spec.groups().isEmpty()) {
            throw new InvalidRequestException("groups", "Name at least one feature group");
        }
        if (spec.entitiesSourceId() == null) {
            throw new InvalidRequestException("entitiesSourceId", "Pick the data source of the entities query");
        }
        if (spec.entitiesSql() == null || spec.entitiesSql().isBlank()) {
            throw new InvalidRequestException("sql", "Give the entities query: a SELECT with the entity keys, timestamp and the label");
        }
        if (spec.from() != null && spec.to() != null && !spec.from().isBefore(spec.to())) {
            throw new InvalidRequestException("to", "The end of the time range must come after its start");
        }
        try {
            querySources.requireUsableBy(spec.entitiesSourceId(), areaId);
        } catch (NotFoundException e) {
            throw new InvalidRequestException("entitiesSourceId", "The area cannot query this data source");
        }
        String sql = querySources.checkSelect(spec.entitiesSourceId(), spec.entitiesSql(), areaId);

        List<Resolved.Group> resolved = new ArrayList<>();
        List<Column> features = new ArrayList<>();
        Set<String> seenGroups = new HashSet<>();
        for (GroupRef ref : spec.groups()) {
            if (ref == null || ref.name() == null || ref.name().isBlank()) {
                throw new InvalidRequestException("groups", "Every feature group needs a name");
            }
            if (!seenGroups.add(ref.name().strip().toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidRequestException("groups", ref.name() + " is named twice");
            }
            FeatureGroupView group;
            try {
                group = groups.getByName(ref.name().strip());
            } catch (NotFoundException e) {
                throw new InvalidRequestException("groups", "There is no feature group " + ref.name().strip());
            }
            VersionView version = ref.version() == null
                    ? group.latestPublished().orElseThrow(() -> new InvalidRequestException("groups", group.name() + " has no published version yet"))
                    : group.versions().stream().filter(v -> v.number() == ref.version()).findFirst()
                            .orElseThrow(() -> new InvalidRequestException("groups", group.name() + " has no version " + ref.version()));
            if (!"PUBLISHED".equals(version.status()) && !group.areaId().equals(areaId)) {
                throw new InvalidRequestException("groups", group.name() + " v" + version.number() + " is not published; only its own area trains on it");
            }
            List<String> wanted = featureAccess.readableByArea(group.id(), group.areaId(), areaId, group.name(),
                    FeatureGroupService.columnsOf(version), ref.features());
            FeatureGroupVersion stored = versions.findById(version.id()).orElseThrow();
            resolved.add(new Resolved.Group(group.id(), group.areaId(), group.name(), stored, wanted, version.entityKeys()));
            Map<String, String> kinds = new HashMap<>();
            version.features().forEach(f -> kinds.put(f.name(), f.type().name()));
            wanted.forEach(f -> features.add(new Column(f, kinds.getOrDefault(f, "TEXT"), group.name(), version.number())));
        }

        List<ColumnInfo> entityColumns = entityColumns(spec.entitiesSourceId(), sql);
        Set<String> names = new HashSet<>();
        for (ColumnInfo c : entityColumns) {
            if (!names.add(c.name())) {
                throw new InvalidRequestException("sql", "The entities query has two columns named " + c.name());
            }
        }
        if (entityColumns.stream().noneMatch(c -> c.name().equals(TIME) && c.kind() == ColumnInfo.Kind.TIME)) {
            throw new InvalidRequestException("sql", "The entities query needs a column " + TIME + " with each row's time (… as \"" + TIME + "\")");
        }
        for (Resolved.Group g : resolved) {
            for (String key : g.keys()) {
                if (!names.contains(key)) {
                    throw new InvalidRequestException("sql", "The entities query needs the column " + key + ", the entity key of " + g.name());
                }
            }
        }
        String label = spec.label() == null || spec.label().isBlank() ? null : spec.label().strip();
        if (label != null && !names.contains(label)) {
            throw new InvalidRequestException("label", "The entities query has no column " + label + "; its columns are "
                    + String.join(", ", entityColumns.stream().map(ColumnInfo::name).toList()));
        }
        for (Column f : features) {
            if (!names.add(f.name())) {
                throw new InvalidRequestException("features", "Two columns of the training set would be named " + f.name()
                        + "; leave the feature out of one group or rename the query's column");
            }
        }
        Plan plan = new Plan(resolved.stream().map(g -> new Lineage(g.name(), g.version().getNumber())).toList(),
                entityColumns.stream().map(ColumnInfo::name).toList(), label, List.copyOf(features));
        return new Resolved(plan, sql, resolved);
    }

    private List<ColumnInfo> entityColumns(UUID sourceId, String sql) {
        try (Connection c = connections.openForPeople(source(sourceId)); PreparedStatement s = c.prepareStatement(sql)) {
            s.setMaxRows(1);
            s.setQueryTimeout(60);
            try (io.esteira.shared.jdbc.Cancellation.Watch watch = io.esteira.shared.jdbc.Cancellation.watch(s); ResultSet rs = s.executeQuery()) {
                return SourceExplorer.columns(rs.getMetaData());
            }
        } catch (SQLException e) {
            throw io.esteira.shared.errors.SqlErrors.fromSource("sql", e, null, null, 0);
        }
    }

    private Written stream(Resolved resolved, Spec spec, Writer out, LongConsumer progress) {
        Plan plan = resolved.plan();
        Map<UUID, Connection> byGroupSource = new LinkedHashMap<>();
        List<PointInTimeJoin.Batch> lookups = new ArrayList<>();
        List<int[]> keyIndexes = new ArrayList<>();
        long rows = 0;
        long outside = 0;
        try (Connection in = connections.openForPeople(source(spec.entitiesSourceId()))) {
            in.setAutoCommit(false); // lets PostgreSQL stream rows with a fetch size instead of loading them all
            for (Resolved.Group g : resolved.groups()) {
                UUID sourceId = g.version().getSourceId();
                Connection c = byGroupSource.get(sourceId);
                if (c == null) {
                    c = connections.openForPeople(source(sourceId));
                    byGroupSource.put(sourceId, c);
                }
                String groupSql = SourceExplorer.sql(c, VersionQueries.query(g.version()));
                Map<String, ColumnInfo> columns = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement(groupSql)) {
                    s.setMaxRows(1);
                    try (io.esteira.shared.jdbc.Cancellation.Watch watch = io.esteira.shared.jdbc.Cancellation.watch(s); ResultSet rs = s.executeQuery()) {
                        SourceExplorer.columns(rs.getMetaData()).forEach(col -> columns.put(col.name(), col));
                    }
                }
                lookups.add(new PointInTimeJoin.Batch(c, groupSql, g.keys(), columns, g.version().getEventTimeColumn(), g.features()));
                keyIndexes.add(g.keys().stream().mapToInt(k -> plan.entityColumns().indexOf(k)).toArray());
            }
            writeLine(out, plan.header());
            try (PreparedStatement s = in.prepareStatement(resolved.entitiesSql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(5_000);
                try (io.esteira.shared.jdbc.Cancellation.Watch watch = io.esteira.shared.jdbc.Cancellation.watch(s); ResultSet rs = s.executeQuery()) {
                    List<ColumnInfo> columns = SourceExplorer.columns(rs.getMetaData());
                    int timeIndex = plan.entityColumns().indexOf(TIME);
                    List<List<String>> lines = new ArrayList<>(BATCH);
                    List<Instant> times = new ArrayList<>(BATCH);
                    while (rs.next()) {
                        List<String> line = new ArrayList<>(plan.header().size());
                        Instant time = null;
                        for (int i = 0; i < columns.size(); i++) {
                            ColumnInfo column = columns.get(i);
                            if (column.kind() == ColumnInfo.Kind.TIME) {
                                Instant t = SourceValues.instant(rs, i + 1, column);
                                line.add(t == null ? null : t.toString());
                                if (i == timeIndex) {
                                    time = t;
                                }
                            } else {
                                line.add(rs.getString(i + 1));
                            }
                        }
                        if (time == null || (spec.from() != null && time.isBefore(spec.from())) || (spec.to() != null && !time.isBefore(spec.to()))) {
                            outside++;
                            continue;
                        }
                        lines.add(line);
                        times.add(time);
                        if (lines.size() == BATCH) {
                            rows += write(lines, times, rows, lookups, keyIndexes, resolved, out);
                            if (progress != null) {
                                progress.accept(rows);
                            }
                        }
                    }
                    rows += write(lines, times, rows, lookups, keyIndexes, resolved, out);
                }
            } finally {
                in.rollback();
            }
            out.flush();
        } catch (SQLException e) {
            RuntimeException refused = io.esteira.shared.errors.SqlErrors.fromSource("sql", e, null, null, 0);
            throw refused instanceof InvalidRequestException invalid
                    ? new InvalidRequestException("sql", "After " + rows + " rows: " + invalid.getMessage()) : refused;
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the training set failed after " + rows + " rows: " + e.getMessage(), e);
        } finally {
            for (PointInTimeJoin.Batch lookup : lookups) {
                try {
                    lookup.close();
                } catch (SQLException ignored) {
                    // closing with its connection
                }
            }
            for (Connection c : byGroupSource.values()) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // nothing left to do with it
                }
            }
        }
        if (progress != null) {
            progress.accept(rows);
        }
        return new Written(plan, rows, outside);
    }

    /** Joins a batch of entity rows with every group's features at their times, writes them and empties the batch; how many it wrote. */
    private static int write(List<List<String>> lines, List<Instant> times, long before, List<PointInTimeJoin.Batch> lookups,
            List<int[]> keyIndexes, Resolved resolved, Writer out) throws SQLException, IOException {
        for (int g = 0; g < lookups.size(); g++) {
            List<List<String>> keys = new ArrayList<>(lines.size());
            for (List<String> line : lines) {
                List<String> key = new ArrayList<>();
                for (int index : keyIndexes.get(g)) {
                    key.add(line.get(index));
                }
                keys.add(key);
            }
            List<String[]> found = lookups.get(g).at(keys, times, before);
            int count = resolved.groups().get(g).features().size();
            for (int i = 0; i < lines.size(); i++) {
                for (int f = 0; f < count; f++) {
                    lines.get(i).add(found.get(i) == null ? null : found.get(i)[f + 1]);
                }
            }
        }
        for (List<String> line : lines) {
            writeLine(out, line);
        }
        int written = lines.size();
        lines.clear();
        times.clear();
        return written;
    }

    private static void writeLine(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(PointInTimeJoin.csv(cells.get(i)));
        }
        out.write('\n');
    }

    private DataSource source(UUID id) {
        return sources.findById(id).orElseThrow(() -> new NotFoundException("data source", id));
    }
}
