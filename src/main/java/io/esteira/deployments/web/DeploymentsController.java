package io.esteira.deployments.web;

import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.predictions.PredictionLogRetention;
import io.esteira.shared.web.SortableBy;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.ServingFigures;
import io.esteira.deployments.ShadowResults;
import java.util.List;
import java.util.Map;
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
    private final PredictionLogRetention retention;

    DeploymentsController(DeploymentService deployments, PredictionLogRetention retention) {
        this.deployments = deployments;
        this.retention = retention;
    }

    /** How long a release's prediction log is kept; {@code days} null: the portal's default. */
    record LogRetention(Integer days) {
    }

    @GetMapping("/releases/{id}/log-retention")
    @Operation(summary = "How long the release's prediction log is kept: its own days (null: the portal's default), the default and "
            + "the minimum")
    PredictionLogRetention.Kept logRetention(@PathVariable UUID id) {
        return retention.of(id);
    }

    @org.springframework.web.bind.annotation.PutMapping("/releases/{id}/log-retention")
    @Operation(summary = "Keep the release's prediction log for so many days (administrators; at least the bank's minimum, "
            + "esteira.prediction-log.minimum-retention). Body {\"days\": 365}, or {\"days\": null} for the portal's default")
    PredictionLogRetention.Kept keepLog(@PathVariable UUID id, @RequestBody LogRetention body) {
        return retention.keep(id, body == null ? null : body.days());
    }

    @GetMapping("/releases/{id}/shadow")
    @Operation(summary = "How a shadow release compares with the live answers it mirrored: calls, rows compared, the share of rows "
            + "whose labels agree, the mean absolute difference of the scores, time to score a call; 404 before its first mirrored call")
    ShadowResults shadow(@PathVariable UUID id) {
        return deployments.shadowResults(id).orElseThrow(() -> new io.esteira.shared.NotFoundException("shadow comparison", id));
    }

    @GetMapping
    @Operation(summary = "The releases of the caller's areas' deployments, by name and newest first; ?all=false leaves out retired, "
            + "failed and rejected ones")
    Page<DeploymentView> list(@SortableBy({"name", "state", "environment", "modelName", "requestedAt", "updatedAt", "liveAt"})
            @PageableDefault(size = 50) Pageable pageable, @RequestParam(defaultValue = "true") boolean all) {
        return deployments.list(pageable, all);
    }

    @GetMapping("/{name}")
    @Operation(summary = "A deployment by name: its stable live release, else its newest; ?area=<id> when several of the caller's areas "
            + "have one of that name")
    DeploymentView get(@PathVariable String name, @RequestParam(required = false) UUID area) {
        return deployments.get(name, area);
    }

    @GetMapping("/{name}/releases")
    @Operation(summary = "The releases of a deployment, newest first")
    List<DeploymentView> releases(@PathVariable String name, @RequestParam(required = false) UUID area) {
        return deployments.releases(name, area);
    }

    @GetMapping("/{name}/figures")
    @Operation(summary = "How the deployment's releases serve: calls, calls per minute, p95 latency (ms) and error rate over the last "
            + "five minutes, from the prediction log")
    Map<UUID, ServingFigures> figures(@PathVariable String name, @RequestParam(required = false) UUID area) {
        return deployments.figures(deployments.releases(name, area).stream().map(DeploymentView::id).toList());
    }

    /** Why a release is rolled back or retired. */
    record Reason(String reason) {
    }

    @PostMapping("/releases/{id}/promote")
    @Operation(summary = "A live canary takes all the calls; the release it split them with is retired")
    DeploymentView promote(@PathVariable UUID id) {
        return deployments.promote(id);
    }

    @PostMapping("/releases/{id}/retire")
    @Operation(summary = "Take a live release out of service: a canary, or the only live release (the deployment then serves nothing). "
            + "Body {\"reason\": \"...\"}")
    DeploymentView retire(@PathVariable UUID id, @RequestBody Reason reason) {
        return deployments.retire(id, reason == null ? null : reason.reason());
    }

    @PostMapping("/releases/{id}/rollback")
    @Operation(summary = "Roll the deployment back to its previous live version in one action: a pre-approved standard change that "
            + "goes live at once. Body {\"reason\": \"...\"}; answers 201 with the new release")
    ResponseEntity<DeploymentView> rollback(@PathVariable UUID id, @RequestBody Reason reason) {
        DeploymentView created = deployments.rollback(id, reason == null ? null : reason.reason());
        return ResponseEntity.created(URI.create("/api/v1/deployments/" + created.name())).body(created);
    }

    @PostMapping
    @Operation(summary = "Request a deployment: versionId (a version that passed its gates), name (URL-safe, unique in the area), "
            + "environment STAGING or PRODUCTION, mode ONLINE_SYNC (the default), ONLINE_ASYNC or BATCH (with batch), target, "
            + "rollout ALL_AT_ONCE, CANARY (with canaryPercent) or SHADOW (scores a mirror of the live release's calls, answers none), resources, windowStart/windowEnd, logSamplePercent, justification, "
            + "rollbackPlan (required for production). A name in use is a new release of that deployment. Answers 201 with the release "
            + "PENDING_APPROVAL and its changeId")
    ResponseEntity<DeploymentView> request(@RequestBody DeploymentDraft draft) {
        DeploymentView created = deployments.request(draft);
        return ResponseEntity.created(URI.create("/api/v1/deployments/" + created.name())).body(created);
    }
}
