package io.esteira.costs;

import java.time.Instant;
import java.util.UUID;

/**
 * The start of an interval in which something held resources, e.g. a workspace while RUNNING.
 *
 * @param sourceType what kind of thing, e.g. {@code workspace}
 * @param sku        what it was, for people, e.g. {@code Python · scikit-learn · M}
 */
public record UsageStart(UUID areaId, String sourceType, UUID sourceId, String sourceName, UUID ownerId,
        String ownerName, String sku, ResourceShape shape, Instant startedAt) {
}
