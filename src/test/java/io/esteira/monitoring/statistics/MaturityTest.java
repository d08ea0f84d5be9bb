package io.esteira.monitoring.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaturityTest {

    static final Instant END = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration WEEK = Duration.ofDays(7);

    @Test
    void a_window_with_too_few_labels_is_immature_until_its_delay_passes() {
        Maturity early = Maturity.of(100, 30, END, END.plus(Duration.ofDays(3)), 0.8, WEEK);
        assertThat(early.state()).isEqualTo(Maturity.State.IMMATURE);
        assertThat(early.coverage()).isEqualTo(0.3);
        assertThat(early.reason()).contains("30 of 100 rows labelled (30%)", "mature at 8 Mar 2026, 10:00 UTC");
    }

    @Test
    void coverage_at_the_threshold_makes_a_window_mature_at_once() {
        assertThat(Maturity.of(100, 80, END, END, 0.8, WEEK).state()).isEqualTo(Maturity.State.MATURE);
        assertThat(Maturity.of(100, 79, END, END, 0.8, WEEK).state()).isEqualTo(Maturity.State.IMMATURE);
    }

    @Test
    void a_window_older_than_the_delay_is_mature_whatever_its_coverage() {
        assertThat(Maturity.of(100, 0, END, END.plus(WEEK), 0.8, WEEK).state()).isEqualTo(Maturity.State.MATURE);
        assertThat(Maturity.of(100, 0, END, END.plus(WEEK).minusMillis(1), 0.8, WEEK).state()).isEqualTo(Maturity.State.IMMATURE);
        assertThat(Maturity.of(100, 5, END, END.plus(Duration.ofDays(8)), 0.8, WEEK).reason()).contains("ended more than 7 days ago");
    }

    @Test
    void a_window_without_predictions_is_never_mature_and_coverage_never_exceeds_one() {
        Maturity empty = Maturity.of(0, 3, END, END.plus(Duration.ofDays(30)), 0.8, WEEK);
        assertThat(empty.state()).isEqualTo(Maturity.State.IMMATURE);
        assertThat(empty.coverage()).isNaN();
        assertThat(Maturity.of(10, 12, END, END, 0.8, WEEK).coverage()).isEqualTo(1.0);
    }

    @Test
    void thresholds_out_of_range_are_refused() {
        assertThatThrownBy(() -> Maturity.of(10, 1, END, END, 0, WEEK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Maturity.of(10, 1, END, END, 1.2, WEEK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Maturity.of(10, 1, END, END, 0.8, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
