package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The start of an interval in which something held resources, e.g. a workspace while RUNNING.
 *
 * @param sourceType what kind of thing: {@code workspace}, {@code workspace-disk}, {@code schedule-run},
 *                   {@code batch-run}, {@code deployment} (see {@link ResourceKind})
 * @param sku        what it was, for people, e.g. {@code Python · scikit-learn · M}
 * @param held       what it holds, by rate card SKU (see {@link Held}): what the ledger rates
 * @param modelId    the model whose cost it is (a release's replicas, a batch deployment's run, a training run, a version's
 *                   artifact), or null
 * @param modelName  that model's name
 * @param parentId   what it is part of, or null: a run's schedule or training job (runs are resources of their own, one per run)
 */
public record UsageStart(UUID areaId, String sourceType, UUID sourceId, String sourceName, UUID ownerId,
        String ownerName, String sku, ResourceShape shape, Instant startedAt, Map<String, BigDecimal> held, UUID modelId,
        String modelName, UUID parentId) {

    public UsageStart {
        held = Map.copyOf(held);
        held.keySet().forEach(s -> {
            if (!Sku.known(s) || Sku.basis(s) == Sku.Basis.COUNT) {
                throw new IllegalArgumentException("An interval cannot hold " + s);
            }
        });
        if (modelId == null) {
            modelName = null;
        }
    }

    /** Not tied to a model, part of nothing. */
    public UsageStart(UUID areaId, String sourceType, UUID sourceId, String sourceName, UUID ownerId, String ownerName, String sku,
            ResourceShape shape, Instant startedAt, Map<String, BigDecimal> held) {
        this(areaId, sourceType, sourceId, sourceName, ownerId, ownerName, sku, shape, startedAt, held, null, null, null);
    }

    /** The same, as the cost of a model (null: of none). */
    public UsageStart ofModel(UUID id, String name) {
        return new UsageStart(areaId, sourceType, sourceId, sourceName, ownerId, ownerName, sku, shape, startedAt, held, id, name, parentId);
    }

    /** The same, as part of {@code parent} (a run of a schedule). */
    public UsageStart partOf(UUID parent) {
        return new UsageStart(areaId, sourceType, sourceId, sourceName, ownerId, ownerName, sku, shape, startedAt, held, modelId, modelName,
                parent);
    }
}
