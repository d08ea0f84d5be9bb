package io.esteira.costs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Exact cents by largest remainder: amounts are floored to the cent, and the cents still missing to
 * reach the target go one each to the amounts with the largest remainders (ties: the earlier one), so
 * that the rounded parts always add up to the target exactly. Works for negative amounts too
 * (corrections): flooring leaves a remainder in [0, 1 cent).
 */
final class Cents {

    static final int SCALE = 2;
    private static final BigDecimal CENT = new BigDecimal("0.01");

    private Cents() {
    }

    /** An amount rounded once to the cent (half-even). */
    static BigDecimal round(BigDecimal exact) {
        return exact.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /** {@code exact} rounded to cents so that the parts add up to {@code round(sum(exact))}. */
    static List<BigDecimal> round(List<BigDecimal> exact) {
        return roundTo(exact, round(exact.stream().reduce(BigDecimal.ZERO, BigDecimal::add)));
    }

    /**
     * {@code exact} rounded to cents so that the parts add up to {@code target} (in cents), which must lie
     * within the floors' sum and the floors' sum plus one cent per part.
     */
    static List<BigDecimal> roundTo(List<BigDecimal> exact, BigDecimal target) {
        if (target.scale() > SCALE && target.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("Target " + target + " is not whole cents");
        }
        List<BigDecimal> floors = new ArrayList<>(exact.size());
        List<BigDecimal> remainders = new ArrayList<>(exact.size());
        BigDecimal floorSum = BigDecimal.ZERO.setScale(SCALE);
        for (BigDecimal e : exact) {
            BigDecimal f = e.setScale(SCALE, RoundingMode.FLOOR);
            floors.add(f);
            remainders.add(e.subtract(f));
            floorSum = floorSum.add(f);
        }
        long missing = target.subtract(floorSum).movePointRight(SCALE).longValueExact();
        if (missing < 0 || missing > exact.size()) {
            throw new IllegalArgumentException("Cannot reach " + target + " from " + exact);
        }
        List<Integer> order = IntStream.range(0, exact.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i)).toList();
        for (int k = 0; k < missing; k++) {
            int i = order.get(k);
            floors.set(i, floors.get(i).add(CENT));
        }
        return floors;
    }

    /**
     * {@code total} (whole cents, >= 0) split in proportion to non-negative {@code weights}; the shares add
     * up to the total exactly. All weights zero: nothing can be split (an exception).
     */
    static List<BigDecimal> split(BigDecimal total, List<BigDecimal> weights) {
        BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.signum() <= 0 || weights.stream().anyMatch(w -> w.signum() < 0)) {
            throw new IllegalArgumentException("Weights must be non-negative with a positive sum: " + weights);
        }
        List<BigDecimal> exact = weights.stream().map(w -> total.multiply(w).divide(sum, 20, RoundingMode.DOWN)).toList();
        return roundTo(exact, total.setScale(SCALE));
    }
}
