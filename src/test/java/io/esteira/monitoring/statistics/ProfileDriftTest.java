package io.esteira.monitoring.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Drift from stored sketches is within the sketches' stated error of the exact drift over the rows. */
class ProfileDriftTest {

    @ParameterizedTest
    @CsvSource({"0.0, 1.0", "0.2, 1.0", "0.5, 1.5", "-1.0, 0.5"})
    void numeric_drift_from_sketches_is_within_the_stated_error_of_the_exact_one(double shift, double scale) {
        Random random = new Random(42);
        double[] baseline = sample(200_000, () -> random.nextGaussian());
        double[] current = sample(50_000, () -> shift + scale * random.nextGaussian());
        NumericProfile baselineProfile = profile(baseline);
        NumericProfile currentProfile = profile(current);

        NumericDrift exact = NumericDrift.between(baseline, current);
        NumericDrift sketched = ProfileDrift.numeric(NumericProfile.fromBytes(baselineProfile.toBytes()),
                NumericProfile.fromBytes(currentProfile.toBytes()));

        double error = sketched.rankError();
        assertThat(error).isEqualTo(2 * NumericProfile.rankErrorOfSketchSize());
        assertThat(sketched.baselineRows()).isEqualTo(exact.baselineRows());
        assertThat(sketched.currentRows()).isEqualTo(exact.currentRows());
        assertThat(sketched.kolmogorovSmirnov()).isCloseTo(exact.kolmogorovSmirnov(), within(error));
        double range = Math.max(baselineProfile.max(), currentProfile.max()) - Math.min(baselineProfile.min(), currentProfile.min());
        assertThat(sketched.wasserstein()).isCloseTo(exact.wasserstein(), within(error * range));
        assertThat(sketched.baselineStandardDeviation()).isCloseTo(exact.baselineStandardDeviation(), within(1e-9));
        assertThat(sketched.bins()).isEqualTo(10);
        for (int k = 0; k < exact.binEdges().length; k++) {
            // a sketched decile's exact rank is within the baseline sketch's error of the decile
            double exactRank = (double) SortedSample.of(baseline).countAtMost(sketched.binEdges()[k]) / baseline.length;
            assertThat(exactRank).isCloseTo(NumericDrift.DECILES[k], within(baselineProfile.rankError()));
        }
        for (int k = 0; k < sketched.bins(); k++) {
            assertThat(sketched.baselineShares()[k]).isCloseTo(exact.baselineShares()[k], within(2 * error));
            assertThat(sketched.currentShares()[k]).isCloseTo(exact.currentShares()[k], within(2 * error));
        }
        assertThat(sketched.populationStabilityIndexBounds().contains(exact.populationStabilityIndex()))
                .as("exact PSI %s in %s", exact.populationStabilityIndex(), sketched.populationStabilityIndexBounds()).isTrue();
        assertThat(sketched.jensenShannonDivergenceBounds().contains(exact.jensenShannonDivergence()))
                .as("exact JS %s in %s", exact.jensenShannonDivergence(), sketched.jensenShannonDivergenceBounds()).isTrue();
        // and in practice the sketches are far closer than their 99 % bound where no bin is nearly empty:
        // k = 200 moves the PSI by up to about 0.015 (100 repetitions), well below the thresholds
        if (exact.populationStabilityIndex() < 1) {
            assertThat(sketched.populationStabilityIndex()).isCloseTo(exact.populationStabilityIndex(),
                    within(0.03 + 0.1 * exact.populationStabilityIndex()));
        }
        // recomputing from the stored bytes gives the same numbers
        assertThat(ProfileDrift.numeric(NumericProfile.fromBytes(baselineProfile.toBytes()),
                NumericProfile.fromBytes(currentProfile.toBytes())).toString()).isEqualTo(sketched.toString());
        assertThat(DriftRule.DEFAULT.judge(sketched).verdict()).isEqualTo(DriftRule.DEFAULT.judge(exact).verdict());
    }

