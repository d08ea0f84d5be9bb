package io.esteira.models.costs;

import io.esteira.costs.ModelCostSources;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.shared.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Budgets of models: a model of the area by id, and the area's models, through the registry as the caller may read them. */
@Component
@Transactional(readOnly = true)
class RegistryCostSources implements ModelCostSources {

    private final ModelRegistry registry;

    RegistryCostSources(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<String> modelName(UUID areaId, UUID modelId) {
        try {
            ModelView model = registry.get(modelId);
            return model.areaId().equals(areaId) ? Optional.of(model.name()) : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<UUID, String> models(UUID areaId) {
        Map<UUID, String> names = new LinkedHashMap<>();
        registry.list(areaId, "", PageRequest.of(0, 2000)).getContent().forEach(m -> names.put(m.id(), m.name()));
        return names;
    }
}
