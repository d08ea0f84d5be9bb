package io.esteira.costs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pools to the cent: examples, then random pools and areas (a seeded property test). */
class PoolAllocationTest {

    static final UUID A = new UUID(0, 1);
    static final UUID B = new UUID(0, 2);
    static final UUID C = new UUID(0, 3);

    @Test
    void proportional_even_and_fixed_examples() {
        PoolAllocation.Result p = PoolAllocation.allocate(new BigDecimal("100.00"), PoolRule.PROPORTIONAL, List.of(A, B, C),
                Map.of(A, new BigDecimal("1"), B, new BigDecimal("1"), C, new BigDecimal("1")), Map.of());
        assertThat(p.shares().values()).containsExactly(new BigDecimal("33.34"), new BigDecimal("33.33"), new BigDecimal("33.33"));
        assertThat(p.unallocated()).isEqualTo(new BigDecimal("0.00"));

        PoolAllocation.Result even = PoolAllocation.allocate(new BigDecimal("0.05"), PoolRule.EVEN, List.of(A, B, C), Map.of(), Map.of());
        assertThat(even.shares().values()).containsExactly(new BigDecimal("0.02"), new BigDecimal("0.02"), new BigDecimal("0.01"));

        Map<UUID, BigDecimal> percents = new LinkedHashMap<>();
        percents.put(A, new BigDecimal("12.5"));
        percents.put(B, new BigDecimal("87.5"));
        PoolAllocation.Result fixed = PoolAllocation.allocate(new BigDecimal("1000"), PoolRule.FIXED, List.of(A, B, C), Map.of(), percents);
        assertThat(fixed.shares()).hasSize(2).containsEntry(A, new BigDecimal("125.00")).containsEntry(B, new BigDecimal("875.00"));
    }

    @Test
    void an_area_without_direct_cost_gets_nothing_and_a_month_without_any_leaves_the_pool_unallocated() {
        PoolAllocation.Result p = PoolAllocation.allocate(new BigDecimal("10"), PoolRule.PROPORTIONAL, List.of(A, B),
                Map.of(A, new BigDecimal("3.3333333333"), B, new BigDecimal("-2")), Map.of());
        assertThat(p.shares()).containsEntry(A, new BigDecimal("10.00")).containsEntry(B, new BigDecimal("0.00"));
        PoolAllocation.Result none = PoolAllocation.allocate(new BigDecimal("10"), PoolRule.PROPORTIONAL, List.of(A, B), Map.of(), Map.of());
        assertThat(none.unallocated()).isEqualTo(new BigDecimal("10.00"));
        assertThat(PoolAllocation.allocate(new BigDecimal("7"), PoolRule.EVEN, List.of(), Map.of(), Map.of()).unallocated())
                .isEqualTo(new BigDecimal("7.00"));
    }

    @Test
    void fixed_percentages_must_sum_to_exactly_100() {
        assertThatThrownBy(() -> PoolAllocation.allocate(BigDecimal.TEN, PoolRule.FIXED, List.of(A, B), Map.of(),
                Map.of(A, new BigDecimal("50"), B, new BigDecimal("49.99")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cents_round_to_the_once_rounded_sum_also_with_negative_amounts() {
        List<BigDecimal> exact = List.of(new BigDecimal("0.0049999999"), new BigDecimal("0.0049999999"), new BigDecimal("0.0049999999"),
                new BigDecimal("-0.0040000000"));
        List<BigDecimal> cents = Cents.round(exact);
        assertThat(cents.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("0.01");
    }

    @Test
    void random_pools_always_sum_exactly_shares_are_never_negative_and_fixed_shares_are_exact() {
        Random random = new Random(16);
        for (int run = 0; run < 5000; run++) {
            int n = 1 + random.nextInt(12);
            List<UUID> areas = new ArrayList<>();
            Map<UUID, BigDecimal> direct = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                UUID a = new UUID(run, i);
                areas.add(a);
                if (random.nextInt(4) > 0) {
                    direct.put(a, BigDecimal.valueOf(random.nextLong(-1_000_000_000L, 100_000_000_000_000L), 10));
                }
            }
            BigDecimal pool = BigDecimal.valueOf(random.nextLong(0, 10_000_000_000L), 2);
            PoolRule rule = PoolRule.values()[random.nextInt(3)];
            Map<UUID, BigDecimal> percents = new LinkedHashMap<>();
            if (rule == PoolRule.FIXED) {
                // percentages with up to 2 decimals that sum to 100 exactly
                long left = 10_000;
                for (int i = 0; i < n; i++) {
                    long p = i == n - 1 ? left : random.nextLong(0, left + 1);
                    percents.put(areas.get(i), BigDecimal.valueOf(p, 2));
                    left -= p;
                }
            }
            PoolAllocation.Result r = PoolAllocation.allocate(pool, rule, areas, direct, percents);
            BigDecimal sum = r.shares().values().stream().reduce(r.unallocated(), BigDecimal::add);
            assertThat(sum).as("run %d", run).isEqualTo(pool.setScale(2));
            assertThat(r.shares().values()).allSatisfy(s -> assertThat(s.signum()).isNotNegative());
            assertThat(r.shares().values()).allSatisfy(s -> assertThat(s.scale()).isEqualTo(2));
            if (rule == PoolRule.FIXED) {
                assertThat(r.unallocated()).isZero();
                // each share is its exact percentage, off by less than a cent
                percents.forEach((a, p) -> assertThat(r.shares().get(a).subtract(pool.multiply(p).divide(PoolAllocation.HUNDRED, 12,
                        RoundingMode.HALF_EVEN)).abs()).isLessThan(new BigDecimal("0.01")));
            }
            if (rule == PoolRule.EVEN) {
                BigDecimal min = r.shares().values().stream().min(BigDecimal::compareTo).orElseThrow();
                BigDecimal max = r.shares().values().stream().max(BigDecimal::compareTo).orElseThrow();
                assertThat(max.subtract(min)).isLessThanOrEqualTo(new BigDecimal("0.01"));
            }
            // rounding ledger amounts to cents: the parts add up to the sum rounded once
            List<BigDecimal> exact = new ArrayList<>(direct.values());
            List<BigDecimal> cents = Cents.round(exact);
            assertThat(cents.stream().reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add))
                    .isEqualTo(Cents.round(exact.stream().reduce(BigDecimal.ZERO, BigDecimal::add)));
        }
    }
}
