package io.esteira.costs;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * A shared pool of a month as an administrator gives it: {@code name}, {@code amount} (>= 0, whole cents),
 * {@code currency}, {@code rule} (PROPORTIONAL, EVEN or FIXED) and, for FIXED only, {@code shares}: the
 * percentage of each area, summing to exactly 100.
 */
public record PoolDraft(String name, BigDecimal amount, String currency, String rule, Map<UUID, BigDecimal> shares) {
}
