package io.esteira.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.models.TensorSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionScoringTest {

    static final List<TensorSpec> PROBABILITY = List.of(new TensorSpec("label", "string", List.of(-1L)),
            new TensorSpec("fraud_probability", "float", List.of(-1L, 1L)));

    @Test
    void a_version_registered_with_auc_is_a_classifier_scored_by_its_first_numeric_output_at_one_half() {
        VersionScoring s = VersionScoring.of(Map.of(), Map.of("auc", 0.8, "log_loss", 0.1), PROBABILITY);
        assertThat(s.task()).isEqualTo(PerformanceResults.Task.CLASSIFICATION);
        assertThat(s.scoreOutput()).isEqualTo("fraud_probability");
        assertThat(s.threshold()).isEqualTo(0.5);
        assertThat(s.how()).contains("its registered metrics", "default (no decision_threshold parameter)");
    }

    @Test
    void the_versions_parameters_say_task_output_threshold_and_positive_class() {
        VersionScoring s = VersionScoring.of(Map.of("task", "binary classification", "decision_threshold", "0.3", "score_output", "p",
                "positive_class", "fraud"), Map.of("rmse", 1.0), PROBABILITY);
        assertThat(s.task()).isEqualTo(PerformanceResults.Task.CLASSIFICATION);
        assertThat(s.scoreOutput()).isEqualTo("p");
        assertThat(s.threshold()).isEqualTo(0.3);
        assertThat(s.outcome("fraud", null)).isTrue();
        assertThat(s.outcome("genuine", null)).isFalse();
        assertThat(s.outcome("1", 1.0)).isTrue();
        assertThat(VersionScoring.of(Map.of("decision_threshold", "7"), Map.of("auc", 0.8), PROBABILITY).threshold()).isEqualTo(0.5);
    }

    @Test
    void a_version_with_error_metrics_or_a_plain_output_is_a_regression() {
        List<TensorSpec> price = List.of(new TensorSpec("price", "double", List.of(-1L)));
        assertThat(VersionScoring.of(Map.of(), Map.of("rmse", 3.0), price).task()).isEqualTo(PerformanceResults.Task.REGRESSION);
        assertThat(VersionScoring.of(Map.of(), Map.of(), price).task()).isEqualTo(PerformanceResults.Task.REGRESSION);
        assertThat(VersionScoring.of(Map.of(), Map.of(), PROBABILITY).task()).isEqualTo(PerformanceResults.Task.CLASSIFICATION);
        VersionScoring classes = VersionScoring.of(Map.of(), Map.of("auc", 0.9), PROBABILITY);
        assertThat(classes.outcome("fraud", null)).isNull();
        assertThat(classes.outcome("0.5", 0.5)).isNull();
    }
}
