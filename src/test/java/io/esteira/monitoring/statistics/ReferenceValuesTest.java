package io.esteira.monitoring.statistics;

import static io.esteira.monitoring.statistics.ReferenceData.counts;
import static io.esteira.monitoring.statistics.ReferenceData.lines;
import static io.esteira.monitoring.statistics.ReferenceData.numbers;
import static io.esteira.monitoring.statistics.ReferenceData.value;
import static io.esteira.monitoring.statistics.ReferenceData.values;
import static io.esteira.monitoring.statistics.ReferenceData.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every statistic against values SciPy and NumPy computed for the same samples (make_reference.py). */
class ReferenceValuesTest {

    private static final double TIGHT = 1e-9;

    @ParameterizedTest
    @ValueSource(strings = {"numeric_shift", "numeric_same", "numeric_ties", "numeric_empty_bins"})
    void numeric_drift_matches_scipy(String name) {
        NumericDrift drift = NumericDrift.between(numbers(name + "_baseline"), numbers(name + "_current"));

        assertThat(drift.baselineRows()).isEqualTo((long) value(name + ".rows"));
        assertClose(drift.binEdges(), values(name + ".edges"));
        assertClose(drift.baselineShares(), values(name + ".baselineShares"));
        assertClose(drift.currentShares(), values(name + ".currentShares"));
        assertClose(drift.populationStabilityIndex(), value(name + ".psi"));
        assertClose(drift.jensenShannonDistance(), value(name + ".jsDistance"));
        assertClose(drift.jensenShannonDivergence(), value(name + ".jsDivergence"));
        assertClose(drift.kolmogorovSmirnov(), value(name + ".ks"));
        assertThat(drift.kolmogorovSmirnovPValue()).isCloseTo(value(name + ".ksPValue"), withinPercentage(1e-6));
        assertClose(drift.wasserstein(), value(name + ".wasserstein"));
        assertClose(drift.baselineStandardDeviation(), value(name + ".baselineStd"));
        assertClose(drift.wassersteinNormalised(), value(name + ".wassersteinNormalised"));
        assertThat(drift.rankError()).isZero();
        assertThat(NumericBaseline.of(numbers(name + "_baseline")).drift(numbers(name + "_current")).toString())
                .as("a baseline prepared once gives the same drift").isEqualTo(drift.toString());
        assertThat(drift.populationStabilityIndexBounds()).isEqualTo(new Divergence.Bounds(drift.populationStabilityIndex(),
                drift.populationStabilityIndex()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"categorical_shift", "categorical_small"})
    void categorical_drift_matches_scipy(String name) {
        CategoricalDrift drift = CategoricalDrift.between(counts(name + "_baseline"), counts(name + "_current"),
                (int) value(name + ".top"));

        List<String> labels = words(name + ".labels").stream()
                .map(l -> l.equals("<other>") ? "other" : l.equals("<unseen>") ? "unseen" : l).toList();
        assertThat(drift.bins()).extracting(CategoricalDrift.CategoryBin::label).containsExactlyElementsOf(labels);
        assertClose(drift.bins().stream().mapToDouble(CategoricalDrift.CategoryBin::baselineCount).toArray(),
                values(name + ".baselineCounts"));
        assertClose(drift.bins().stream().mapToDouble(CategoricalDrift.CategoryBin::currentCount).toArray(),
                values(name + ".currentCounts"));
        assertClose(drift.populationStabilityIndex(), value(name + ".psi"));
        assertClose(drift.jensenShannonDistance(), value(name + ".jsDistance"));
        assertClose(drift.jensenShannonDivergence(), value(name + ".jsDivergence"));
        assertClose(drift.chiSquare(), value(name + ".chiSquare"));
        assertThat(drift.chiSquareDegreesOfFreedom()).isEqualTo((int) value(name + ".chiSquareDof"));
        assertThat(drift.chiSquarePValue()).isCloseTo(value(name + ".chiSquarePValue"), withinPercentage(1e-6));
    }

    @Test
    void classification_performance_matches_scipy() {
        double[] scores = numbers("classification_scores");
        List<String> labels = lines("classification_labels");
        boolean[] actual = new boolean[labels.size()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = labels.get(i).equals("1");
        }

        ClassificationPerformance performance = ClassificationPerformance.of(scores, actual, value("classification.threshold"));

        assertClose(performance.auc(), value("classification.auc"));
        assertClose(performance.kolmogorovSmirnov(), value("classification.ks"));
        assertClose(performance.precision(), value("classification.precision"));
        assertClose(performance.recall(), value("classification.recall"));
        assertClose(performance.f1(), value("classification.f1"));
        assertClose(performance.brier(), value("classification.brier"));
        assertClose(performance.calibration().stream().mapToDouble(ClassificationPerformance.CalibrationBin::rows).toArray(),
                values("classification.calibrationRows"));
        assertClose(performance.calibration().stream().mapToDouble(ClassificationPerformance.CalibrationBin::meanScore).toArray(),
                values("classification.calibrationMeanScore"));
        assertClose(performance.calibration().stream().mapToDouble(ClassificationPerformance.CalibrationBin::observedRate).toArray(),
                values("classification.calibrationObservedRate"));
    }

    @Test
    void regression_performance_matches_numpy() {
        RegressionPerformance performance = RegressionPerformance.of(numbers("regression_actual"), numbers("regression_predicted"));

        assertClose(performance.meanAbsoluteError(), value("regression.mae"));
        assertClose(performance.rootMeanSquaredError(), value("regression.rmse"));
        assertClose(performance.meanAbsolutePercentageError(), value("regression.mape"));
        assertThat(performance.rowsWithoutPercentageError()).isEqualTo((long) value("regression.zeroActuals"));
    }

    @Test
    void the_estimate_matches_nannymls_recipe_in_numpy() {
        ClassificationEstimate estimate = ClassificationEstimate.estimate(numbers("estimate_probabilities"),
                value("estimate.threshold"));

        assertClose(estimate.truePositives(), value("estimate.truePositives"));
        assertClose(estimate.falsePositives(), value("estimate.falsePositives"));
        assertClose(estimate.falseNegatives(), value("estimate.falseNegatives"));
        assertClose(estimate.trueNegatives(), value("estimate.trueNegatives"));
        assertClose(estimate.accuracy(), value("estimate.accuracy"));
        assertClose(estimate.precision(), value("estimate.precision"));
        assertClose(estimate.recall(), value("estimate.recall"));
        assertClose(estimate.f1(), value("estimate.f1"));
        assertClose(estimate.rocAuc(), value("estimate.rocAuc"));
    }

    private static void assertClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(TIGHT * Math.max(1, Math.abs(expected))));
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertClose(actual[i], expected[i]);
        }
    }
}
