package io.esteira.costs;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A monthly budget: of the area ({@code modelId} null) or of one model within it, in the area's ledger
 * currency. Thresholds are whole percentages: of the month's actual cost (default 50, 80, 100) and of
 * its forecast (default 100; forecasts are made for the area's budget only).
 *
 * @param areaDefault true when this is the area's default budget (the area's own monthly budget), not one set here
 */
public record Budget(UUID modelId, String modelName, BigDecimal amount, String currency, List<Integer> actualThresholds,
        List<Integer> forecastThresholds, Boolean areaDefault) {

    public static final List<Integer> DEFAULT_ACTUAL = List.of(50, 80, 100);
    public static final List<Integer> DEFAULT_FORECAST = List.of(100);

    /** The key of the budget's alerts: {@code *} for the area, else the model's id. */
    public String scopeKey() {
        return modelId == null ? "*" : modelId.toString();
    }
}
