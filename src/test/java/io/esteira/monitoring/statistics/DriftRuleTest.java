package io.esteira.monitoring.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sample-size guard and the noise rule. */
class DriftRuleTest {

    private static final DriftRule RULE = DriftRule.DEFAULT;

    @Test
    void a_window_with_too_few_rows_is_insufficient_data_never_no_drift() {
        Random random = new Random(1);
        NumericDrift tiny = NumericDrift.between(normal(random, 10_000, 0, 1), normal(random, 40, 3, 1));

        DriftVerdict verdict = RULE.judge(tiny);

        assertThat(tiny.populationStabilityIndex()).isGreaterThan(1);
        assertThat(verdict.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(verdict.explanation()).contains("40 rows", "100");
        assertThat(RULE.judge(NumericDrift.between(normal(random, 10_000, 0, 1), new double[0])).verdict())
                .isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(RULE.judge(NumericDrift.between(normal(random, 50, 0, 1), normal(random, 5_000, 0, 1))).verdict())
                .as("a baseline with too few rows").isEqualTo(Verdict.INSUFFICIENT_DATA);
    }

    @Test
    void small_windows_of_the_same_distribution_do_not_fire_on_noise() {
        Random random = new Random(2);
        double[] baseline = normal(random, 20_000, 0, 1);
        int fired = 0;
        int aboveWarningThreshold = 0;
        for (int trial = 0; trial < 200; trial++) {
            NumericDrift drift = NumericDrift.between(baseline, normal(random, 120, 0, 1));
            if (drift.populationStabilityIndex() > RULE.warningPsi()) {
                aboveWarningThreshold++;
            }
            if (RULE.judge(drift).verdict() != Verdict.OK) {
                fired++;
            }
        }
        // a bare threshold of 0.1 fires in about a fifth of such windows; the noise floor keeps it near alpha
        assertThat(aboveWarningThreshold).isGreaterThan(20);
        assertThat(fired).isLessThanOrEqualTo(6);
    }

    @Test
    void big_equal_samples_do_not_breach_and_the_floor_falls_below_the_thresholds() {
        Random random = new Random(3);
        NumericDrift drift = NumericDrift.between(normal(random, 1_000_000, 5, 2), normal(random, 100_000, 5, 2));

        DriftVerdict verdict = RULE.judge(drift);

        assertThat(verdict.verdict()).isEqualTo(Verdict.OK);
        assertThat(verdict.noiseFloor()).isLessThan(0.001);
        assertThat(drift.populationStabilityIndex()).isLessThan(verdict.noiseFloor());
    }

    @Test
    void a_real_shift_breaches_and_a_moderate_one_warns() {
        Random random = new Random(4);
        double[] baseline = normal(random, 50_000, 0, 1);

        DriftVerdict big = RULE.judge(NumericDrift.between(baseline, normal(random, 2_000, 0.8, 1)));
        DriftVerdict moderate = RULE.judge(NumericDrift.between(baseline, normal(random, 20_000, 0.4, 1)));

        assertThat(big.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(big.psi()).isGreaterThan(big.noiseFloor());
        assertThat(big.explanation()).contains("breach threshold");
        assertThat(moderate.verdict()).isEqualTo(Verdict.WARNING);
    }

    @Test
    void the_noise_floor_is_the_chi_square_critical_value_scaled_by_the_sizes() {
        // χ²₉(0.99) = 21.666 (tables)
        assertThat(RULE.noiseFloor(10, 1_000, 1_000)).isCloseTo(21.666 * 0.002, org.assertj.core.api.Assertions.within(1e-3));
        DriftVerdict verdict = RULE.judge(0.2, 10, 1_000, 150);
        assertThat(verdict.noiseFloor()).isGreaterThan(0.15);
        assertThat(verdict.verdict()).isEqualTo(Verdict.WARNING);
        assertThat(RULE.judge(0.14, 10, 1_000, 150).verdict()).as("above the threshold, below the floor").isEqualTo(Verdict.OK);
    }

    @Test
    void categorical_drift_follows_the_same_rule() {
        var baseline = java.util.Map.of("a", 5_000L, "b", 3_000L, "c", 2_000L);
        assertThat(RULE.judge(CategoricalDrift.between(baseline, java.util.Map.of("a", 50L, "b", 30L), 10)).verdict())
                .isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(RULE.judge(CategoricalDrift.between(baseline, java.util.Map.of("a", 498L, "b", 305L, "c", 197L), 10)).verdict())
                .isEqualTo(Verdict.OK);
        assertThat(RULE.judge(CategoricalDrift.between(baseline, java.util.Map.of("a", 200L, "b", 300L, "c", 200L, "new", 300L), 10))
                .verdict()).isEqualTo(Verdict.BREACH);
    }

    @Test
    void a_rule_refuses_thresholds_that_make_no_sense() {
        assertThatThrownBy(() -> new DriftRule(0.3, 0.2, 100, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriftRule(0.1, 0.2, 0, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriftRule(0.1, 0.2, 100, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    static double[] normal(Random random, int n, double mean, double sd) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + sd * random.nextGaussian();
        }
        return values;
    }
}
