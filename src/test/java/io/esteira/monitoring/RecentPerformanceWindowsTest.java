package io.esteira.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentPerformanceWindowsTest {

    static final Duration WEEK = Duration.ofDays(7);

    @Test
    void the_job_evaluates_the_hours_just_closed_and_those_that_just_reached_the_maturity_delay() {
        Map<Granularity, Set<Instant>> due = PerformanceResults.recentWindows(Instant.parse("2026-03-10T10:20:00Z"), Duration.ofHours(2), WEEK);
        assertThat(due.get(Granularity.HOUR)).containsExactly(Instant.parse("2026-03-03T08:00:00Z"), Instant.parse("2026-03-03T09:00:00Z"),
                Instant.parse("2026-03-10T08:00:00Z"), Instant.parse("2026-03-10T09:00:00Z"));
        // yesterday; never today; no day reached its delay in these hours
        assertThat(due.get(Granularity.DAY)).containsExactly(Instant.parse("2026-03-09T00:00:00Z"));
    }

    @Test
    void just_after_midnight_the_day_that_closed_and_the_day_that_reached_its_delay_are_due() {
        Map<Granularity, Set<Instant>> due = PerformanceResults.recentWindows(Instant.parse("2026-03-10T00:05:00Z"), Duration.ofHours(1), WEEK);
        assertThat(due.get(Granularity.HOUR)).containsExactly(Instant.parse("2026-03-02T23:00:00Z"), Instant.parse("2026-03-09T23:00:00Z"));
        assertThat(due.get(Granularity.DAY)).containsExactly(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"));
    }

    @Test
    void a_delay_of_hours_gives_day_starts_too() {
        Map<Granularity, Set<Instant>> due = PerformanceResults.recentWindows(Instant.parse("2026-03-10T10:20:00Z"), Duration.ofHours(1),
                Duration.ofHours(30));
        assertThat(due.get(Granularity.DAY)).allSatisfy(d -> assertThat(Granularity.DAY.floor(d)).isEqualTo(d));
        assertThat(due.get(Granularity.HOUR)).contains(Instant.parse("2026-03-09T03:00:00Z"));
    }
}
