package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One line of the hourly ledger: what a resource of an area cost in one UTC hour for one SKU, who
 * asked for it, and the rate card version it was priced with. {@code amount = quantity × unitPrice},
 * rounded to 10 decimals. {@code modelId}: the model whose cost it is, or null; {@code parentId}: what the resource
 * is part of (a run's schedule), or null.
 */
public record CostLineView(UUID areaId, Instant hourStart, ResourceKind kind, UUID resourceId, String resourceName, UUID personId,
        String personName, String sku, UUID rateId, BigDecimal quantity, String unit, BigDecimal unitPrice, BigDecimal amount,
        String currency, Instant ratedAt, UUID modelId, String modelName, UUID parentId) {
}
