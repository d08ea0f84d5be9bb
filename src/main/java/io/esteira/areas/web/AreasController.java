package io.esteira.areas.web;

import io.esteira.areas.AreaDraft;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.areas.MemberSummary;
import io.esteira.shared.web.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/areas")
@Tag(name = "Areas", description = "Business areas (cost centres) and their members")
class AreasController {

    private final AreaService areas;

    AreasController(AreaService areas) {
        this.areas = areas;
    }

    @GetMapping
    @Operation(summary = "The caller's areas")
    List<AreaSummary> mine() {
        return areas.myAreas();
    }

    @GetMapping("/{id}")
    AreaSummary get(@PathVariable UUID id) {
        return areas.get(id);
    }

    @GetMapping("/{id}/members")
    List<MemberSummary> members(@PathVariable UUID id) {
        return areas.members(id);
    }

    @PostMapping
    @Operation(summary = "Create an area (administrators)")
    ResponseEntity<AreaSummary> create(@Valid @RequestBody AreaDraft draft) {
        AreaSummary created = areas.create(draft);
        return ResponseEntity.created(URI.create("/api/v1/areas/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change an area (administrators); send the version you read as If-Match")
    AreaSummary update(@PathVariable UUID id, @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody AreaDraft draft) {
        return areas.update(id, draft, IfMatch.version(ifMatch, "area"));
    }
}
