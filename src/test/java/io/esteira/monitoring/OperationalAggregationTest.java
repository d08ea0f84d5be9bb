package io.esteira.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.esteira.deployments.PredictionRecords.Channel;
import io.esteira.deployments.PredictionRecords.Outcome;
import io.esteira.deployments.PredictionRecords.CallRecord;
import io.esteira.monitoring.OperationalAggregation.Minute;
import io.esteira.monitoring.OperationalAggregation.Row;
import io.esteira.monitoring.statistics.NumericProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OperationalAggregationTest {

    static final UUID RELEASE = UUID.randomUUID();
    static final UUID AREA = UUID.randomUUID();
    static final Instant HOUR = Instant.parse("2026-03-01T10:00:00Z");

    static CallRecord call(Channel channel, Outcome outcome, int rows, long micros, Instant at) {
        return new CallRecord(RELEASE, AREA, 3, channel, rows, outcome, micros, at);
    }

    @Test
    void a_minute_counts_calls_rows_errors_and_invalid_and_its_percentiles_are_exact() {
        Minute minute = new Minute(RELEASE, HOUR);
        for (int i = 1; i <= 100; i++) { // latencies 1..100 ms
            minute.add(call(Channel.SYNC, Outcome.SUCCESS, 2, i * 1000L, HOUR.plusMillis(i)));
        }
        minute.add(call(Channel.SYNC, Outcome.ERROR, 1, 999_000, HOUR));
        minute.add(call(Channel.ASYNC, Outcome.INVALID, 4, 888_000, HOUR));
        minute.add(call(Channel.BATCH, Outcome.SUCCESS, 1000, 5_000_000, HOUR));
        Row row = minute.row();
        assertThat(row.calls()).isEqualTo(103);
        assertThat(row.rows()).isEqualTo(200 + 1 + 4 + 1000);
        assertThat(row.errors()).isEqualTo(1);
        assertThat(row.invalid()).isEqualTo(1);
        assertThat(row.latencyCount()).as("only successful online calls").isEqualTo(100);
        assertThat(row.p50()).isEqualTo(50.0);
        assertThat(row.p95()).isEqualTo(95.0);
        assertThat(row.p99()).isEqualTo(99.0);
        assertThat(row.batchCalls()).isEqualTo(1);
        assertThat(row.batchRows()).isEqualTo(1000);
        assertThat(row.batchMillis()).isEqualTo(5000.0);
        assertThat(NumericProfile.fromBytes(row.sketch()).count()).isEqualTo(100);
        assertThat(row.method()).contains("KLL k=200").contains("SUCCESS");
        // the same calls in another order: the same row
        Minute again = new Minute(RELEASE, HOUR);
        again.add(call(Channel.BATCH, Outcome.SUCCESS, 1000, 5_000_000, HOUR));
        for (int i = 100; i >= 1; i--) {
            again.add(call(Channel.SYNC, Outcome.SUCCESS, 2, i * 1000L, HOUR.plusMillis(i)));
        }
        again.add(call(Channel.ASYNC, Outcome.INVALID, 4, 888_000, HOUR));
        again.add(call(Channel.SYNC, Outcome.ERROR, 1, 999_000, HOUR));
        assertThat(again.row().digest()).isEqualTo(row.digest());
        assertThat(again.row().p99()).isEqualTo(row.p99());
    }

    @Test
    void an_hour_merged_from_its_minutes_has_the_summed_counts_and_percentiles_within_the_kll_error() {
        Random random = new Random(15);
        List<Row> minutes = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        long errors = 0;
        long calls = 0;
        for (int m = 0; m < 60; m++) {
            Minute minute = new Minute(RELEASE, HOUR.plus(Duration.ofMinutes(m)));
            for (int i = 0; i < 1_000; i++) {
                long micros = (long) (Math.exp(random.nextGaussian() * 0.6 + Math.log(20_000)) + m * 50); // drifts over the hour
                Outcome outcome = random.nextDouble() < 0.02 ? Outcome.ERROR : Outcome.SUCCESS;
                minute.add(call(Channel.SYNC, outcome, 1, micros, HOUR));
                calls++;
                if (outcome == Outcome.SUCCESS) {
                    all.add(micros / 1000.0);
                } else {
                    errors++;
                }
            }
            minutes.add(minute.row());
        }
        Row hour = OperationalAggregation.merge(RELEASE, Granularity.HOUR, HOUR, minutes);
        assertThat(hour.calls()).isEqualTo(calls);
        assertThat(hour.errors()).isEqualTo(errors);
        assertThat(hour.latencyCount()).isEqualTo(all.size());
        assertThat((double) hour.errors() / hour.calls()).isCloseTo(0.02, within(0.005));
        assertThat(hour.method()).contains("MINUTE rows of the hour");

        double[] exact = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double epsilon = NumericProfile.rankErrorOfSketchSize();
        double[] got = {hour.p50(), hour.p95(), hour.p99()};
        for (int i = 0; i < 3; i++) {
            double rank = rankOf(exact, got[i]);
            assertThat(rank).as("rank of p%s", (int) (OperationalAggregation.RANKS[i] * 100))
                    .isCloseTo(OperationalAggregation.RANKS[i], within(epsilon));
        }
        // the hour's sketch is the merge of the minutes'
        assertThat(NumericProfile.fromBytes(hour.sketch()).count()).isEqualTo(all.size());

        // recomputing from the same stored minutes gives the same numbers and digest
        Row again = OperationalAggregation.merge(RELEASE, Granularity.HOUR, HOUR, minutes);
        assertThat(again.p50()).isEqualTo(hour.p50());
        assertThat(again.p95()).isEqualTo(hour.p95());
        assertThat(again.p99()).isEqualTo(hour.p99());
        assertThat(again.digest()).isEqualTo(hour.digest());
        // a changed minute changes the digest
        List<Row> changed = new ArrayList<>(minutes);
        changed.set(5, new Minute(RELEASE, minutes.get(5).bucketStart()).add(call(Channel.SYNC, Outcome.SUCCESS, 1, 1, HOUR)).row());
        assertThat(OperationalAggregation.merge(RELEASE, Granularity.HOUR, HOUR, changed).digest()).isNotEqualTo(hour.digest());
    }

    @Test
    void a_day_merged_from_hours_keeps_counts_queue_maxima_and_exact_percentiles_while_the_sketches_are_exact() {
        List<Row> hours = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            Instant start = HOUR.plus(Duration.ofHours(h));
            Minute minute = new Minute(RELEASE, start);
            for (int i = 1; i <= 10; i++) {
                minute.add(call(Channel.SYNC, Outcome.SUCCESS, 1, (h * 10 + i) * 1000L, start));
            }
            Row row = minute.row().withQueue((long) h * 4, h * 1.5);
            hours.add(OperationalAggregation.merge(RELEASE, Granularity.HOUR, start, List.of(row)));
        }
        Row day = OperationalAggregation.merge(RELEASE, Granularity.DAY, Granularity.DAY.floor(HOUR), hours);
        assertThat(day.calls()).isEqualTo(30);
        assertThat(day.p50()).isEqualTo(15.0);
        assertThat(day.p95()).isEqualTo(29.0);
        assertThat(day.p99()).isEqualTo(30.0);
        assertThat(day.queueDepth()).isEqualTo(8);
        assertThat(day.queueOldestSeconds()).isEqualTo(3.0);
        assertThat(day.method()).contains("HOUR rows of the day");
    }

    @Test
    void a_minute_without_successful_online_calls_has_no_percentiles() {
        Row row = new Minute(RELEASE, HOUR).add(call(Channel.SYNC, Outcome.ERROR, 1, 10, HOUR)).row();
        assertThat(row.p50()).isNull();
        assertThat(row.sketch()).isNull();
        Row hour = OperationalAggregation.merge(RELEASE, Granularity.HOUR, HOUR, List.of(row));
        assertThat(hour.errors()).isEqualTo(1);
        assertThat(hour.p99()).isNull();
    }

    /** The normalised rank of a value in sorted data: the share of values at most it. */
    static double rankOf(double[] sorted, double value) {
        int i = Arrays.binarySearch(sorted, value);
        if (i < 0) {
            i = -i - 2;
        }
        while (i + 1 < sorted.length && sorted[i + 1] == value) {
            i++;
        }
        return (i + 1) / (double) sorted.length;
    }
}
