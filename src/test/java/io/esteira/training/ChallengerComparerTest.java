package io.esteira.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.esteira.models.Signature;
import io.esteira.models.TensorSpec;
import io.esteira.models.VersionView;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChallengerComparerTest {

    static VersionView version(Map<String, String> parameters, TensorSpec... outputs) {
        return new VersionView(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "m", 2, 2, "ONNX", null, 1, "x", null,
                new Signature(List.of(new TensorSpec("amount", "float", List.of(-1L, 1L))), List.of(outputs)), Map.of(), parameters, null,
                null, null, null, "ds", null, "USER", null, "PASSED", null, List.of(), List.of());
    }

    @Test
    void a_challenger_scores_with_its_declared_output_else_the_champions_name_else_its_first_float() {
        TensorSpec label = new TensorSpec("label", "int64", List.of(-1L));
        TensorSpec probability = new TensorSpec("probability", "float", List.of(-1L, 1L));
        TensorSpec fraud = new TensorSpec("fraud_probability", "float", List.of(-1L, 1L));
        assertThat(ChallengerComparer.scoreOutput(version(Map.of(), label, probability), null)).isEqualTo("probability");
        assertThat(ChallengerComparer.scoreOutput(version(Map.of(), probability, fraud), "fraud_probability")).isEqualTo("fraud_probability");
        assertThat(ChallengerComparer.scoreOutput(version(Map.of("score_output", "probability"), probability, fraud), "fraud_probability"))
                .isEqualTo("probability");
        assertThatThrownBy(() -> ChallengerComparer.scoreOutput(version(Map.of(), label), null)).hasMessageContaining("no float output");
    }

    @Test
    void latency_percentiles_interpolate_between_the_sorted_calls() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(ChallengerComparer.percentile(sorted, 0.5)).isCloseTo(5.5, within(1e-12));
        assertThat(ChallengerComparer.percentile(sorted, 0.95)).isCloseTo(9.55, within(1e-12));
        assertThat(ChallengerComparer.percentile(new double[] {3}, 0.95)).isEqualTo(3);
    }
}
