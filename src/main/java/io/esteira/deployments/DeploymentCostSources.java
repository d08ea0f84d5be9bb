package io.esteira.deployments;

import io.esteira.costs.ModelCostSources;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Budgets of models: a model of the area by id (through the registry, as the caller may read it), and
 * its deployments, whose replicas and predictions the ledger bills (resource ids = deployment ids).
 */
@Component
@Transactional(readOnly = true)
class DeploymentCostSources implements ModelCostSources {

    private final ModelRegistry registry;
    private final Deployments deployments;

    DeploymentCostSources(ModelRegistry registry, Deployments deployments) {
        this.registry = registry;
        this.deployments = deployments;
    }

    @Override
    public Optional<String> modelName(UUID areaId, UUID modelId) {
        return registry.list(areaId, "", PageRequest.of(0, 2000)).getContent().stream().filter(m -> m.id().equals(modelId))
                .map(ModelSummary::name).findFirst();
    }

    @Override
    public Map<UUID, String> models(UUID areaId) {
        Map<UUID, String> names = new LinkedHashMap<>();
        registry.list(areaId, "", PageRequest.of(0, 2000)).getContent().forEach(m -> names.put(m.id(), m.name()));
        return names;
    }

    @Override
    public Set<UUID> resources(UUID areaId, UUID modelId) {
        return deployments.findByAreaIdAndModelId(areaId, modelId).stream().map(Deployment::getId).collect(Collectors.toSet());
    }
}
