package io.esteira.features;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.FeatureEvents.FeatureGroupStatisticsComputed;
import io.esteira.features.FeatureEvents.FeatureGroupStatusChanged;
import io.esteira.features.FeatureEvents.FeatureGroupVersionRegistered;
import io.esteira.features.FeatureGroupView.VersionView;
import io.esteira.features.domain.DataSources;
import io.esteira.features.domain.Feature;
import io.esteira.features.domain.FeatureGroup;
import io.esteira.features.domain.FeatureGroupVersion;
import io.esteira.features.domain.FeatureGroupVersion.Status;
import io.esteira.features.domain.FeatureGroupVersion.StatisticsState;
import io.esteira.features.domain.FeatureGroupVersions;
import io.esteira.features.domain.FeatureGroups;
import io.esteira.features.domain.FeatureStats;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.SystemActor;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feature groups: registered by the owning area from a data source, statistics computed in the
 * background, published for everyone to find and reuse. A change of schema makes a new version;
 * earlier versions stay readable.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class FeatureGroupService {

    private static final Logger log = LoggerFactory.getLogger(FeatureGroupService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FeatureGroups groups;
    private final FeatureGroupVersions versions;
    private final DataSources sources;
    private final SourceExplorer explorer;
    private final AreaAccess access;
    private final AreaService areas;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final FeatureAccess featureAccess;
    private final FeatureReads reads;
    private final SqlDataAccess dataAccess;
    private final Map<UUID, Long> rowsRead = new ConcurrentHashMap<>();
    private final Clock clock;

    FeatureGroupService(FeatureGroups groups, FeatureGroupVersions versions, DataSources sources, SourceExplorer explorer,
            AreaAccess access, AreaService areas, Validator validator, ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager, FeatureAccess featureAccess, FeatureReads reads, SqlDataAccess dataAccess, Clock clock) {
        this.clock = clock;
        this.featureAccess = featureAccess;
        this.dataAccess = dataAccess;
        this.reads = reads;
        this.groups = groups;
        this.versions = versions;
        this.sources = sources;
        this.explorer = explorer;
        this.access = access;
        this.areas = areas;
        this.validator = validator;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
    }

    /**
     * Registers a feature group, or a new version of one whose schema changed. The columns are checked
     * against the source; statistics then run in the background.
     */
    @Transactional
    public FeatureGroupView register(FeatureGroupDraft draft) {
        Validation.check(validator, draft, "feature group");
        access.requireAct(draft.areaId(), "area", draft.areaId());
        SignedInUser user = CurrentUser.require();
        Map<String, ColumnInfo> columns = new HashMap<>();
        explorer.preview(draft.sourceId(), draft.query(), 1).columns().forEach(c -> columns.put(c.name(), c));
        check(draft, columns);
        // the group's area, not any area of the person, must be allowed to read what the group reads
        dataAccess.check(draft.sourceId(), draft.query().isTable()
                ? "select * from \"" + (draft.query().schema() == null ? "" : draft.query().schema().replace("\"", "\"\"") + "\".\"")
                        + draft.query().table().replace("\"", "\"\"") + "\""
                : ReadOnlySql.check(draft.query().sql(), dialectOf(draft.sourceId())), java.util.Set.of(draft.areaId()));

        FeatureGroup group = groups.findByNameIgnoreCase(draft.name()).orElse(null);
        if (group != null && !group.getAreaId().equals(draft.areaId())) {
            throw new InvalidRequestException("name", "The name " + draft.name() + " is not available; choose another");
        }
        List<FeatureGroupVersion> existing = group == null ? List.of() : versions.findByGroupIdOrderByNumberDesc(group.getId());
        if (!existing.isEmpty() && sameSchema(existing.getFirst(), draft)) {
            throw new InvalidRequestException("features", "Nothing changed: version " + existing.getFirst().getNumber() + " has this schema already");
        }
        if (group == null) {
            group = new FeatureGroup(draft.areaId(), draft.name(), user.userId(), user.displayName(), clock.instant());
        }
        group.describe(draft.description(), String.join(",", draft.tags() == null ? List.of() : draft.tags()), clock.instant());
        groups.saveAndFlush(group);
        int number = existing.isEmpty() ? 1 : existing.getFirst().getNumber() + 1;
        FeatureGroupVersion version = new FeatureGroupVersion(group.getId(), number, draft.sourceId(),
                draft.query().isTable() ? draft.query().schema() : null, draft.query().isTable() ? draft.query().table() : null,
                draft.query().isTable() ? null : ReadOnlySql.check(draft.query().sql(), dialectOf(draft.sourceId())), draft.entityKeys(), draft.eventTimeColumn(),
                draft.features().stream().map(FeatureGroupService::feature).toList(), user.username(), clock.instant());
        versions.saveAndFlush(version);
        events.publishEvent(new FeatureGroupVersionRegistered(group.getId(), group.getAreaId(), group.getName(), number,
                draft.features().size(), Trace.capture(clock)));
        UUID versionId = version.getId();
        // a platform thread: a statistics pass over an embedded source is CPU-bound and would hold a virtual thread's carrier
        AfterCommit.run(() -> Thread.ofPlatform().daemon().name("feature-statistics").start(() -> computeStatistics(versionId)));
        return view(group);
    }

    /**
     * Publishes a draft whose statistics are done and whose rules hold; the version published before is deprecated.
     * The versions' background refresh may write the version being deprecated meanwhile: the publication is then
     * taken again from the fresh rows (up to three times), since the person asked for no particular state of them.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public FeatureGroupView publish(UUID groupId, int number) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(s -> publishOnce(groupId, number));
            } catch (org.springframework.orm.ObjectOptimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private FeatureGroupView publishOnce(UUID groupId, int number) {
        FeatureGroup group = changeable(groupId);
        FeatureGroupVersion version = versions.findByGroupIdAndNumber(groupId, number)
                .orElseThrow(() -> new NotFoundException("feature group version", groupId + "/" + number));
        if (version.getStatus() != Status.DRAFT) {
            throw new InvalidRequestException("status", "Version " + number + " is " + version.getStatus().name().toLowerCase() + ", not a draft");
        }
        if (version.getStatisticsState() != StatisticsState.DONE) {
            throw new InvalidRequestException("status", "Statistics of version " + number + " are " + version.getStatisticsState().name().toLowerCase()
                    + "; publish once they are done");
        }
        List<String> broken = version.getStatistics().stream().filter(s -> s.getViolations() > 0)
                .map(s -> s.getColumnName() + " (" + s.getViolations() + " rows)").toList();
        if (!broken.isEmpty()) {
            throw new InvalidRequestException("rules", "Validation rules are broken, so version " + number + " cannot be published: "
                    + String.join(", ", broken));
        }
        Instant now = clock.instant();
        Trace trace = Trace.capture(clock);
        for (FeatureGroupVersion other : versions.findByGroupIdOrderByNumberDesc(groupId)) {
            if (other.getStatus() == Status.PUBLISHED) {
                other.deprecate(now);
                versions.save(other);
                events.publishEvent(new FeatureGroupStatusChanged(groupId, group.getAreaId(), group.getName(), other.getNumber(), "DEPRECATED", trace));
            }
        }
        version.publish(now);
        versions.saveAndFlush(version);
        events.publishEvent(new FeatureGroupStatusChanged(groupId, group.getAreaId(), group.getName(), number, "PUBLISHED", trace));
        return view(group);
    }

    @Transactional
    public FeatureGroupView deprecate(UUID groupId, int number) {
        FeatureGroup group = changeable(groupId);
        FeatureGroupVersion version = versions.findByGroupIdAndNumber(groupId, number)
                .orElseThrow(() -> new NotFoundException("feature group version", groupId + "/" + number));
        if (version.getStatus() == Status.DEPRECATED) {
            return view(group);
        }
        version.deprecate(clock.instant());
        versions.saveAndFlush(version);
        events.publishEvent(new FeatureGroupStatusChanged(groupId, group.getAreaId(), group.getName(), number, "DEPRECATED", Trace.capture(clock)));
        return view(group);
    }

    /** The catalog: published groups of every domain, and all groups of the caller's areas. */
    public Page<FeatureGroupSummary> catalog(String text, UUID domain, Pageable pageable) {
        Set<UUID> own = new HashSet<>(access.readableAreaIds());
        own.add(new UUID(0, 0));
        Map<UUID, String> names = areaNames();
        return groups.catalog(own, domain, text == null ? "" : text.strip(), Paging.orderedBy(pageable, "name"))
                .map(g -> summary(g, names));
    }

    public FeatureGroupView get(UUID groupId) {
        FeatureGroup group = groups.findById(groupId).orElseThrow(() -> new NotFoundException("feature group", groupId));
        FeatureGroupView view = view(group);
        if (view.versions().isEmpty()) { // another area's drafts: answered as unknown, recorded as refused
            throw NotFoundException.denied("feature group", groupId);
        }
        return view;
    }

    /** By name; another area's draft group answers exactly as an unknown name (echoing only the name asked for). */
    public FeatureGroupView getByName(String name) {
        FeatureGroup group = groups.findByNameIgnoreCase(name).orElseThrow(() -> new NotFoundException("feature group", name));
        FeatureGroupView view = view(group);
        if (view.versions().isEmpty()) {
            throw NotFoundException.denied("feature group", name);
        }
        return view;
    }

    /**
     * A point-in-time-correct training set of a version (the published one by default) for entities
     * and times given as CSV. Personal-data features of another domain are left out unless asked
     * for, and then refused: they need the owning area's approval.
     *
     * @param features the features wanted, or empty for all the caller may read
     */
    @io.esteira.shared.limits.PerPersonLimit("training-set")
    public String trainingSet(String name, Integer number, List<String> features, String csv) {
        FeatureGroupView group = getByName(name);
        VersionView version = number == null
                ? group.latestPublished().or(() -> access.canRead(group.areaId()) ? group.versions().stream().findFirst() : java.util.Optional.empty())
                        .orElseThrow(() -> new InvalidRequestException("version", name + " has no published version yet"))
                : group.versions().stream().filter(v -> v.number() == number).findFirst()
                        .orElseThrow(() -> new NotFoundException("feature group version", name + "/" + number));
        List<String> wanted = featureAccess.readable(group.id(), group.areaId(), name, columnsOf(version), features);
        PointInTimeJoin.Request request = PointInTimeJoin.parse(csv, version.entityKeys());
        FeatureGroupVersion stored = versions.findById(version.id()).orElseThrow();
        SourceQuery query = VersionQueries.query(stored);
        String result = explorer.trainingSet(stored.getSourceId(), query, version.entityKeys(), version.eventTimeColumn(), wanted, request);
        events.publishEvent(new FeatureEvents.FeatureGroupRead(group.id(), group.areaId(), name, version.number(), FeatureReads.TRAINING_SET,
                request.rows().size(), wanted, Trace.capture(clock)));
        reads.record(group.id(), group.areaId(), name, version.number(), FeatureReads.TRAINING_SET, request.rows().size());
        return result;
    }

    /**
     * A training set whose entities and times come from a SELECT on a data source the caller may
     * read: its columns are the entity keys and {@code timestamp}, like the CSV's header.
     */
    @io.esteira.shared.limits.PerPersonLimit("training-set")
    public String trainingSet(String name, Integer number, List<String> features, UUID entitiesSourceId, String entitiesSql) {
        getByName(name); // not found before anything is read
        return trainingSet(name, number, features, explorer.csv(entitiesSourceId, entitiesSql, PointInTimeJoin.MAX_ROWS + 1));
    }

    /** Rows of a version as its source has them now, for a first look; personal-data features are masked. */
    @io.esteira.shared.limits.PerPersonLimit("preview")
    public SampleRows sample(UUID groupId, int number, int rows) {
        FeatureGroupView group = get(groupId);
        VersionView version = group.versions().stream().filter(v -> v.number() == number).findFirst()
                .orElseThrow(() -> new NotFoundException("feature group version", group.name() + "/" + number));
        FeatureGroupVersion stored = versions.findById(version.id()).orElseThrow();
        List<String> columns = VersionQueries.columns(stored);
        Set<String> masked = version.features().stream().filter(FeatureDraft::pii).map(FeatureDraft::name).collect(Collectors.toSet());
        List<List<String>> sample = explorer.sample(stored.getSourceId(), VersionQueries.query(stored), columns, rows).stream()
                .map(row -> {
                    List<String> shown = new ArrayList<>(row);
                    for (int i = 0; i < columns.size(); i++) {
                        if (masked.contains(columns.get(i)) && shown.get(i) != null) {
                            shown.set(i, SampleRows.MASK);
                        }
                    }
                    return shown;
                }).toList();
        return new SampleRows(columns, List.copyOf(masked), sample);
    }

    /**
     * Streams the values of some features of a published group version, as its source has them now,
     * for summaries the platform makes (a model version's training baseline). Personal-data features
     * are never streamed: a summary of them (frequent values) would carry the data itself.
     *
     * @return the features streamed, in the order of each row's values; those asked for that the
     *         version does not have, or that are personal data, are left out
     */
    public List<String> scanFeatures(String groupName, int number, List<String> wanted, java.util.function.Consumer<Object[]> row) {
        FeatureGroup group = groups.findByNameIgnoreCase(groupName).orElseThrow(() -> new NotFoundException("feature group", groupName));
        FeatureGroupVersion version = versions.findByGroupIdAndNumber(group.getId(), number)
                .orElseThrow(() -> new NotFoundException("feature group version", groupName + "/" + number));
        List<String> columns = version.getFeatures().stream().filter(f -> !f.isPii() && wanted.contains(f.getName()))
                .map(io.esteira.features.domain.Feature::getName).toList();
        if (!columns.isEmpty()) {
            explorer.scan(version.getSourceId(), VersionQueries.query(version), columns, row);
        }
        return columns;
    }

    /** The personal-data features of a group version (none when there is no such version). */
    public Set<String> personalDataFeatures(String groupName, int number) {
        return groups.findByNameIgnoreCase(groupName).flatMap(g -> versions.findByGroupIdAndNumber(g.getId(), number))
                .map(v -> v.getFeatures().stream().filter(io.esteira.features.domain.Feature::isPii)
                        .map(io.esteira.features.domain.Feature::getName).collect(Collectors.toSet()))
                .orElse(Set.of());
    }

    static List<FeatureAccess.Column> columnsOf(VersionView version) {
        return version.features().stream().map(f -> new FeatureAccess.Column(f.name(), f.pii())).toList();
    }

    /** Statistics that a stop interrupted are computed again at start-up, so nothing stays pending. */
    @EventListener(ApplicationReadyEvent.class)
    @PreAuthorize("permitAll()")
    void resumeStatistics() {
        for (FeatureGroupVersion v : versions.findByStatisticsStateIn(List.of(StatisticsState.PENDING, StatisticsState.RUNNING))) {
            UUID id = v.getId();
            Thread.ofPlatform().daemon().name("feature-statistics").start(() -> computeStatistics(id));
        }
    }

    void computeStatistics(UUID versionId) {
        FeatureGroupVersion version = tx.execute(s -> versions.findById(versionId).map(v -> {
            v.statisticsRunning();
            return versions.saveAndFlush(v);
        }).orElse(null));
        if (version == null) {
            return;
        }
        FeatureGroup group = groups.findById(version.getGroupId()).orElseThrow();
        List<String> columns = VersionQueries.columns(version);
        Map<String, StatisticsCalculator.Rule> rules = VersionQueries.rules(version);
        SourceQuery query = VersionQueries.query(version);
        try {
            List<ColumnStatistics> stats = SystemActor.call(() -> explorer.statistics(version.getSourceId(), query, columns, rules,
                    rows -> rowsRead.put(versionId, rows)));
            List<FeatureStats> stored = stats.stream().map(FeatureGroupService::stored).toList();
            long rows = stats.isEmpty() ? 0 : stats.getFirst().count();
            long violations = stats.stream().mapToLong(ColumnStatistics::violations).sum();
            tx.executeWithoutResult(s -> versions.findById(versionId).ifPresent(v -> {
                v.statisticsDone(stored, rows, clock.instant());
                versions.saveAndFlush(v);
                events.publishEvent(new FeatureGroupStatisticsComputed(group.getId(), group.getAreaId(), group.getName(),
                        v.getNumber(), true, rows + " rows, " + violations + " rule violations", Trace.system(clock)));
            }));
        } catch (RuntimeException e) {
            log.warn("Statistics of feature group {} version {} failed: {}", group.getName(), version.getNumber(), e.getMessage());
            try {
                tx.executeWithoutResult(s -> versions.findById(versionId).ifPresent(v -> {
                    v.statisticsFailed(e.getMessage());
                    versions.saveAndFlush(v);
                    events.publishEvent(new FeatureGroupStatisticsComputed(group.getId(), group.getAreaId(), group.getName(),
                            v.getNumber(), false, String.valueOf(e.getMessage()), Trace.system(clock)));
                }));
            } catch (RuntimeException stopping) { // the portal is shutting down: the next start resumes the statistics
                log.warn("Statistics of feature group {} version {} left for the next start: {}", group.getName(), version.getNumber(),
                        stopping.getMessage());
            }
        } finally {
            rowsRead.remove(versionId);
        }
    }

    private static void check(FeatureGroupDraft draft, Map<String, ColumnInfo> columns) {
        for (String key : draft.entityKeys()) {
            if (!columns.containsKey(key)) {
                throw new InvalidRequestException("entityKeys", "The source has no column " + key + "; it has " + String.join(", ", columns.keySet()));
            }
        }
        ColumnInfo time = columns.get(draft.eventTimeColumn());
        if (time == null) {
            throw new InvalidRequestException("eventTimeColumn", "The source has no column " + draft.eventTimeColumn());
        }
        if (time.kind() != Kind.TIME) {
            throw new InvalidRequestException("eventTimeColumn", draft.eventTimeColumn() + " is " + time.typeName() + ", not a date or time");
        }
        Set<String> seen = new HashSet<>();
        for (FeatureDraft f : draft.features()) {
            ColumnInfo column = columns.get(f.name());
            if (column == null) {
                throw new InvalidRequestException("features", "The source has no column " + f.name());
            }
            if (!seen.add(f.name())) {
                throw new InvalidRequestException("features", f.name() + " is listed twice");
            }
            if (draft.entityKeys().contains(f.name()) || f.name().equals(draft.eventTimeColumn())) {
                throw new InvalidRequestException("features", f.name() + " is an entity key or the event time, not a feature");
            }
            if (column.kind() != f.type()) {
                throw new InvalidRequestException("features", f.name() + " is declared " + f.type().name().toLowerCase()
                        + " but the source has it as " + column.typeName() + " (" + column.kind().name().toLowerCase() + ")");
            }
            if ((f.minValue() != null || f.maxValue() != null) && f.type() != Kind.NUMBER) {
                throw new InvalidRequestException("features", "A range applies to numbers only; " + f.name() + " is " + f.type().name().toLowerCase());
            }
            if (f.minValue() != null && f.maxValue() != null && f.minValue() > f.maxValue()) {
                throw new InvalidRequestException("features", "The range of " + f.name() + " is empty: minimum above maximum");
            }
            if (f.allowedValues() != null && !f.allowedValues().isEmpty() && f.type() != Kind.TEXT) {
                throw new InvalidRequestException("features", "Allowed values apply to text only; " + f.name() + " is " + f.type().name().toLowerCase());
            }
        }
    }

    private static boolean sameSchema(FeatureGroupVersion v, FeatureGroupDraft d) {
        boolean sameQuery = d.query().isTable()
                ? Objects.equals(v.getSourceSchema(), d.query().schema()) && Objects.equals(v.getSourceTable(), d.query().table())
                : Objects.equals(v.getSourceSql(), d.query().sql() == null ? null : d.query().sql().strip().replaceAll(";$", "").strip());
        return v.getSourceId().equals(d.sourceId()) && sameQuery && v.entityKeyList().equals(d.entityKeys())
                && v.getEventTimeColumn().equals(d.eventTimeColumn())
                && v.getFeatures().stream().map(FeatureGroupService::draftOf).toList().equals(d.features().stream().map(FeatureGroupService::normalized).toList());
    }

    private static FeatureDraft normalized(FeatureDraft f) {
        return new FeatureDraft(f.name(), f.type(), f.description() == null ? "" : f.description(),
                f.unit() == null || f.unit().isBlank() ? null : f.unit(), f.pii(), f.notNull(), f.minValue(), f.maxValue(),
                f.allowedValues() == null ? List.of() : f.allowedValues());
    }

    private static Feature feature(FeatureDraft f) {
        return new Feature(f.name(), f.type().name(), f.description(), f.unit(), f.pii(), f.notNull(), f.minValue(), f.maxValue(),
                f.allowedValues() == null || f.allowedValues().isEmpty() ? null : String.join("\n", f.allowedValues()));
    }

    private static FeatureDraft draftOf(Feature f) {
        return new FeatureDraft(f.getName(), Kind.valueOf(f.getType()), f.getDescription(), f.getUnit(), f.isPii(), f.isNotNull(),
                f.getMinValue(), f.getMaxValue(), f.getAllowedValues() == null ? List.of() : List.of(f.getAllowedValues().split("\n")));
    }

    static FeatureStats stored(ColumnStatistics s) {
        return new FeatureStats(s.name(), s.count(), s.nulls(), s.distinct(), s.min(), s.max(), s.mean(), s.stddev(),
                s.quantiles().isEmpty() ? null : JSON.writeValueAsString(s.quantiles()),
                s.histogram().isEmpty() ? null : JSON.writeValueAsString(s.histogram()), s.violations(), s.distinctExact(),
                storedCategories(s.categories()));
    }

    /** The categories as JSON that fits their column (8,000 characters): the least frequent values give way to "others". */
    private static String storedCategories(ColumnStatistics.Categories categories) {
        if (categories == null) {
            return null;
        }
        ColumnStatistics.Categories kept = categories;
        String json = JSON.writeValueAsString(kept);
        while (json.length() > 8_000) {
            List<ColumnStatistics.ValueCount> values = kept.values();
            ColumnStatistics.ValueCount last = values.getLast();
            kept = new ColumnStatistics.Categories(values.subList(0, values.size() - 1), kept.others() + last.count(), kept.approximate());
            json = JSON.writeValueAsString(kept);
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    /** Whether the caller may see a column's values (and so its minimum, maximum, quantiles and histogram). */
    private static boolean readable(boolean own, Set<String> granted, FeatureGroupVersion version, String column) {
        return own || granted.contains(column)
                || version.getFeatures().stream().noneMatch(f -> f.getName().equals(column) && f.isPii());
    }

    /** A personal-data column's statistics for people who may not read it: how many values, never which. */
    private static ColumnStatistics countsOnly(FeatureStats s, Map<String, Kind> kinds) {
        return new ColumnStatistics(s.getColumnName(), kinds.getOrDefault(s.getColumnName(), Kind.OTHER), s.getValueCount(),
                s.getNullCount(), s.getDistinctCount(), null, null, null, null, Map.of(), List.of(), 0, s.getViolations(),
                s.isDistinctExact(), null);
    }

    private static ColumnStatistics shown(FeatureStats s, Map<String, Kind> kinds) {
        Map<Double, Double> quantiles = new java.util.LinkedHashMap<>();
        if (s.getQuantiles() != null) {
            Map<String, Object> raw = JSON.readValue(s.getQuantiles(), Map.class);
            raw.forEach((k, v) -> quantiles.put(Double.valueOf(k), ((Number) v).doubleValue()));
        }
        List<ColumnStatistics.Bin> bins = s.getHistogram() == null ? List.of()
                : Arrays.asList(JSON.readValue(s.getHistogram(), ColumnStatistics.Bin[].class));
        return new ColumnStatistics(s.getColumnName(), kinds.getOrDefault(s.getColumnName(), Kind.OTHER), s.getValueCount(),
                s.getNullCount(), s.getDistinctCount(), s.getMinValue(), s.getMaxValue(), s.getMean(), s.getStddev(), quantiles,
                bins, 0, s.getViolations(), s.isDistinctExact(),
                s.getTopValues() == null ? null : JSON.readValue(s.getTopValues(), ColumnStatistics.Categories.class));
    }

    private FeatureGroup changeable(UUID groupId) {
        FeatureGroup group = groups.findById(groupId).orElseThrow(() -> new NotFoundException("feature group", groupId));
        if (!access.canRead(group.getAreaId()) && versions.findByGroupIdOrderByNumberDesc(groupId).stream()
                .noneMatch(v -> v.getStatus() != Status.DRAFT)) {
            throw NotFoundException.denied("feature group", groupId);
        }
        if (!access.canAct(group.getAreaId())) {
            throw new ForbiddenException("Only the area that owns a feature group changes it");
        }
        return group;
    }

    private FeatureGroupView view(FeatureGroup group) {
        boolean own = access.canRead(group.getAreaId());
        Set<String> granted = own ? Set.of() : featureAccess.granted(group.getId());
        Map<UUID, String> sourceNames = new HashMap<>();
        List<VersionView> shown = versions.findByGroupIdOrderByNumberDesc(group.getId()).stream()
                .filter(v -> own || v.getStatus() != Status.DRAFT)
                .map(v -> {
                    Map<String, Kind> kinds = v.getFeatures().stream().collect(Collectors.toMap(Feature::getName, f -> Kind.valueOf(f.getType())));
                    String source = sourceNames.computeIfAbsent(v.getSourceId(), id -> sources.findById(id)
                            .map(d -> d.getName() + " · " + d.getClassification()).orElse("?"));
                    return new VersionView(v.getId(), v.getNumber(), v.getStatus().name(), v.getSourceId(), source,
                            v.getSourceSql() != null ? v.getSourceSql() : (v.getSourceSchema() == null ? "" : v.getSourceSchema() + ".") + v.getSourceTable(),
                            v.entityKeyList(), v.getEventTimeColumn(), v.getFeatures().stream().map(FeatureGroupService::draftOf).toList(),
                            v.getStatisticsState().name(), v.getStatisticsRows(), v.getStatisticsError(), rowsRead.getOrDefault(v.getId(), 0L),
                            v.getStatistics().stream().map(s -> readable(own, granted, v, s.getColumnName()) ? shown(s, kinds)
                                    : countsOnly(s, kinds)).toList(),
                            v.getStatistics().stream().mapToLong(FeatureStats::getViolations).sum(),
                            v.getCreatedBy(), v.getCreatedAt(), v.getPublishedAt());
                })
                .toList();
        return new FeatureGroupView(group.getId(), group.getAreaId(), areaName(group.getAreaId()), group.getName(),
                group.getDescription(), tags(group), group.getOwnerName(), group.getOwnerId(), group.getCreatedAt(), shown, group.getVersion());
    }

    private FeatureGroupSummary summary(FeatureGroup g, Map<UUID, String> names) {
        List<FeatureGroupVersion> all = versions.findByGroupIdOrderByNumberDesc(g.getId());
        FeatureGroupVersion latest = all.isEmpty() ? null : all.getFirst();
        Integer published = all.stream().filter(v -> v.getStatus() == Status.PUBLISHED).map(FeatureGroupVersion::getNumber).findFirst().orElse(null);
        return new FeatureGroupSummary(g.getId(), g.getAreaId(), names.getOrDefault(g.getAreaId(), "?"), g.getName(),
                g.getDescription(), tags(g), g.getOwnerName(), g.getOwnerId(), latest == null ? 0 : latest.getNumber(),
                latest == null ? "" : latest.getStatus().name(), published, latest == null ? 0 : latest.getFeatures().size());
    }

    private static List<String> tags(FeatureGroup g) {
        return g.getTags().isBlank() ? List.of() : List.of(g.getTags().split(","));
    }

    private Map<UUID, String> areaNames() {
        return areas.names();
    }

    private String areaName(UUID areaId) {
        return areas.names().getOrDefault(areaId, "?");
    }

    private SqlDialect dialectOf(UUID sourceId) {
        return sources.findById(sourceId).map(source -> SqlDialect.of(source.getJdbcUrl())).orElse(SqlDialect.OTHER);
    }
}
