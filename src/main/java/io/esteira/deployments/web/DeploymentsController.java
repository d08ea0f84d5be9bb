package io.esteira.deployments.web;

import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/** Deployments of the caller's areas; requesting one submits its change request. */
@RestController
@RequestMapping("/api/v1/deployments")
@Tag(name = "Deployments", description = "Request deployments of model versions; released only through an approved change request")
class DeploymentsController {

    private final DeploymentService deployments;

    DeploymentsController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @GetMapping
    @Operation(summary = "The deployments of the caller's areas, by name")
    Page<DeploymentView> list(@PageableDefault(size = 50) Pageable pageable) {
        return deployments.list(pageable);
    }

    @GetMapping("/{name}")
    @Operation(summary = "A deployment by name, with its state; ?area=<id> when several of the caller's areas have one of that name")
    DeploymentView get(@PathVariable String name, @RequestParam(required = false) UUID area) {
        return deployments.get(name, area);
    }

    @PostMapping
    @Operation(summary = "Request a deployment: versionId (a version that passed its gates), name (URL-safe, unique in the area), "
            + "environment STAGING or PRODUCTION, mode ONLINE_SYNC (the default; the others are not available yet), justification, "
            + "rollbackPlan (required for production). Answers 201 with the deployment PENDING_APPROVAL and its changeId")
    ResponseEntity<DeploymentView> request(@RequestBody DeploymentDraft draft) {
        DeploymentView created = deployments.request(draft);
        return ResponseEntity.created(URI.create("/api/v1/deployments/" + created.name())).body(created);
    }
}
