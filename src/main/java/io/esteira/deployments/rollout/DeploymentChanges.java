package io.esteira.deployments.rollout;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.ChangeSubjects;
import io.esteira.changes.EvidenceSection;
import io.esteira.changes.SubjectFacts;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentWords;
import io.esteira.deployments.Rollout;
import io.esteira.deployments.batch.BatchDeployments;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.deployments.shadow.ShadowComparisons;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.shared.NotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deployments as subjects of change requests: the release's settings (rollout, resources, window,
 * rollback plan), how the version compared in shadow on the same endpoint (when it ran or runs there
 * in shadow), and the version's own evidence pack as the model registry assembles it (model card,
 * gate results, metrics against the version live on the endpoint or else in production, lineage).
 * The link opens the release. The version's registrant is its author: they never approve its deployment.
 */
@Component
public class DeploymentChanges implements ChangeSubjects {

    public static final String TYPE = "deployment";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Deployments deployments;
    private final ModelRegistry registry;
    private final AreaAccess access;
    private final BatchDeployments batch;
    private final ShadowComparisons shadows;

    DeploymentChanges(Deployments deployments, ModelRegistry registry, AreaAccess access, BatchDeployments batch, ShadowComparisons shadows) {
        this.deployments = deployments;
        this.registry = registry;
        this.access = access;
        this.batch = batch;
        this.shadows = shadows;
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
        String link = "/deployments/" + d.getId();
        String preApproved = d.getRollout() == Rollout.ROLLBACK ? "a rollback to the previous live version" : null;
        List<Deployment> endpoint = deployments.findByAreaIdAndNameOrderByRequestedAtDesc(d.getAreaId(), d.getName()).stream()
                .filter(r -> !r.getId().equals(d.getId())).toList();
        List<EvidenceSection> evidence = new ArrayList<>();
        evidence.add(settings(d, v, batch.settings(d)));
        shadow(d, endpoint, v).ifPresent(evidence::add);
        UUID live = endpoint.stream().filter(r -> r.getState() == DeploymentState.LIVE)
                .sorted(Comparator.comparing((Deployment r) -> r.getRollout() == Rollout.CANARY)).map(Deployment::getModelVersionId).findFirst()
                .orElse(null);
        evidence.addAll(registry.evidence(v.id(), live, "live on " + d.getName()));
        return new SubjectFacts(d.getAreaId(), (d.getRollout() == Rollout.ROLLBACK ? "Rollback of " : "") + d.getName() + " (" + v.model()
                + " v" + v.number() + ", " + environment + ")", v.riskTier(), authors, link, evidence, preApproved);
    }

    /**
     * How the version compared with the live answers in shadow: this release's comparison when it is a
     * shadow, else that of the latest shadow of the same version on the same endpoint, if any.
     */
    private Optional<EvidenceSection> shadow(Deployment d, List<Deployment> endpoint, VersionView v) {
        Optional<Deployment> shadow = d.getRollout() == Rollout.SHADOW ? Optional.of(d)
                : endpoint.stream().filter(r -> r.getRollout() == Rollout.SHADOW && r.getModelVersionId().equals(d.getModelVersionId()))
                        .findFirst();
        if (shadow.isEmpty()) {
            return Optional.empty();
        }
        String title = "Shadow comparison of " + v.model() + " v" + v.number() + " on " + d.getName();
        return Optional.of(shadows.of(shadow.get().getId()).map(r -> new EvidenceSection(title, EvidenceSection.TABLE,
                table(List.of("Figure", "Value"), DeploymentWords.shadow(r).entrySet().stream().map(e -> List.of(e.getKey(), e.getValue()))
                        .toList())))
                .orElseGet(() -> new EvidenceSection(title, EvidenceSection.TEXT, shadow.get() == d
                        ? "No call mirrored yet: once live, this shadow scores every call that " + d.getName()
                                + " answers and is compared with the live answers on its release page."
                        : "The shadow of this version on " + d.getName() + " mirrored no call.")));
    }

    private static EvidenceSection settings(Deployment d, VersionView v, List<List<String>> batchSettings) {
        List<List<String>> settings = new ArrayList<>();
        settings.add(List.of("Name", d.getName()));
        settings.add(List.of("Model version", v.model() + " v" + v.number() + " · sha256 " + v.sha256()));
        settings.add(List.of("Environment", d.getEnvironment().name().toLowerCase(Locale.ROOT)));
        settings.add(List.of("Mode", DeploymentWords.mode(d.getMode(), d.getName())));
        settings.add(List.of("Target", DeploymentWords.target(d.getTarget())));
        settings.addAll(batchSettings);
        settings.add(List.of("Rollout", DeploymentWords.rollout(d.getRollout(), d.getCanaryPercent())));
        settings.add(List.of("Resources", DeploymentWords.resources(d.getReplicas(), d.getCpu(), d.getMemory())));
        settings.add(List.of("Change window", DeploymentWords.window(d.getWindowStart(), d.getWindowEnd())));
        settings.add(List.of("Rollback plan", d.getRollbackPlan() == null || d.getRollbackPlan().isBlank() ? "none given" : d.getRollbackPlan()));
        settings.add(List.of("Prediction log", d.getLogSamplePercent() == 100 ? "every call with its inputs and outputs"
                : "every call counted; inputs and outputs of " + d.getLogSamplePercent() + "% of calls"));
        settings.add(List.of("Inputs", String.join(", ", v.signature().inputs().stream().map(Object::toString).toList())));
        settings.add(List.of("Outputs", String.join(", ", v.signature().outputs().stream().map(Object::toString).toList())));
        settings.add(List.of("Requested by", d.getRequestedBy()));
        return new EvidenceSection("Deployment", EvidenceSection.TABLE, table(List.of("Setting", "Value"), settings));
    }

    private static String table(List<String> columns, List<List<String>> rows) {
        return JSON.writeValueAsString(Map.of("columns", columns, "rows", rows));
    }
}
