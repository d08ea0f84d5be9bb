package io.esteira.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a running workspace is idle: from its last activity plus the grace until the next activity, a busy kernel or its stop. */
class IdleRuleTest {

    static final Duration GRACE = Duration.ofMinutes(15);
    static final Instant T = Instant.parse("2026-03-10T10:00:00Z");

    static Instant at(int minutes) {
        return T.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void within_the_grace_nothing_is_idle_and_past_it_idle_time_starts_at_the_last_activity_plus_the_grace() {
        assertThat(IdleRule.next(null, T, 0, at(14), GRACE)).isEqualTo(IdleRule.Step.NONE);
        IdleRule.Step step = IdleRule.next(null, T, 0, at(40), GRACE);
        assertThat(step.ends()).isFalse();
        assertThat(step.startAt()).as("counted back from the check that first sees it").isEqualTo(at(15));
        assertThat(step.afterActivity()).isEqualTo(T);
        assertThat(IdleRule.next(null, T, 0, at(15), GRACE).startAt()).as("exactly at the end of the grace").isEqualTo(at(15));
    }

    @Test
    void a_busy_kernel_is_never_idle_whatever_the_last_activity() {
        assertThat(IdleRule.next(null, T, 1, at(600), GRACE).starts()).isFalse();
    }

    @Test
    void an_unknown_activity_changes_nothing() {
        assertThat(IdleRule.next(null, null, 0, at(600), GRACE)).isEqualTo(IdleRule.Step.NONE);
        assertThat(IdleRule.next(new IdleRule.Open(at(15), T), null, 0, at(600), GRACE)).isEqualTo(IdleRule.Step.NONE);
    }

    @Test
    void checking_again_without_news_keeps_the_open_period_as_it_is() {
        IdleRule.Open open = new IdleRule.Open(at(15), T);
        assertThat(IdleRule.next(open, T, 0, at(45), GRACE)).isEqualTo(IdleRule.Step.NONE);
        assertThat(IdleRule.next(open, T, 0, at(6000), GRACE)).isEqualTo(IdleRule.Step.NONE);
    }

    @Test
    void new_activity_ends_the_period_at_that_activity_and_a_new_one_starts_only_after_another_grace() {
        IdleRule.Open open = new IdleRule.Open(at(15), T);
        IdleRule.Step soon = IdleRule.next(open, at(50), 0, at(55), GRACE);
        assertThat(soon.endAt()).isEqualTo(at(50));
        assertThat(soon.starts()).as("5 min after the activity: within the grace").isFalse();

        IdleRule.Step late = IdleRule.next(open, at(50), 0, at(90), GRACE);
        assertThat(late.endAt()).isEqualTo(at(50));
        assertThat(late.startAt()).as("the checks were sparse: idle again from 15 min after the activity").isEqualTo(at(65));
        assertThat(late.afterActivity()).isEqualTo(at(50));
    }

    @Test
    void a_busy_kernel_without_newer_activity_ends_the_period_at_the_check() {
        IdleRule.Step step = IdleRule.next(new IdleRule.Open(at(15), T), T, 2, at(70), GRACE);
        assertThat(step.endAt()).isEqualTo(at(70));
        assertThat(step.starts()).isFalse();
    }

    @Test
    void an_end_is_never_before_the_start_nor_after_the_check() {
        IdleRule.Open open = new IdleRule.Open(at(15), T);
        assertThat(IdleRule.endOf(open, at(5))).as("e.g. a stop recorded with an earlier clock: an empty period").isEqualTo(at(15));
        assertThat(IdleRule.next(open, at(10), 0, at(20), GRACE).endAt()).isEqualTo(at(15));
        assertThat(IdleRule.next(open, at(90), 0, at(80), GRACE).endAt()).as("activity reported ahead of the check").isEqualTo(at(80));
        assertThat(IdleRule.next(open, at(90), 0, at(80), GRACE).starts()).isFalse();
    }

    @Test
    void a_zero_grace_counts_every_moment_without_activity() {
        assertThat(IdleRule.next(null, T, 0, at(1), Duration.ZERO).startAt()).isEqualTo(T);
    }
}
