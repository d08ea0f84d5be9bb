package io.esteira.monitoring.web;

import io.esteira.deployments.DeploymentService;
import io.esteira.monitoring.MonitorChangeService;
import io.esteira.monitoring.MonitorProposal;
import io.esteira.monitoring.MonitorSettings;
import io.esteira.monitoring.MonitorView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Monitoring")
class MonitorController {

    private final MonitorChangeService monitors;
    private final DeploymentService deployments;
    private final io.esteira.monitoring.MonitoringAlerts alerts;

    MonitorController(MonitorChangeService monitors, DeploymentService deployments, io.esteira.monitoring.MonitoringAlerts alerts) {
        this.monitors = monitors;
        this.deployments = deployments;
        this.alerts = alerts;
    }

    /** A proposal: a missing setting keeps the value in force; {@code segmentFeatures: []} removes the segments. */
    record Proposal(Double warningPsi, Double breachPsi, Long minimumRows, Integer consecutive, Integer cooldownMinutes,
            List<String> segmentFeatures, Double minimumAuc, Double maturityCoverage, Integer maturityDelayHours, String justification,
            Long monitorVersion) {
    }

    @GetMapping("/api/v1/deployments/{name}/monitor")
    @Operation(summary = "The monitor in force of a deployment's stable live release (or ?release=<id>): thresholds, minimum rows, "
            + "consecutive hours, cooldown, segment features; with its pending proposal, if any, and the last proposals")
    MonitorView monitor(@PathVariable String name, @RequestParam(required = false) UUID area, @RequestParam(required = false) UUID release) {
        return monitors.monitor(releaseOf(name, area, release));
    }

    /** Where a monitor's alerts are also posted. */
    record AlertWebhook(String webhookUrl) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/v1/deployments/{name}/monitor/webhook")
    @Operation(summary = "Post the deployment's alerts also to a webhook (data scientists of the area): {\"webhookUrl\": \"https://…\"}, "
            + "checked like every webhook (https, no private addresses); null or empty removes it. Audited")
    AlertWebhook postAlertsTo(@PathVariable String name, @RequestParam(required = false) UUID area,
            @RequestParam(required = false) UUID release, @RequestBody AlertWebhook body) {
        UUID id = releaseOf(name, area, release);
        alerts.postAlertsTo(id, body == null ? null : body.webhookUrl());
        return new AlertWebhook(alerts.alertWebhook(id));
    }

    @PostMapping("/api/v1/deployments/{name}/monitor/changes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Propose new monitor settings (data scientists of the area): a change request of subject type 'monitor' "
            + "with the settings in force and proposed as evidence; the monitor changes only once it is approved. One pending "
            + "proposal per monitor; monitorVersion (optional) refuses a proposal made from an older monitor. minimumAuc (0: not judged), "
            + "maturityCoverage and maturityDelayHours set the performance thresholds; a field left out keeps the value in force")
    MonitorView propose(@PathVariable String name, @RequestParam(required = false) UUID area, @RequestParam(required = false) UUID release,
            @RequestBody Proposal proposal) {
        return monitors.propose(releaseOf(name, area, release), new MonitorProposal(new MonitorSettings(proposal.warningPsi(),
                proposal.breachPsi(), proposal.minimumRows(), proposal.consecutive(), proposal.cooldownMinutes(), proposal.segmentFeatures(),
                proposal.minimumAuc(), proposal.maturityCoverage(), proposal.maturityDelayHours()),
                proposal.justification(), proposal.monitorVersion()));
    }

    private UUID releaseOf(String name, UUID area, UUID release) {
        return Releases.of(deployments, name, area, release);
    }
}
