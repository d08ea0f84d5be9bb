package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.models.ModelRegistry;
import io.esteira.models.TensorSpec;
import io.esteira.models.VersionView;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.domain.Monitors;
import io.esteira.monitoring.statistics.DriftRule;
import io.esteira.shared.security.SystemActor;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The monitor a release starts with: the settings of the newest monitor of its endpoint's earlier
 * releases (approved once, they stay in force for the next version: thresholds, segments, the label
 * query and the alert webhook; segment features its version no longer has as categorical inputs are
 * dropped), or, for an endpoint's first release, the defaults with the AUC its model's quality gate
 * asks of a version.
 */
@Component
class MonitorInheritance {

    private final Monitors monitors;
    private final DeploymentService deployments;
    private final ModelRegistry registry;

    MonitorInheritance(Monitors monitors, DeploymentService deployments, ModelRegistry registry) {
        this.monitors = monitors;
        this.deployments = deployments;
        this.registry = registry;
    }

    Monitor initial(UUID releaseId, UUID areaId, Instant now) {
        DriftRule d = DriftRule.DEFAULT;
        Monitor monitor = new Monitor(releaseId, areaId, d.warningPsi(), d.breachPsi(), d.minimumRows(), d.alpha(), 2, 360, now);
        boolean[] inherited = {false};
        SystemActor.run(() -> {
            DeploymentView release = deployments.get(releaseId);
            List<UUID> earlier = deployments.releases(release.name(), areaId).stream().map(DeploymentView::id)
                    .filter(id -> !id.equals(releaseId)).toList();
            monitors.findAllById(earlier).stream().max(Comparator.comparing(Monitor::getCreatedAt)).ifPresent(before -> {
                VersionView version = registry.versionById(release.modelVersionId());
                Set<String> categorical = version.signature() == null ? Set.of() : version.signature().inputs().stream()
                        .filter(i -> i.type().equals("string") || i.type().equals("bool")).map(TensorSpec::name)
                        .collect(java.util.stream.Collectors.toSet());
                monitor.change(before.getWarningPsi(), before.getBreachPsi(), before.getMinimumRows(), before.getConsecutive(),
                        before.getCooldownMinutes(), before.getSegmentFeatures().stream().filter(categorical::contains).toList());
                monitor.judgePerformance(before.getMinimumAuc(), before.getMaturityCoverage(), before.getMaturityDelayHours());
                monitor.labelQuery(before.getLabelSourceId(), before.getLabelQuery(), before.getLabelQueryMinutes(), before.getLabelQueryBy());
                monitor.postAlertsTo(before.getWebhookUrl());
                inherited[0] = true;
            });
            if (!inherited[0]) {
                gatedAuc(release).ifPresent(monitor::requireAuc);
            }
        });
        return monitor;
    }

    /** The AUC the model's quality gate asks of a version (an "auc >=" threshold), if it has one. */
    private java.util.Optional<Double> gatedAuc(DeploymentView release) {
        try {
            return registry.get(release.modelId()).thresholds().stream()
                    .filter(t -> t.metric().equalsIgnoreCase("auc") && t.operator().startsWith(">")).map(t -> t.value()).findFirst();
        } catch (io.esteira.shared.NotFoundException e) {
            return java.util.Optional.empty();
        }
    }
}
