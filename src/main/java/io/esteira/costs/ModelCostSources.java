package io.esteira.costs;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SPI for budgets of models: which model of an area an id names, and the area's models to choose from.
 * Implemented by the modules that know models; costs depends on none of them. Which ledger lines are a
 * model's, the metering says as it meters them (the lines' model, see {@link UsageStart#modelId()}).
 */
public interface ModelCostSources {

    /** The model's name when the id names a model of the area. */
    Optional<String> modelName(UUID areaId, UUID modelId);

    /** The area's models (as the caller may read them): their names by id, for choosing one to budget. */
    Map<UUID, String> models(UUID areaId);
}
