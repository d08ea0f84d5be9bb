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
 */
public record UsageStart(UUID areaId, String sourceType, UUID sourceId, String sourceName, UUID ownerId,
        String ownerName, String sku, ResourceShape shape, Instant startedAt, Map<String, BigDecimal> held) {

    public UsageStart {
        held = Map.copyOf(held);
        held.keySet().forEach(s -> {
            if (!Sku.known(s) || Sku.basis(s) == Sku.Basis.COUNT) {
                throw new IllegalArgumentException("An interval cannot hold " + s);
            }
        });
    }
}
