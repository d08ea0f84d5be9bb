package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The latest measurement of a resource that stores data for an area.
 *
 * @param resourceId       the object that stores it (feature group, model version, release)
 * @param ledgerResourceId the ledger's resource id of its lines ({@code cost_line.resource_id})
 * @param bytes            what it stored at the latest measurement
 * @param heldGib          what its open usage interval holds (GiB), since {@code heldSince}: the size of the measurement
 *                         that opened it (a new interval opens when the size changes by more than 1 %)
 */
public record StorageMeasurement(UUID areaId, StorageKind kind, UUID resourceId, UUID ledgerResourceId, String name, UUID ownerId,
        String ownerName, long bytes, BigDecimal gib, Instant measuredAt, BigDecimal heldGib, Instant heldSince) {
}
