package io.esteira.costs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Distributes a pool over areas to the cent, without a database. The areas' shares plus what is left
 * unallocated always equal the pool exactly. Unallocated is what no area can carry: under PROPORTIONAL
 * the whole pool when no area had a positive direct cost (areas with none, or a net credit, get 0);
 * under EVEN the whole pool when there is no area; under FIXED nothing (the percentages sum to 100).
 */
final class PoolAllocation {

    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** How a share of a pool was found, in words, as statements say it: {@code areas} shared an EVEN pool, {@code percent} is a FIXED share. */
    static String how(PoolRule rule, int areas, BigDecimal percent) {
        return switch (rule) {
            case PROPORTIONAL -> "in proportion to direct cost";
            case EVEN -> "shared evenly by " + areas + " areas";
            case FIXED -> (percent == null ? BigDecimal.ZERO : percent).stripTrailingZeros().toPlainString() + "%";
        };
    }

    /** The areas' shares (in the given order, zero shares included) and the unallocated rest. */
    record Result(Map<UUID, BigDecimal> shares, BigDecimal unallocated) {
    }

    private PoolAllocation() {
    }

    /**
     * @param amount   the pool, in whole cents, >= 0
     * @param areas    the areas that may carry a share (EVEN: all of them), in a stable order
     * @param direct   each area's exact direct cost of the month (PROPORTIONAL); missing: 0
     * @param percents FIXED: each area's percentage, summing to exactly 100
     */
    static Result allocate(BigDecimal amount, PoolRule rule, List<UUID> areas, Map<UUID, BigDecimal> direct, Map<UUID, BigDecimal> percents) {
        BigDecimal total = amount.setScale(Cents.SCALE);
        if (total.signum() < 0) {
            throw new IllegalArgumentException("A pool is not negative: " + amount);
        }
        List<UUID> who = new ArrayList<>();
        List<BigDecimal> weights = new ArrayList<>();
        switch (rule) {
            case PROPORTIONAL -> areas.forEach(a -> {
                who.add(a);
                BigDecimal d = direct.getOrDefault(a, BigDecimal.ZERO);
                weights.add(d.signum() > 0 ? d : BigDecimal.ZERO);
            });
            case EVEN -> areas.forEach(a -> {
                who.add(a);
                weights.add(BigDecimal.ONE);
            });
            case FIXED -> {
                BigDecimal sum = percents.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                if (sum.compareTo(HUNDRED) != 0 || percents.values().stream().anyMatch(p -> p.signum() < 0)) {
                    throw new IllegalArgumentException("Fixed percentages must be >= 0 and sum to exactly 100, not " + sum);
                }
                percents.forEach((a, p) -> {
                    who.add(a);
                    weights.add(p);
                });
            }
            default -> throw new IllegalStateException(rule.name());
        }
        Map<UUID, BigDecimal> shares = new LinkedHashMap<>();
        who.forEach(a -> shares.put(a, BigDecimal.ZERO.setScale(Cents.SCALE)));
        boolean carried = weights.stream().anyMatch(w -> w.signum() > 0);
        if (!carried || total.signum() == 0) {
            return new Result(shares, total);
        }
        List<BigDecimal> split = Cents.split(total, weights);
        for (int i = 0; i < who.size(); i++) {
            shares.merge(who.get(i), split.get(i), BigDecimal::add);
        }
        return new Result(shares, BigDecimal.ZERO.setScale(Cents.SCALE));
    }
}
