package io.esteira.monitoring.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassificationEstimateFromSketchTest {

    @Test
    void an_exact_sketch_of_few_scores_gives_the_estimate_of_the_scores_themselves() {
        double[] scores = {0.05, 0.1, 0.2, 0.2, 0.35, 0.5, 0.6, 0.8, 0.9, 0.95};
        NumericProfile sketch = NumericProfile.empty();
        for (double s : scores) {
            sketch.add(s);
        }
        ClassificationEstimate exact = ClassificationEstimate.estimate(scores, 0.5);
        ClassificationEstimate fromSketch = ClassificationEstimate.fromSketch(sketch, 0.5);
        assertThat(fromSketch.rows()).isEqualTo(10);
        assertThat(fromSketch.rocAuc()).isCloseTo(exact.rocAuc(), within(1e-12));
        assertThat(fromSketch.precision()).isCloseTo(exact.precision(), within(1e-12));
        assertThat(fromSketch.truePositives()).isCloseTo(exact.truePositives(), within(1e-12));
    }

    @Test
    void a_large_sketch_estimates_within_the_sketchs_rank_error() {
        Random random = new Random(7);
        double[] scores = new double[200_000];
        NumericProfile sketch = NumericProfile.empty();
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.pow(random.nextDouble(), 3);
            sketch.add(scores[i]);
        }
        ClassificationEstimate exact = ClassificationEstimate.estimate(scores, 0.3);
        ClassificationEstimate fromSketch = ClassificationEstimate.fromSketch(sketch, 0.3);
        assertThat(fromSketch.rows()).isEqualTo(200_000);
        assertThat(fromSketch.rocAuc()).isCloseTo(exact.rocAuc(), within(0.02));
        assertThat(fromSketch.recall()).isCloseTo(exact.recall(), within(0.03));
        assertThat(fromSketch.truePositives() / exact.truePositives()).isCloseTo(1.0, within(0.03));
    }

    @Test
    void scores_that_are_not_probabilities_give_no_estimate() {
        NumericProfile sketch = NumericProfile.empty().add(0.2).add(3.5);
        assertThatThrownBy(() -> ClassificationEstimate.fromSketch(sketch, 0.5)).hasMessageContaining("not probabilities");
    }
}
