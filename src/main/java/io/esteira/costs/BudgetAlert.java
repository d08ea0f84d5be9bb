package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A budget's threshold crossed in a month: of the actual cost ({@code ACTUAL}) or of the forecast
 * ({@code FORECAST}), raised once per month, budget, kind and threshold.
 *
 * @param scope  {@code *} for the area's budget, else the model's id; scopeName the area's or the model's name
 * @param amount the actual cost or the forecast when it was raised
 */
public record BudgetAlert(UUID id, UUID areaId, String scope, String scopeName, String month, Kind kind, int threshold,
        BigDecimal amount, BigDecimal budget, String currency, Instant raisedAt) {

    public enum Kind { ACTUAL, FORECAST }
}
