package io.esteira.deployments;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.ChangeSubjects;
import io.esteira.changes.EvidenceSection;
import io.esteira.changes.SubjectFacts;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.shared.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deployments as subjects of change requests: the deployment's settings, the version's gate results
 * and a link to the version. The version's registrant is its author: they never approve its deployment.
 */
@Component
class DeploymentChanges implements ChangeSubjects {

    static final String TYPE = "deployment";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Deployments deployments;
    private final ModelRegistry registry;
    private final AreaAccess access;

    DeploymentChanges(Deployments deployments, ModelRegistry registry, AreaAccess access) {
        this.deployments = deployments;
        this.registry = registry;
        this.access = access;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SubjectFacts describe(String subjectId) {
        UUID id;
        try {
            id = UUID.fromString(subjectId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("deployment", subjectId);
        }
        Deployment d = deployments.findById(id).orElseThrow(() -> new NotFoundException("deployment", subjectId));
        access.requireRead(d.getAreaId(), "deployment", subjectId);
        VersionView v = registry.versionById(d.getModelVersionId());
        String environment = d.getEnvironment().name().toLowerCase(Locale.ROOT);
        Set<UUID> authors = v.registeredById() == null ? Set.of() : Set.of(v.registeredById());
        String link = "/models/" + v.model();
        String preApproved = d.getRollout() == Rollout.ROLLBACK ? "a rollback to the previous live version" : null;
        return new SubjectFacts(d.getAreaId(), (d.getRollout() == Rollout.ROLLBACK ? "Rollback of " : "") + d.getName() + " (" + v.model()
                + " v" + v.number() + ", " + environment + ")", v.riskTier(), authors, link, evidence(d, v, link), preApproved);
    }

    private static List<EvidenceSection> evidence(Deployment d, VersionView v, String link) {
        List<EvidenceSection> sections = new ArrayList<>();
        List<List<String>> settings = new ArrayList<>();
        settings.add(List.of("Name", d.getName()));
        settings.add(List.of("Model version", v.model() + " v" + v.number() + " · sha256 " + v.sha256()));
        settings.add(List.of("Environment", d.getEnvironment().name().toLowerCase(Locale.ROOT)));
        settings.add(List.of("Mode", DeploymentWords.mode(d.getMode(), d.getName())));
        settings.add(List.of("Target", DeploymentWords.target(d.getTarget())));
        settings.add(List.of("Rollout", DeploymentWords.rollout(d.getRollout(), d.getCanaryPercent())));
        settings.add(List.of("Resources", DeploymentWords.resources(d.getReplicas(), d.getCpu(), d.getMemory())));
        settings.add(List.of("Change window", DeploymentWords.window(d.getWindowStart(), d.getWindowEnd())));
        settings.add(List.of("Prediction log", d.getLogSamplePercent() == 100 ? "every call with its inputs and outputs"
                : "every call counted; inputs and outputs of " + d.getLogSamplePercent() + "% of calls"));
        settings.add(List.of("Inputs", String.join(", ", v.signature().inputs().stream().map(Object::toString).toList())));
        settings.add(List.of("Outputs", String.join(", ", v.signature().outputs().stream().map(Object::toString).toList())));
        settings.add(List.of("Requested by", d.getRequestedBy()));
        sections.add(new EvidenceSection("Deployment", EvidenceSection.TABLE, table(List.of("Setting", "Value"), settings)));
        sections.add(new EvidenceSection("Quality gates of " + v.model() + " v" + v.number(), EvidenceSection.TABLE,
                table(List.of("Gate", "Result", "Message"), v.gateResults().stream()
                        .map(g -> List.of(g.title(), g.state().toLowerCase(Locale.ROOT), g.message() == null ? "" : g.message())).toList())));
        sections.add(new EvidenceSection("Model version in the registry", EvidenceSection.LINK, link));
        return sections;
    }

    private static String table(List<String> columns, List<List<String>> rows) {
        return JSON.writeValueAsString(Map.of("columns", columns, "rows", rows));
    }
}
