package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.features.FeatureGroupService;
import io.esteira.models.Lineage;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.shared.security.SystemActor;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which inputs of a release are personal data: the personal-data features of the feature-group
 * versions its model version's lineage names. Monitoring never summarises them. Worked out once per
 * release (a version and its lineage never change).
 */
@Component
class PersonalData {

    private final DeploymentService deployments;
    private final ModelRegistry registry;
    private final FeatureGroupService featureGroups;
    private final Map<UUID, Set<String>> byRelease = new ConcurrentHashMap<>();

    PersonalData(DeploymentService deployments, ModelRegistry registry, FeatureGroupService featureGroups) {
        this.deployments = deployments;
        this.registry = registry;
        this.featureGroups = featureGroups;
    }

    Set<String> inputsOf(UUID releaseId) {
        return byRelease.computeIfAbsent(releaseId, id -> SystemActor.call(() -> {
            VersionView version = registry.versionById(deployments.get(id).modelVersionId());
            Set<String> personal = new HashSet<>();
            Lineage lineage = version.lineage();
            if (lineage != null) {
                lineage.featureGroups().forEach(ref -> personal.addAll(featureGroups.personalDataFeatures(ref.name(), ref.version())));
            }
            return Set.copyOf(personal);
        }));
    }
}
