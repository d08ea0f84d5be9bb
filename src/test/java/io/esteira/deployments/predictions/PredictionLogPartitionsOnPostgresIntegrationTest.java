package io.esteira.deployments.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.support.PostgresIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On PostgreSQL the prediction log is partitioned by day: the migration kept the rows logged before it
 * (as one partition); maintenance makes the days ahead and drops whole days older than the longest
 * retention, and never a day that still holds calls within it.
 */
@PostgresIntegrationTest
class PredictionLogPartitionsOnPostgresIntegrationTest {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void days_are_made_ahead_and_dropped_whole_once_older_than_the_longest_retention() {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        PredictionLogPartitions partitions = new PredictionLogPartitions(jdbc, Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(90), 7);
        assertThat(partitions.partitioned()).isTrue();
        partitions.maintain();
        assertThat(partitions.partitions()).contains("prediction_log_before_partitions", "prediction_log_default",
                "prediction_log_p" + DAY.format(today.plusDays(1)), "prediction_log_p" + DAY.format(today.plusDays(7)));

        // 100 days on, with 30 days of retention: first the days from 90 days on are made (the days made above, older than 30 days then, go)...
        org.junit.jupiter.api.Assumptions.assumeTrue(jdbc.queryForObject("select coalesce(max(log_retention_days), 0) from deployment", Integer.class) <= 30);
        Instant later = now.plus(Duration.ofDays(100));
        LocalDate laterDay = LocalDate.ofInstant(later, ZoneOffset.UTC);
        PredictionLogPartitions.Maintenance earlier = new PredictionLogPartitions(jdbc, Clock.fixed(later.minus(Duration.ofDays(10)), ZoneOffset.UTC),
                Duration.ofDays(30), 7).maintain();
        assertThat(earlier.dropped()).as("the days made above and the calls from before partitioning (up to tomorrow) are older than 30 days then")
                .contains("prediction_log_p" + DAY.format(today.plusDays(1)), "prediction_log_p" + DAY.format(today.plusDays(7)),
                        "prediction_log_before_partitions");
        assertThat(earlier.created()).contains("prediction_log_p" + DAY.format(laterDay.minusDays(10)));
        // ... then the days from 100 days on: the days 10 days before are within the retention and stay
        PredictionLogPartitions after = new PredictionLogPartitions(jdbc, Clock.fixed(later, ZoneOffset.UTC), Duration.ofDays(30), 7);
        PredictionLogPartitions.Maintenance done = after.maintain();
        assertThat(done.dropped()).isEmpty();
        assertThat(after.partitions()).contains("prediction_log_p" + DAY.format(laterDay.minusDays(10)), "prediction_log_p" + DAY.format(laterDay),
                "prediction_log_p" + DAY.format(laterDay.plusDays(7)));
        // and 200 days on, everything made so far is older than 30 days
        PredictionLogPartitions.Maintenance much = new PredictionLogPartitions(jdbc, Clock.fixed(now.plus(Duration.ofDays(200)), ZoneOffset.UTC),
                Duration.ofDays(30), 0).maintain();
        assertThat(much.dropped()).contains("prediction_log_p" + DAY.format(laterDay.minusDays(10)), "prediction_log_p" + DAY.format(laterDay));

        // back to days around today for the other tests of this context; a call of today goes to today's partition
        partitions.maintain();
        assertThat(partitions.partitions()).contains("prediction_log_p" + DAY.format(today));
    }
}