    @ParameterizedTest
    @ValueSource(strings = {"categorical_shift", "categorical_small"})
    void categorical_drift_from_exact_sketches_equals_the_exact_drift(String name) {
        CategoricalProfile baseline = CategoricalProfile.empty();
        ReferenceData.lines(name + "_baseline").forEach(baseline::add);
        CategoricalProfile current = CategoricalProfile.empty();
        ReferenceData.lines(name + "_current").forEach(current::add);
        int top = (int) ReferenceData.value(name + ".top");

        CategoricalDrift sketched = ProfileDrift.categorical(CategoricalProfile.fromBytes(baseline.toBytes()),
                CategoricalProfile.fromBytes(current.toBytes()), top);
        CategoricalDrift exact = CategoricalDrift.between(ReferenceData.counts(name + "_baseline"),
                ReferenceData.counts(name + "_current"), top);

        assertThat(sketched.sketchMaximumError()).isZero();
        assertThat(sketched.bins()).isEqualTo(exact.bins());
        assertThat(sketched.populationStabilityIndex()).isEqualTo(exact.populationStabilityIndex());
        assertThat(sketched.chiSquarePValue()).isEqualTo(exact.chiSquarePValue());
    }

    @org.junit.jupiter.api.Test
    void categorical_drift_from_saturated_sketches_is_within_their_error() {
        Random random = new Random(5);
        Map<String, Long> baselineCounts = new java.util.HashMap<>();
        Map<String, Long> currentCounts = new java.util.HashMap<>();
        CategoricalProfile baseline = CategoricalProfile.empty();
        CategoricalProfile current = CategoricalProfile.empty();
        for (int i = 0; i < 300_000; i++) {
            String category = category(random, false);
            baseline.add(category);
            baselineCounts.merge(category, 1L, Long::sum);
        }
        for (int i = 0; i < 60_000; i++) {
            String category = category(random, true);
            current.add(category);
            currentCounts.merge(category, 1L, Long::sum);
        }

        CategoricalDrift sketched = ProfileDrift.categorical(baseline, current, 10);
        CategoricalDrift exact = CategoricalDrift.between(baselineCounts, currentCounts, 10);

        assertThat(sketched.sketchMaximumError()).isPositive();
        long error = sketched.sketchMaximumError();
        for (int i = 0; i < 10; i++) {
            assertThat(sketched.bins().get(i).category()).isEqualTo(exact.bins().get(i).category());
            assertThat(sketched.bins().get(i).baselineCount()).isCloseTo(exact.bins().get(i).baselineCount(), within(error));
            assertThat(sketched.bins().get(i).currentCount()).isCloseTo(exact.bins().get(i).currentCount(), within(error));
        }
        assertThat(sketched.bins().getLast().kind()).isEqualTo(CategoricalDrift.BinKind.UNSEEN);
        assertThat(sketched.bins().getLast().currentCount()).isCloseTo(exact.bins().getLast().currentCount(), within(error));
        assertThat(exact.bins().getLast().currentCount()).as("the new category").isPositive();
        assertThat(sketched.populationStabilityIndex()).isCloseTo(exact.populationStabilityIndex(), within(0.02));
        assertThat(DriftRule.DEFAULT.judge(sketched).verdict()).isEqualTo(DriftRule.DEFAULT.judge(exact).verdict());
    }

    /**
     * Ten frequent categories (the window moves mass from the first to the second and brings a new one) and
     * a tail of 2,000 rare ones, more than the sketch tracks, all of which the baseline has.
     */
    private static String category(Random random, boolean shifted) {
        double u = random.nextDouble();
        if (shifted && u < 0.03) {
            return "frequent-new";
        }
        if (u < 0.6) {
            int k = (int) (random.nextDouble() * random.nextDouble() * 10);
            if (shifted && k == 0 && random.nextBoolean()) {
                k = 1;
            }
            return "frequent-" + k;
        }
        return "rare-" + random.nextInt(2_000);
    }

    private static double[] sample(int n, DoubleSupplier draw) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = draw.getAsDouble();
        }
        return values;
    }

    private static NumericProfile profile(double[] values) {
        NumericProfile profile = NumericProfile.empty();
        for (double v : values) {
            profile.add(v);
        }
        return profile;
    }
}
