package io.esteira.monitoring;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.ChangeSubjects;
import io.esteira.changes.EvidenceSection;
import io.esteira.changes.SubjectFacts;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.monitoring.domain.MonitorChange;
import io.esteira.monitoring.domain.MonitorChanges;
import io.esteira.monitoring.domain.Monitors;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proposed monitor changes as subjects of change requests (type {@code monitor}, id the proposal):
 * the risk tier of the release's model, and as evidence the settings in force beside the proposed ones.
 * The proposer is its author.
 */
@Component
class MonitorChangeSubjects implements ChangeSubjects {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MonitorChanges proposals;
    private final Monitors monitors;
    private final DeploymentService deployments;
    private final ModelRegistry registry;
    private final AreaAccess access;

    MonitorChangeSubjects(MonitorChanges proposals, Monitors monitors, DeploymentService deployments, ModelRegistry registry, AreaAccess access) {
        this.proposals = proposals;
        this.monitors = monitors;
        this.deployments = deployments;
        this.registry = registry;
        this.access = access;
    }

    @Override
    public String type() {
        return MonitorChangeService.SUBJECT;
    }

    @Override
    public SubjectFacts describe(String subjectId) {
        UUID id;
        try {
            id = UUID.fromString(subjectId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("monitor change", subjectId);
        }
        MonitorChange change = proposals.findById(id).orElseThrow(() -> new NotFoundException("monitor change", subjectId));
        access.requireRead(change.getAreaId(), "monitor change", subjectId);
        DeploymentView release = SystemActor.call(() -> deployments.get(change.getDeploymentId()));
        VersionView version = SystemActor.call(() -> registry.versionById(release.modelVersionId()));
        MonitorSettings inForce = monitors.findById(release.id()).map(MonitorChangeService::settings).orElseThrow();
        MonitorSettings proposed = MonitorChangeService.settings(change);
        String environment = release.environment().name().toLowerCase(Locale.ROOT);
        String label = "Monitor of " + release.name() + " (" + release.model() + " v" + release.modelVersion() + ", " + environment + ")";
        List<List<String>> rows = new ArrayList<>();
        row(rows, "Warning PSI", inForce.warningPsi(), proposed.warningPsi());
        row(rows, "Breach PSI", inForce.breachPsi(), proposed.breachPsi());
        row(rows, "Minimum rows per window and segment", inForce.minimumRows(), proposed.minimumRows());
        row(rows, "Consecutive hours in breach before an alert", inForce.consecutive(), proposed.consecutive());
        row(rows, "Cooldown after a resolved alert (minutes)", inForce.cooldownMinutes(), proposed.cooldownMinutes());
        row(rows, "Segment features", words(inForce.segmentFeatures()), words(proposed.segmentFeatures()));
        row(rows, "Minimum daily AUC (0: not judged)", inForce.minimumAuc(), proposed.minimumAuc());
        row(rows, "Labels mature at coverage", inForce.maturityCoverage(), proposed.maturityCoverage());
        row(rows, "Labels mature after (hours)", inForce.maturityDelayHours(), proposed.maturityDelayHours());
        List<EvidenceSection> evidence = List.of(
                new EvidenceSection("Monitor settings: in force and proposed", EvidenceSection.TABLE,
                        JSON.writeValueAsString(Map.of("columns", List.of("Setting", "In force", "Proposed", "Changes"), "rows", rows))),
                new EvidenceSection("What the settings do", EvidenceSection.MARKDOWN, """
                        A window's drift of a feature is judged by its PSI against the model version's training data: above the warning \
                        PSI it warns, above the breach PSI it breaches, but only above the noise floor of its sample sizes; a window \
                        (or a segment of it) with fewer rows than the minimum is *insufficient data*, never "no drift". An alert opens \
                        after the given number of hourly windows in breach in a row (or one daily window). Segment features split every \
                        drift metric by their values (the 20 most frequent values in the training data, the rest as "(other)"). A day whose \
                        realised AUC (once its labels are mature: at the coverage given, or the hours given after it ended) or \
                        estimated AUC is below the minimum opens a performance alert that recommends retraining."""),
                new EvidenceSection("Monitoring of the deployment", EvidenceSection.LINK, "/monitoring"));
        return new SubjectFacts(change.getAreaId(), label, version.riskTier(), Set.of(change.getProposedById()), "/monitoring", evidence);
    }

    private static void row(List<List<String>> rows, String setting, Object inForce, Object proposed) {
        rows.add(List.of(setting, String.valueOf(inForce), String.valueOf(proposed), Objects.equals(inForce, proposed) ? "" : "changed"));
    }

    private static String words(List<String> segments) {
        return segments == null || segments.isEmpty() ? "none" : String.join(", ", segments);
    }
}
