package io.esteira.monitoring.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dataset drift, the edge cases of performance, and the estimate against labels drawn from calibrated probabilities. */
class PerformanceAndDatasetDriftTest {

    @Test
    void dataset_drift_is_the_share_of_judged_features_in_breach() {
        Map<String, Verdict> verdicts = Map.of("amount", Verdict.BREACH, "age", Verdict.OK, "channel", Verdict.WARNING,
                "merchant", Verdict.BREACH, "country", Verdict.INSUFFICIENT_DATA);

        DatasetDrift plain = DatasetDrift.of(verdicts, null);
        DatasetDrift weighted = DatasetDrift.of(verdicts, Map.of("amount", 0.5, "age", 0.3, "channel", 0.1, "merchant", 0.1,
                "country", 5.0));

        assertThat(plain.breachShare()).isEqualTo(0.5);
        assertThat(plain.featuresJudged()).isEqualTo(4);
        assertThat(plain.featuresInBreach()).isEqualTo(2);
        assertThat(plain.featuresInWarning()).isEqualTo(1);
        assertThat(plain.featuresWithInsufficientData()).isEqualTo(1);
        assertThat(plain.weighted()).isFalse();
        assertThat(weighted.breachShare()).isCloseTo(0.6, within(1e-12));
        assertThat(weighted.weighted()).isTrue();
        assertThat(DatasetDrift.of(Map.of("x", Verdict.INSUFFICIENT_DATA), null).breachShare()).isNaN();
    }

    @Test
    void the_auc_interval_follows_hanley_and_mcneil_and_is_wide_with_few_positives() {
        // Hanley & McNeil (1982): A = 0.8, 50 positives, 50 negatives: Q1 = 2/3, Q2 = 64/90, SE = 0.04450
        double q1 = 0.8 / 1.2;
        double q2 = 2 * 0.64 / 1.8;
        double se = Math.sqrt((0.16 + 49 * (q1 - 0.64) + 49 * (q2 - 0.64)) / 2500);
        assertThat(se).isCloseTo(0.04450, within(1e-4));
        assertThat(ClassificationPerformance.aucUpperBound95(0.8, 50, 50)).isCloseTo(0.8 + 1.96 * se, within(1e-12));
        // a day of fraud with 14 positives in 1,420 rows: an AUC of 0.61 may well be a 0.7 model
        assertThat(ClassificationPerformance.aucUpperBound95(0.61, 14, 1406)).isGreaterThan(0.7);
        // with 300 positives it is not
        assertThat(ClassificationPerformance.aucUpperBound95(0.61, 300, 30_000)).isLessThan(0.7);
        assertThat(ClassificationPerformance.aucUpperBound95(0.61, 0, 30)).isNaN();
        assertThat(ClassificationPerformance.aucUpperBound95(Double.NaN, 10, 30)).isNaN();
    }

    @Test
    void auc_counts_ties_as_half_and_is_undefined_with_one_class() {
        ClassificationPerformance ties = ClassificationPerformance.of(new double[] {0.5, 0.5, 0.5, 0.5},
                new boolean[] {true, false, true, false}, 0.5);
        assertThat(ties.auc()).isEqualTo(0.5);
        assertThat(ties.precision()).isEqualTo(0.5);
        ClassificationPerformance perfect = ClassificationPerformance.of(new double[] {0.1, 0.2, 0.8, 0.9},
                new boolean[] {false, false, true, true}, 0.5);
        assertThat(perfect.auc()).isEqualTo(1);
        assertThat(perfect.kolmogorovSmirnov()).isEqualTo(1);
        assertThat(perfect.f1()).isEqualTo(1);
        ClassificationPerformance oneClass = ClassificationPerformance.of(new double[] {0.1, 0.2}, new boolean[] {false, false}, 0.5);
        assertThat(oneClass.auc()).isNaN();
        assertThat(oneClass.precision()).as("no predicted positives").isNaN();
        assertThat(oneClass.recall()).as("no actual positives").isNaN();
    }

    @Test
    void mape_leaves_out_zero_actuals_and_says_how_many() {
        RegressionPerformance performance = RegressionPerformance.of(new double[] {0, 10, 20}, new double[] {1, 11, 18});
        assertThat(performance.meanAbsoluteError()).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(performance.meanAbsolutePercentageError()).isCloseTo((0.1 + 0.1) / 2, within(1e-12));
        assertThat(performance.rowsWithoutPercentageError()).isEqualTo(1);
        assertThat(RegressionPerformance.of(new double[] {0}, new double[] {1}).meanAbsolutePercentageError()).isNaN();
    }

    @Test
    void the_estimate_agrees_with_the_realised_performance_when_scores_are_calibrated() {
        Random random = new Random(9);
        int n = 200_000;
        double[] probabilities = new double[n];
        boolean[] outcomes = new boolean[n];
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            probabilities[i] = 1 / (1 + Math.exp(-(1.7 * x - 1)));
            outcomes[i] = random.nextDouble() < probabilities[i];
        }

        ClassificationEstimate estimate = ClassificationEstimate.estimate(probabilities, 0.5);
        ClassificationPerformance realised = ClassificationPerformance.of(probabilities, outcomes, 0.5);

        assertThat(estimate.rocAuc()).isCloseTo(realised.auc(), within(0.005));
        assertThat(estimate.precision()).isCloseTo(realised.precision(), within(0.01));
        assertThat(estimate.recall()).isCloseTo(realised.recall(), within(0.01));
        assertThat(estimate.f1()).isCloseTo(realised.f1(), within(0.01));
        assertThat(estimate.truePositives() + estimate.falsePositives() + estimate.falseNegatives() + estimate.trueNegatives())
                .isCloseTo(n, within(1e-6));
        assertThat(realised.calibration()).allSatisfy(bin -> assertThat(bin.observedRate()).isCloseTo(bin.meanScore(), within(0.02)));
        assertThat(realised.brier()).isBetween(0.0, 0.25);
    }
}
