package io.esteira.workspaces.web;

import io.esteira.workspaces.Pricing;
import io.esteira.shared.web.SortableBy;
import io.esteira.workspaces.TemplateSummary;
import io.esteira.workspaces.WorkspaceRequest;
import io.esteira.workspaces.WorkspaceService;
import io.esteira.workspaces.WorkspaceSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/workspaces")
@Tag(name = "Workspaces", description = "Notebook workspaces: the same rules and checks as the portal")
class WorkspacesController {

    private final WorkspaceService workspaces;

    WorkspacesController(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @GetMapping
    @Operation(summary = "The workspaces of an area, newest first")
    Page<WorkspaceSummary> list(@RequestParam UUID areaId, @RequestParam(required = false) String filter,
            @SortableBy({"name", "ownerName", "templateName", "state", "createdAt", "stateChangedAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return workspaces.list(areaId, filter, pageable);
    }

    @GetMapping("/templates")
    @Operation(summary = "The templates the caller may use in an area, and whether each can run now")
    List<TemplateSummary> templates(@RequestParam UUID areaId) {
        return workspaces.catalogue(areaId);
    }

    @GetMapping("/pricing")
    @Operation(summary = "The price of a size in an area, and what is left of the area's budget this month")
    Pricing pricing(@RequestParam UUID areaId, @RequestParam String sizeCode) {
        return workspaces.price(areaId, sizeCode);
    }

    @PostMapping
    @Operation(summary = "Request a workspace; it is provisioned in the background (poll its state)")
    ResponseEntity<WorkspaceSummary> create(@Valid @RequestBody WorkspaceRequest request) {
        WorkspaceSummary created = workspaces.create(request);
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + created.id())).body(created);
    }

    @GetMapping("/{id}")
    WorkspaceSummary get(@PathVariable UUID id) {
        return workspaces.get(id);
    }

    @PostMapping("/{id}/start")
    ResponseEntity<WorkspaceSummary> start(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(workspaces.start(id));
    }

    @PostMapping("/{id}/stop")
    ResponseEntity<WorkspaceSummary> stop(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(workspaces.stop(id));
    }

    @PostMapping("/{id}/extend")
    @Operation(summary = "Give a running workspace a fresh maximum lifetime from now")
    WorkspaceSummary extend(@PathVariable UUID id) {
        return workspaces.extend(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        workspaces.delete(id);
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{id}/open")
    @Operation(summary = "Where to open the notebook: the portal's handover address, which moves the browser to the workspace's own notebook host; the token never leaves the portal (owner or administrator; audited)")
    Map<String, String> open(@PathVariable UUID id) {
        return Map.of("url", workspaces.open(id).toString());
    }

    @GetMapping(value = "/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The last lines of the notebook server's log, token hidden (owner and administrators)")
    String log(@PathVariable UUID id, @RequestParam(defaultValue = "200") int lines) {
        return workspaces.log(id, lines);
    }
}
