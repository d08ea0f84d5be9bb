package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;

/** A shared pool of platform overhead for a month, and how it is distributed over the areas. */
public record SharedPool(UUID id, YearMonth month, String name, BigDecimal amount, String currency, PoolRule rule,
        Map<UUID, BigDecimal> shares, String updatedBy, Instant updatedAt) {
}
