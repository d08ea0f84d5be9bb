package io.esteira.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.monitoring.MonitoringOverview.ReleaseHealth;
import io.esteira.monitoring.statistics.Verdict;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SinceYesterdayTest {

    private static ReleaseHealth health(long calls, long callsBefore, Verdict drift, Verdict driftBefore, long opened) {
        return new ReleaseHealth(UUID.randomUUID(), UUID.randomUUID(), "card-fraud-scoring", "card_fraud", 1, "PRODUCTION", null, calls, 0.0,
                3.0, drift, Instant.now(), 0, callsBefore, driftBefore, opened);
    }

    @Test
    void says_what_moved_and_leaves_out_what_did_not() {
        assertThat(health(1_200, 1_000, Verdict.BREACH, Verdict.OK, 1).sinceYesterday())
                .containsExactly("calls +20%", "drift none → breach", "1 alert opened");
        assertThat(health(1_050, 1_000, Verdict.OK, Verdict.OK, 0).sinceYesterday()).as("a 5 % wobble is not news").isEmpty();
        assertThat(health(300, 0, null, null, 2).sinceYesterday()).containsExactly("first calls", "2 alerts opened");
        assertThat(health(0, 500, Verdict.INSUFFICIENT_DATA, Verdict.OK, 0).sinceYesterday())
                .containsExactly("calls -100%", "drift none → too few rows");
    }
}
