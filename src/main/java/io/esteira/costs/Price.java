package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One version of a price on the rate card.
 *
 * @param rateId  the version: every ledger line names the one it was rated with
 * @param areaId  the area whose own price it is, or null for the platform's default
 */
public record Price(UUID rateId, String sku, UUID areaId, String currency, String unit, BigDecimal unitPrice, Instant effectiveFrom,
        String createdBy, Instant createdAt) {
}
