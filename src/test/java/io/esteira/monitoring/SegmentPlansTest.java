package io.esteira.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentPlansTest {

    @Test
    void a_value_among_the_training_datas_most_frequent_is_its_own_segment_and_any_other_is_other() {
        SegmentPlans.Plan plan = new SegmentPlans.Plan(List.of("channel"), Map.of("channel", Set.of("chip", "online")), new HashMap<>(), 0);
        assertThat(plan.segmentOf("channel", "online")).isEqualTo("channel=online");
        assertThat(plan.segmentOf("channel", "carrier pigeon")).isEqualTo("channel=(other)");
        assertThat(plan.segmentOf("channel", null)).isEqualTo("channel=(missing)");
    }

    @Test
    void without_a_baseline_the_first_twenty_values_are_segments_and_the_rest_other_so_segments_cannot_explode() {
        SegmentPlans.Plan plan = new SegmentPlans.Plan(List.of("merchant"), Map.of(), new HashMap<>(), 0);
        Set<String> segments = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            segments.add(plan.segmentOf("merchant", "m" + i));
        }
        assertThat(segments).hasSize(SegmentPlans.MAX_VALUES + 1).contains("merchant=m0", "merchant=m19", "merchant=(other)")
                .doesNotContain("merchant=m20");
        assertThat(plan.segmentOf("merchant", "m3")).as("an admitted value stays a segment").isEqualTo("merchant=m3");
    }

    @Test
    void a_long_value_is_cut_to_fit_the_segment_column() {
        SegmentPlans.Plan plan = new SegmentPlans.Plan(List.of("note"), Map.of(), new HashMap<>(), 0);
        assertThat(plan.segmentOf("note", "x".repeat(1000))).hasSize("note=".length() + 150);
    }
}
