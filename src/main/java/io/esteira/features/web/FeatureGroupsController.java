package io.esteira.features.web;

import io.esteira.features.FeatureGroupDraft;
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

    FeatureGroupsController(FeatureGroupService groups) {
        this.groups = groups;
    }

    @GetMapping
    @Operation(summary = "The catalog: published groups of every domain and all groups of the caller's areas")
    Page<FeatureGroupSummary> catalog(@RequestParam(required = false) String q, @RequestParam(required = false) UUID domain,
            @PageableDefault(size = 50) Pageable pageable) {
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

    @PostMapping("/{name}/versions/{number}/deprecate")
    FeatureGroupView deprecate(@PathVariable String name, @PathVariable int number) {
        return groups.deprecate(groups.getByName(name).id(), number);
    }
}
