package io.esteira.deployments.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shadow's answers against the live ones: labels agree or not, scores differ by their absolute difference. */
class ShadowComparisonsTest {

    @Test
    void rows_agree_when_their_labels_do_and_scores_are_compared_by_their_absolute_difference() {
        List<Map<String, Object>> live = List.of(Map.of("label", 1L, "fraud_probability", 0.9f),
                Map.of("label", 0L, "fraud_probability", 0.2f), Map.of("label", 1L, "fraud_probability", 0.6f));
        List<Map<String, Object>> shadow = List.of(Map.of("label", 1L, "fraud_probability", 0.8f),
                Map.of("label", 1L, "fraud_probability", 0.55f), Map.of("label", 1L, "fraud_probability", 0.6f));
        ShadowComparisons.Call call = ShadowComparisons.compare(live, shadow);
        assertThat(call.rows()).isEqualTo(3);
        assertThat(call.agreed()).isEqualTo(2);
        assertThat(call.scores()).isEqualTo(3);
        assertThat(call.difference()).isCloseTo(0.1 + 0.35 + 0.0, within(1e-6));
    }

    @Test
    void probability_vectors_are_compared_element_by_element_and_strings_and_booleans_as_labels() {
        List<Map<String, Object>> live = List.of(Map.of("probabilities", List.of(0.3, 0.7), "class", "fraud", "flag", true));
        List<Map<String, Object>> same = List.of(Map.of("probabilities", List.of(0.4, 0.6), "class", "fraud", "flag", true));
        List<Map<String, Object>> other = List.of(Map.of("probabilities", List.of(0.3, 0.7), "class", "ok", "flag", true));
        ShadowComparisons.Call call = ShadowComparisons.compare(live, same);
        assertThat(call.agreed()).isEqualTo(1);
        assertThat(call.scores()).isEqualTo(2);
        assertThat(call.difference()).isCloseTo(0.2, within(1e-9));
        assertThat(ShadowComparisons.compare(live, other).agreed()).isZero();
    }

    @Test
    void a_shadow_that_failed_or_answered_another_number_of_rows_compares_nothing() {
        List<Map<String, Object>> live = List.of(Map.of("label", 1L));
        assertThat(ShadowComparisons.compare(live, null)).isEqualTo(new ShadowComparisons.Call(0, 0, 0, 0));
        assertThat(ShadowComparisons.compare(live, List.of())).isEqualTo(new ShadowComparisons.Call(0, 0, 0, 0));
    }

    @Test
    void a_whole_number_label_and_a_score_that_happens_to_be_whole_are_told_apart() {
        List<Map<String, Object>> live = List.of(Map.of("label", 1L, "score", 1.0));
        List<Map<String, Object>> shadow = List.of(Map.of("label", 1L, "score", 0.0));
        ShadowComparisons.Call call = ShadowComparisons.compare(live, shadow);
        assertThat(call.agreed()).as("the score is no label").isEqualTo(1);
        assertThat(call.difference()).isEqualTo(1.0);
    }
}
