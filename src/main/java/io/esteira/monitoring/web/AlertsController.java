package io.esteira.monitoring.web;

import io.esteira.deployments.DeploymentService;
import io.esteira.monitoring.AlertView;
import io.esteira.monitoring.MonitoringAlerts;
import io.esteira.shared.web.SortableBy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Monitoring")
class AlertsController {

    private final MonitoringAlerts alerts;
    private final DeploymentService deployments;

    AlertsController(MonitoringAlerts alerts, DeploymentService deployments) {
        this.alerts = alerts;
        this.deployments = deployments;
    }

    record Snooze(Instant until, @Size(max = 2000) String reason) {
    }

    record Resolution(@Size(max = 2000) String reason) {
    }

    @GetMapping("/api/v1/monitoring/alerts")
    @Operation(summary = "Alerts of your areas (reviewers: every area's), newest first; ?open=false includes resolved ones")
    Page<AlertView> list(@RequestParam(defaultValue = "true") boolean open,
            @SortableBy({"openedAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return alerts.page(pageable, open);
    }

    @GetMapping("/api/v1/deployments/{name}/alerts")
    @Operation(summary = "The alerts of a deployment's stable live release (or ?release=<id>), newest first")
    List<AlertView> ofDeployment(@PathVariable String name, @RequestParam(required = false) UUID area,
            @RequestParam(required = false) UUID release) {
        UUID id = release != null && deployments.releases(name, area).stream().anyMatch(r -> r.id().equals(release)) ? release
                : deployments.get(name, area).id();
        return alerts.of(id);
    }

    @PostMapping("/api/v1/monitoring/alerts/{id}/acknowledge")
    @Operation(summary = "Acknowledge an alert: someone of the area is on it (audited)")
    AlertView acknowledge(@PathVariable UUID id) {
        return alerts.acknowledge(id);
    }

    @PostMapping("/api/v1/monitoring/alerts/{id}/snooze")
    @Operation(summary = "Snooze an alert until a time (at most 30 days) with a reason; it opens again if the breach lasts (audited)")
    AlertView snooze(@PathVariable UUID id, @Valid @RequestBody Snooze snooze) {
        return alerts.snooze(id, snooze.until(), snooze.reason());
    }

    @PostMapping("/api/v1/monitoring/alerts/{id}/resolve")
    @Operation(summary = "Resolve an alert with a reason (audited); the same check does not alert again within the monitor's cooldown")
    AlertView resolve(@PathVariable UUID id, @Valid @RequestBody Resolution resolution) {
        return alerts.resolve(id, resolution.reason());
    }
}
