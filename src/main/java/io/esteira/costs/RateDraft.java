package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A new price to schedule on the rate card.
 *
 * @param areaId        the area it is for, or null for the platform's default
 * @param effectiveFrom a whole UTC hour, not before the next one: a new price never re-rates a past hour
 */
public record RateDraft(String sku, UUID areaId, String currency, BigDecimal unitPrice, Instant effectiveFrom) {
}
