package io.esteira.features.web;

import io.esteira.features.ConnectionTest;
import io.esteira.shared.web.SortableBy;
import io.esteira.features.DataSourceDraft;
import io.esteira.features.DataSourceService;
import io.esteira.features.DataSourceSummary;
import io.esteira.shared.web.IfMatch;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/data-sources")
@Tag(name = "Data sources", description = "JDBC sources of the feature store and scheduled queries; passwords are write-only")
class DataSourcesController {

    private final DataSourceService sources;

    DataSourcesController(DataSourceService sources) {
        this.sources = sources;
    }

    @GetMapping
    @Operation(summary = "The platform-wide sources and those of the caller's areas")
    Page<DataSourceSummary> list(@RequestParam(required = false) String filter, @SortableBy({"name", "classification", "createdAt", "updatedAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return sources.list(filter, pageable);
    }

    @GetMapping("/{id}")
    DataSourceSummary get(@PathVariable UUID id) {
        return sources.get(id);
    }

    @PostMapping
    @Operation(summary = "Register a source (administrators); the password is stored encrypted and never returned")
    ResponseEntity<DataSourceSummary> create(@Valid @RequestBody DataSourceDraft draft) {
        DataSourceSummary created = sources.create(draft);
        return ResponseEntity.created(URI.create("/api/v1/data-sources/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a source (administrators); send the version you read as If-Match; an empty password keeps the stored one")
    DataSourceSummary update(@PathVariable UUID id, @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody DataSourceDraft draft) {
        return sources.update(id, draft, IfMatch.version(ifMatch, "source"));
    }

    @PostMapping("/{id}/test")
    @Operation(summary = "Connect to the source and report the database and version, or the error")
    ConnectionTest test(@PathVariable UUID id) {
        return sources.test(id);
    }
}
