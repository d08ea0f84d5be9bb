package io.esteira.features;

import io.esteira.areas.AreaAccess;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.FeatureEvents.FeatureGroupRefreshed;
import io.esteira.features.FeatureEvents.FeatureGroupStatusChanged;
import io.esteira.features.domain.FeatureGroup;
import io.esteira.features.domain.FeatureGroupVersion;
import io.esteira.features.domain.FeatureGroupVersion.Status;
import io.esteira.features.domain.FeatureGroupVersions;
import io.esteira.features.domain.FeatureGroups;
import io.esteira.features.domain.RefreshRun;
import io.esteira.features.domain.RefreshRuns;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Online retrieval: the latest values of one or many entities from the online table, for the
 * published version of a group. Personal-data features follow {@link FeatureAccess}. What a group
 * serves is kept in memory for a few seconds, so a lookup costs the access check and one indexed
 * read.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class OnlineFeatures {

    public static final int MAX_ENTITIES = 1_000;
    /** Names the value of a group's only key column, whatever its name. */
    public static final String SINGLE_KEY = "entity";
    private static final Duration KEEP = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a group serves online: its published version as of its last refresh. */
    private record Served(UUID groupId, UUID areaId, String name, UUID versionId, int number, List<String> keys, List<Kind> keyKinds,
            List<FeatureAccess.Column> columns, Instant refreshedAt, Instant loadedAt) {
    }

    private final FeatureGroups groups;
    private final FeatureGroupVersions versions;
    private final RefreshRuns runs;
    private final OnlineTable table;
    private final FeatureAccess featureAccess;
    private final AreaAccess access;
    private final FeatureReads reads;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private final Clock clock;

    OnlineFeatures(FeatureGroups groups, FeatureGroupVersions versions, RefreshRuns runs, OnlineTable table, FeatureAccess featureAccess,
            AreaAccess access, FeatureReads reads, Clock clock) {
        this.clock = clock;
        this.groups = groups;
        this.versions = versions;
        this.runs = runs;
        this.table = table;
        this.featureAccess = featureAccess;
        this.access = access;
        this.reads = reads;
    }

    /**
     * @param entities each a map from key column to value
     * @param features the features wanted, or empty for all the caller may read
     */
    public OnlineValues lookup(String groupName, List<? extends Map<String, ?>> entities, List<String> features) {
        if (entities == null || entities.isEmpty()) {
            throw new InvalidRequestException("entities", "Name at least one entity");
        }
        if (entities.size() > MAX_ENTITIES) {
            throw new InvalidRequestException("entities", "At most " + MAX_ENTITIES + " entities per request; this one has " + entities.size());
        }
        Served group = served(groupName);
        List<String> wanted = featureAccess.readable(group.groupId(), group.areaId(), group.name(), group.columns(), features);
        List<String> keys = new ArrayList<>(entities.size());
        List<Map<String, ?>> named = new ArrayList<>(entities.size());
        for (Map<String, ?> asked : entities) {
            Map<String, ?> entity = asked;
            if (entity == null) {
                throw new InvalidRequestException("entities", "An entity is empty");
            }
            if (entity.size() == 1 && entity.containsKey(SINGLE_KEY) && !group.keys().contains(SINGLE_KEY)) {
                if (group.keys().size() > 1) {
                    throw new InvalidRequestException("entity", group.name() + " is keyed by " + String.join(", ", group.keys())
                            + "; give a value for each");
                }
                entity = Map.of(group.keys().getFirst(), entity.get(SINGLE_KEY));
            }
            for (String given : entity.keySet()) {
                if (!group.keys().contains(given)) {
                    throw new InvalidRequestException("entity", group.name() + " is keyed by " + String.join(", ", group.keys())
                            + ", not " + given);
                }
            }
            keys.add(EntityKeys.ofRequest(group.keys(), group.keyKinds(), entity));
            named.add(entity);
        }
        Map<String, OnlineTable.Row> rows = table.find(group.versionId(), new LinkedHashSet<>(keys));
        List<String> names = group.columns().stream().map(FeatureAccess.Column::name).toList();
        List<OnlineValues.Entity> result = new ArrayList<>(entities.size());
        for (int i = 0; i < entities.size(); i++) {
            Map<String, Object> entity = new LinkedHashMap<>(named.get(i));
            OnlineTable.Row row = rows.get(keys.get(i));
            if (row == null) {
                result.add(new OnlineValues.Entity(entity, false, null, Map.of()));
                continue;
            }
            JsonNode values = JSON.readTree(row.values());
            Map<String, Object> shown = new LinkedHashMap<>();
            for (String f : wanted) {
                JsonNode value = values.get(names.indexOf(f));
                shown.put(f, value == null || value.isNull() ? null : JSON.treeToValue(value, Object.class));
            }
            result.add(new OnlineValues.Entity(entity, true, row.eventTime(), shown));
        }
        reads.record(group.groupId(), group.areaId(), group.name(), group.number(), FeatureReads.ONLINE, rows.size());
        return new OnlineValues(group.name(), group.number(), group.refreshedAt(), result);
    }

    private Served served(String groupName) {
        String name = groupName == null ? "" : groupName.strip().toLowerCase(Locale.ROOT);
        Served cached = served.get(name);
        if (cached != null && cached.loadedAt().isAfter(clock.instant().minus(KEEP))) {
            return cached;
        }
        FeatureGroup group = groups.findByNameIgnoreCase(name).orElseThrow(() -> new NotFoundException("feature group", groupName));
        List<FeatureGroupVersion> all = versions.findByGroupIdOrderByNumberDesc(group.getId());
        FeatureGroupVersion published = all.stream().filter(v -> v.getStatus() == Status.PUBLISHED).findFirst().orElse(null);
        if (published == null) {
            if (!access.canRead(group.getAreaId()) && all.stream().allMatch(v -> v.getStatus() == Status.DRAFT)) {
                throw NotFoundException.denied("feature group", groupName);
            }
            throw new InvalidRequestException("featureGroup", group.getName() + " has no published version, so nothing is online");
        }
        RefreshRun refresh = runs.findFirstByVersionIdAndStateOrderByStartedAtDesc(published.getId(), RefreshRun.State.DONE)
                .orElseThrow(() -> new InvalidRequestException("featureGroup", group.getName() + " v" + published.getNumber()
                        + " is not online yet: its first refresh has not finished"));
        Served loaded = new Served(group.getId(), group.getAreaId(), group.getName(), published.getId(), published.getNumber(),
                published.entityKeyList(), Arrays.stream(refresh.getKeyKinds().split(",")).map(Kind::valueOf).toList(),
                published.getFeatures().stream().map(f -> new FeatureAccess.Column(f.getName(), f.isPii())).toList(),
                refresh.getFinishedAt(), clock.instant());
        served.put(name, loaded);
        return loaded;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forget(FeatureGroupStatusChanged changed) {
        served.remove(changed.name().toLowerCase(Locale.ROOT));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forget(FeatureGroupRefreshed refreshed) {
        served.remove(refreshed.name().toLowerCase(Locale.ROOT));
    }
}
