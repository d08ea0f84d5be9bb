package io.esteira.features.web;

import io.esteira.features.ConnectionTest;
import io.esteira.shared.web.SortableBy;
import io.esteira.features.DataSourceDraft;
import io.esteira.features.DataSourceService;
import io.esteira.features.SourceAccess;
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
import org.springframework.web.bind.annotation.DeleteMapping;
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
    private final SourceAccess access;

    DataSourcesController(DataSourceService sources, SourceAccess access) {
        this.sources = sources;
        this.access = access;
    }

    /**
     * @param schema a schema, or {@code *} (or nothing) for every schema
     * @param table  one table of the schema, or {@code *} (or nothing) for every table
     */
    record GrantRequest(@jakarta.validation.constraints.NotNull(message = "Pick an area") UUID areaId,
            @jakarta.validation.constraints.Size(max = 120) String schema, @jakarta.validation.constraints.Size(max = 120) String table) {
    }

    record ColumnClassRequest(@jakarta.validation.constraints.Size(max = 120) String schema,
            @jakarta.validation.constraints.Size(max = 120) String table, @jakarta.validation.constraints.Size(max = 120) String column,
            UUID ownerAreaId) {
    }

    @GetMapping("/{id}/grants")
    @Operation(summary = "Which areas may query a platform-wide source, and in which schemas (administrators)")
    java.util.List<SourceAccess.GrantView> grants(@PathVariable UUID id) {
        return access.grants(id);
    }

    @PostMapping("/{id}/grants")
    @Operation(summary = "Let an area query a platform-wide source: one table, one schema or all (administrators; audited)")
    SourceAccess.GrantView grant(@PathVariable UUID id, @Valid @RequestBody GrantRequest request) {
        return access.grant(id, request.areaId(), request.schema(), request.table());
    }

    @DeleteMapping("/{id}/grants/{areaId}/{schema}")
    @Operation(summary = "Take a grant back (administrators; audited); the schema * is every schema, no table every table")
    ResponseEntity<Void> revoke(@PathVariable UUID id, @PathVariable UUID areaId, @PathVariable String schema,
            @RequestParam(required = false) @jakarta.validation.constraints.Size(max = 120) String table) {
        access.revoke(id, areaId, schema, table);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/personal-columns")
    @Operation(summary = "The personal-data columns of a source: classified by administrators and by feature groups (administrators)")
    java.util.List<SourceAccess.ColumnClassView> personalColumns(@PathVariable UUID id) {
        return access.columns(id);
    }

    @PostMapping("/{id}/personal-columns")
    @Operation(summary = "Classify a column of a source as personal data of an area (administrators; audited)")
    SourceAccess.ColumnClassView classify(@PathVariable UUID id, @Valid @RequestBody ColumnClassRequest request) {
        return access.classify(id, request.schema(), request.table(), request.column(), request.ownerAreaId());
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
