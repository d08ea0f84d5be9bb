package io.esteira.costs;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rating function: how much of a SKU some usage is, and what it costs at a unit price. The
 * hourly ledger and the estimate shown before something starts both price through here, so an
 * estimate equals what the ledger bills for the same usage. Quantities and amounts keep 10 decimals
 * (half-even); an amount is the rounded product of the line's own (rounded) quantity and price, so
 * every line can be checked by hand.
 */
public final class Rating {

    public static final int SCALE = 10;
    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Rating() {
    }

    /**
     * The quantity in the SKU's unit of {@code held} (vCPUs, GiB, replicas...) held for {@code millis}
     * milliseconds, e.g. 4 vCPUs for 90 s = 0.1 vCPU-hour, 100 GiB for one hour = 100/730 GiB-month.
     */
    public static BigDecimal quantity(String sku, BigDecimal held, long millis) {
        return ofHeldMillis(sku, held.multiply(BigDecimal.valueOf(millis)));
    }

    /** The quantity of a sum of held × milliseconds (several intervals of one resource in one hour), rounded once. */
    public static BigDecimal ofHeldMillis(String sku, BigDecimal heldMillis) {
        BigDecimal divisor = Sku.basis(sku) == Sku.Basis.MONTH ? MILLIS_PER_HOUR.multiply(Sku.HOURS_PER_MONTH) : MILLIS_PER_HOUR;
        return heldMillis.divide(divisor, SCALE, RoundingMode.HALF_EVEN);
    }

    /** The quantity of counted usage (rows predicted) in the SKU's unit: per 1,000 rows. */
    public static BigDecimal counted(String sku, long count) {
        if (!Sku.PREDICTIONS_1000.equals(sku)) {
            throw new IllegalArgumentException(sku + " is not counted");
        }
        return BigDecimal.valueOf(count).divide(THOUSAND, SCALE, RoundingMode.HALF_EVEN);
    }

    /** The amount of a line: its quantity at its unit price, rounded to 10 decimals. */
    public static BigDecimal amount(BigDecimal quantity, BigDecimal unitPrice) {
        return quantity.multiply(unitPrice).setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}
