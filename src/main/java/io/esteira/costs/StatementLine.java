package io.esteira.costs;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * A line of a statement: DIRECT (a resource kind, SKU and person), CORRECTION (the same, of an earlier
 * closed month) or POOL (the area's share of a shared pool). {@code amount} is in cents,
 * {@code exactAmount} the exact sum of the ledger lines it stands for.
 */
public record StatementLine(int lineNo, Section section, ResourceKind kind, String sku, String personName, YearMonth correctedMonth,
        String description, BigDecimal quantity, String unit, BigDecimal exactAmount, BigDecimal amount) {

    public enum Section { DIRECT, CORRECTION, POOL }
}
