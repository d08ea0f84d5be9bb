package io.esteira.costs;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * What some usage costs per hour at an area's prices, by the function the ledger bills with.
 *
 * @param lines   one per SKU: the line a full hour of the usage gets in the ledger
 * @param hourly  the sum of the lines: what one hour is billed
 * @param monthly "if left on all month": 730 such hours, as the ledger would bill them
 */
public record CostEstimate(Currency currency, List<Line> lines, BigDecimal hourly, BigDecimal monthly) {

    public record Line(String sku, BigDecimal quantity, String unit, BigDecimal unitPrice, BigDecimal amount, Price price) {
    }
}
