package io.esteira.costs;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SPI for budgets of models: which model of an area an id names, and which ledger resources
 * (deployments, training runs) are that model's. Implemented by the modules that know models; costs
 * depends on none of them.
 */
public interface ModelCostSources {

    /** The model's name when the id names a model of the area. */
    Optional<String> modelName(UUID areaId, UUID modelId);

    /** The area's models (as the caller may read them): their names by id, for choosing one to budget. */
    Map<UUID, String> models(UUID areaId);

    /** The ids of the ledger's resources (cost_line.resource_id) that are the model's. */
    Set<UUID> resources(UUID areaId, UUID modelId);
}
