package io.esteira.features.web;

import io.esteira.features.FeatureGroupDraft;
import io.esteira.shared.web.SortableBy;
import io.esteira.features.FeatureReads;
import io.esteira.features.FeatureRefresher;
import io.esteira.features.OnlineFeatures;
import io.esteira.features.OnlineValues;
import io.esteira.features.ReaderView;
import io.esteira.features.RefreshView;
import io.esteira.features.SampleRows;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupSummary;
import io.esteira.features.FeatureGroupView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/feature-groups")
@Tag(name = "Feature groups", description = "Register, version, publish and find feature groups")
class FeatureGroupsController {

    private final FeatureGroupService groups;
    private final OnlineFeatures online;
    private final FeatureRefresher refresher;
    private final FeatureReads reads;

    FeatureGroupsController(FeatureGroupService groups, OnlineFeatures online, FeatureRefresher refresher, FeatureReads reads) {
        this.groups = groups;
        this.online = online;
        this.refresher = refresher;
        this.reads = reads;
    }

    /** Many entities at once: {@code {"entities": [{"customer_id": 42}, …], "features": ["amount", …]}}. */
    record OnlineRequest(List<Map<String, Object>> entities, List<String> features) {
    }

    @GetMapping("/{name}/online")
    @Operation(summary = "The latest values of one entity: ?entity=42 for a single key, or one parameter per key column; "
            + "404 when the entity has no values")
    ResponseEntity<OnlineValues.Entity> onlineOne(@PathVariable String name, @RequestParam Map<String, String> parameters,
            @RequestParam(required = false) List<String> features) {
        Map<String, Object> entity = new LinkedHashMap<>(parameters);
        entity.remove("features");
        Object single = entity.remove("entity");
        OnlineValues values;
        if (single != null) {
            if (!entity.isEmpty()) {
                throw new InvalidRequestException("entity", "Give either entity=… or one parameter per key column, not both");
            }
            values = online.lookup(name, List.of(Map.of(OnlineFeatures.SINGLE_KEY, single)), features);
        } else {
            values = online.lookup(name, List.of(entity), features);
        }
        OnlineValues.Entity found = values.entities().getFirst();
        if (!found.found()) {
            throw new NotFoundException("online values of " + name + " for entity", single != null ? single : entity);
        }
        return ResponseEntity.ok().header("X-Feature-Group-Version", String.valueOf(values.version()))
                .header("X-Refreshed-At", String.valueOf(values.refreshedAt())).body(found);
    }

    @PostMapping("/{name}/online")
    @Operation(summary = "The latest values of up to 1,000 entities; unknown entities come back with found=false")
    OnlineValues onlineMany(@PathVariable String name, @RequestBody OnlineRequest request) {
        return online.lookup(name, request.entities(), request.features());
    }

    @PostMapping("/{name}/refresh")
    @Operation(summary = "Refresh the published version now: rules checked on the current rows, online values rebuilt")
    ResponseEntity<Void> refresh(@PathVariable String name) {
        refresher.refreshNow(groups.getByName(name).id());
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/{name}/versions/{number}/refreshes")
    @Operation(summary = "The refreshes of a version, newest first, with their validation results")
    List<RefreshView> refreshes(@PathVariable String name, @PathVariable int number) {
        return refresher.refreshes(groups.getByName(name).id(), number);
    }

    @GetMapping("/{name}/readers")
    @Operation(summary = "Who reads the group: readers by channel, with counts and times")
    List<ReaderView> readers(@PathVariable String name) {
        return reads.readersOf(groups.getByName(name));
    }

    @GetMapping("/{name}/versions/{number}/sample")
    @Operation(summary = "First rows of a version's source, personal-data features masked")
    SampleRows sample(@PathVariable String name, @PathVariable int number, @RequestParam(defaultValue = "20") int rows) {
        return groups.sample(groups.getByName(name).id(), number, rows);
    }

    @GetMapping
    @Operation(summary = "The catalog: published groups of every domain and all groups of the caller's areas")
    Page<FeatureGroupSummary> catalog(@RequestParam(required = false) String q, @RequestParam(required = false) UUID domain,
            @SortableBy({"name", "ownerName", "createdAt", "updatedAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return groups.catalog(q, domain, pageable);
    }

    @GetMapping("/{name}")
    @Operation(summary = "A group with its versions, schema and statistics")
    FeatureGroupView get(@PathVariable String name) {
        return groups.getByName(name);
    }

    @PostMapping
    @Operation(summary = "Register a group, or a new version when its schema changed; statistics run in the background")
    ResponseEntity<FeatureGroupView> register(@Valid @RequestBody FeatureGroupDraft draft) {
        FeatureGroupView view = groups.register(draft);
        return ResponseEntity.created(URI.create("/api/v1/feature-groups/" + view.name())).body(view);
    }

    @PostMapping("/{name}/versions/{number}/publish")
    FeatureGroupView publish(@PathVariable String name, @PathVariable int number) {
        return groups.publish(groups.getByName(name).id(), number);
    }

    @PostMapping(value = "/{name}/training-set", consumes = "text/csv", produces = "text/csv")
    @Operation(summary = "A point-in-time-correct training set: post CSV with the entity keys and a timestamp column; "
            + "each row gets the latest feature values at or before its time")
    String trainingSet(@PathVariable String name, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) java.util.List<String> features, @RequestBody String csv) {
        return groups.trainingSet(name, version, features, csv);
    }

    /** Entities and times from a query: {@code {"sourceId": "…", "sql": "select customer_id, seen_at as timestamp from …"}}. */
    record EntitiesQuery(UUID sourceId, @jakarta.validation.constraints.Size(max = 100_000, message = "At most 100,000 characters") String sql) {
    }

    @PostMapping(value = "/{name}/training-set", consumes = "application/json", produces = "text/csv")
    @Operation(summary = "A point-in-time-correct training set for the entities and times a SELECT returns "
            + "(columns: the entity keys and timestamp)")
    String trainingSetFromQuery(@PathVariable String name, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) java.util.List<String> features, @jakarta.validation.Valid @RequestBody EntitiesQuery query) {
        if (query.sourceId() == null || query.sql() == null || query.sql().isBlank()) {
            throw new InvalidRequestException("sql", "Give sourceId and sql: a SELECT of the entity keys and timestamp");
        }
        return groups.trainingSet(name, version, features, query.sourceId(), query.sql());
    }

    @PostMapping("/{name}/versions/{number}/deprecate")
    FeatureGroupView deprecate(@PathVariable String name, @PathVariable int number) {
        return groups.deprecate(groups.getByName(name).id(), number);
    }
}
