package io.esteira.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DashboardWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-06T22:37:12Z");

    @ParameterizedTest
    @EnumSource(DashboardWindow.class)
    void every_window_asks_for_no_more_operational_buckets_than_a_series_answers_and_ends_with_the_bucket_of_now(DashboardWindow window) {
        DashboardWindow.Range range = window.operationalRange(NOW);
        long buckets = Duration.between(range.from(), range.to()).dividedBy(window.operational().length());
        assertThat(buckets).isLessThanOrEqualTo(OperationalMetrics.MAX_POINTS);
        assertThat(Duration.between(range.from(), range.to())).isEqualTo(window.length());
        assertThat(range.to()).isAfter(NOW);
        assertThat(range.to().minus(window.operational().length())).isBeforeOrEqualTo(NOW);
    }

    @ParameterizedTest
    @EnumSource(DashboardWindow.class)
    void drift_windows_are_whole_hours_or_days_up_to_the_one_holding_now(DashboardWindow window) {
        DashboardWindow.Range range = window.driftRange(NOW);
        assertThat(window.drift()).isIn(Granularity.HOUR, Granularity.DAY);
        assertThat(window.drift().floor(range.from())).isEqualTo(range.from());
        assertThat(range.to()).isEqualTo(window.drift().floor(NOW).plus(window.drift().length()));
        assertThat(Duration.between(range.from(), range.to())).isEqualTo(window.length());
    }

    @Test
    void the_short_windows_show_hours_of_drift_and_the_long_ones_days() {
        assertThat(DashboardWindow.LAST_24_HOURS.operational()).isEqualTo(Granularity.MINUTE);
        assertThat(DashboardWindow.LAST_7_DAYS.drift()).isEqualTo(Granularity.HOUR);
        assertThat(DashboardWindow.LAST_30_DAYS.drift()).isEqualTo(Granularity.DAY);
        assertThat(DashboardWindow.LAST_90_DAYS.operational()).isEqualTo(Granularity.DAY);
    }

    @Test
    void performance_is_shown_per_hour_over_a_day_and_per_whole_day_beyond() {
        assertThat(DashboardWindow.LAST_24_HOURS.performance()).isEqualTo(Granularity.HOUR);
        assertThat(DashboardWindow.LAST_7_DAYS.performance()).isEqualTo(Granularity.DAY);
        Instant now = Instant.parse("2026-12-06T15:20:00Z");
        assertThat(DashboardWindow.LAST_7_DAYS.performanceRange(now)).isEqualTo(new DashboardWindow.Range(
                Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")));
    }
}
