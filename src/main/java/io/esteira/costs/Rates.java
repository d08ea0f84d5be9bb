package io.esteira.costs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Currency;
import java.util.Map;

/**
 * The unit prices an area pays, in one currency.
 *
 * @param gpuHour price of one GPU hour by GPU type
 */
public record Rates(Currency currency, BigDecimal vcpuHour, BigDecimal memoryGibHour, BigDecimal diskGibMonth,
        Map<String, BigDecimal> gpuHour) {

    /** Hours in an average month (365 × 24 / 12), the basis of monthly prices. */
    public static final BigDecimal HOURS_PER_MONTH = new BigDecimal("730");

    /** What one hour of the shape costs, unrounded. */
    public BigDecimal hourly(ResourceShape shape) {
        BigDecimal total = vcpuHour.multiply(BigDecimal.valueOf(shape.vcpu()))
                .add(memoryGibHour.multiply(BigDecimal.valueOf(shape.memoryGib())))
                .add(diskGibMonth.multiply(BigDecimal.valueOf(shape.diskGib())).divide(HOURS_PER_MONTH, MathContext.DECIMAL64));
        if (shape.gpuCount() > 0) {
            total = total.add(gpuRate(shape.gpuType()).multiply(BigDecimal.valueOf(shape.gpuCount())));
        }
        return total;
    }

    public boolean prices(ResourceShape shape) {
        return shape.gpuCount() == 0 || gpuHour.containsKey(shape.gpuType());
    }

    private BigDecimal gpuRate(String type) {
        BigDecimal rate = gpuHour.get(type);
        if (rate == null) {
            throw new IllegalStateException("The rate card has no " + currency + " price for GPU type " + type);
        }
        return rate;
    }
}
