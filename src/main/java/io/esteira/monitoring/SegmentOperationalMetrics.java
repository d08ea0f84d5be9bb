package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.PredictionRecords.Channel;
import io.esteira.deployments.PredictionRecords.Outcome;
import io.esteira.deployments.PredictionRecords;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.statistics.NumericProfile;
import io.esteira.shared.InvalidRequestException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operational figures per segment of traffic (a value of one of the monitor's segment features, e.g.
 * {@code channel=online}) per hour and day: calls, rows, error and invalid rates, latency p50/p95/p99.
 * Only the prediction log knows a failed call's inputs, so they come from the calls whose inputs it
 * kept (the release's log sample, every call by default), counted once a closed hour has settled
 * ({@link OperationalMetrics#LATE_ENTRIES}). A call counts in every segment one of its rows falls in;
 * its rows count where they fall. Stored as rows, so that dashboards never rescan the log.
 */
@Service
public class SegmentOperationalMetrics {

    /** A stored row: rates are null without calls, latencies null without answered (non-batch) calls. */
    public record SegmentPoint(UUID releaseId, String segment, Granularity granularity, Instant bucketStart, long calls, long rows,
            long errors, long invalid, Double errorRate, Double invalidRate, Double p50, Double p95, Double p99, long sampledCalls,
            String method) {
    }

    private static final Logger log = LoggerFactory.getLogger(SegmentOperationalMetrics.class);
    private static final String METHOD = "From the prediction log's calls with kept inputs (its sample) of the hour; a call counts in "
            + "every segment one of its rows falls in (value of a segment feature as profiled in the hour, else (other); null: "
            + "(missing)); error/invalid rates per call; latency of answered online calls, quantiles from a KLL sketch (k="
            + NumericProfile.SKETCH_K + ", rank error about 1.3%); days merge their hours.";

    private final DeploymentService deployments;
    private final PredictionRecords predictions;
    private final LiveProfiles profiles;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    SegmentOperationalMetrics(DeploymentService deployments, PredictionRecords predictions, LiveProfiles profiles, JdbcTemplate jdbc,
            TransactionTemplate tx, Clock clock) {
        this.deployments = deployments;
        this.predictions = predictions;
        this.profiles = profiles;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Counts the settled closed hours of the last {@code lookBack} not counted since they settled, and
     * their days, for the releases whose monitor names segment features. Run by the system.
     *
     * @return hours counted
     */
    @PreAuthorize("hasRole('ADMIN')")
    public int computeRecent(Duration lookBack) {
        Instant settled = Granularity.HOUR.floor(clock.instant().minus(OperationalMetrics.LATE_ENTRIES));
        List<UUID> releases = jdbc.queryForList("select deployment_id from monitor where segment_features is not null "
                + "and segment_features <> ''", UUID.class);
        int hours = 0;
        for (UUID release : releases) {
            for (Instant hour = Granularity.HOUR.floor(settled.minus(lookBack)); hour.isBefore(settled); hour = hour.plus(Duration.ofHours(1))) {
                Instant end = hour.plus(Duration.ofHours(1));
                Timestamp counted = jdbc.query("select max(computed_at) from segment_operational_metric where deployment_id = ? "
                        + "and granularity = 'HOUR' and bucket_start = ?", rs -> rs.next() ? rs.getTimestamp(1) : null, release,
                        Timestamp.from(hour));
                if (counted != null && !counted.toInstant().isBefore(end.plus(OperationalMetrics.LATE_ENTRIES))) {
                    continue;
                }
                try {
                    Instant h = hour;
                    tx.executeWithoutResult(t -> compute(release, h));
                    hours++;
                } catch (RuntimeException e) {
                    log.warn("Operational figures per segment of release {} for the hour from {} not counted: {}", release, hour,
                            e.getMessage());
                }
            }
        }
        return hours;
    }

    /**
     * Counts one hour of a release per segment, and its day again from its hours. Idempotent.
     *
     * @param hour the start of an hour
     */
    @PreAuthorize("hasRole('ADMIN')")
    public void compute(UUID releaseId, Instant hour) {
        if (hour == null || !Granularity.HOUR.floor(hour).equals(hour)) {
            throw new InvalidRequestException("hour", "Give the start of an hour");
        }
        var release = deployments.get(releaseId);
        Instant end = hour.plus(Duration.ofHours(1));
        List<String> features = Monitor.segments(jdbc.query("select segment_features from monitor where deployment_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, releaseId));
        Set<String> profiled = new HashSet<>(profiles.segments(releaseId, hour, end));
        List<String> counted = features.stream().filter(f -> profiled.stream().anyMatch(s -> SegmentPlans.featureOf(s).equals(f))).toList();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        long[] sampled = {0};
        predictions.forEachKeptCall(List.of(releaseId), hour, end, kept -> {
            sampled[0]++;
            Map<String, Long> rowsIn = new LinkedHashMap<>();
            for (Map<String, Object> row : kept.inputs()) {
                for (String feature : counted) {
                    rowsIn.merge(SegmentPlans.segmentOf(feature, row.get(feature), profiled), 1L, Long::sum);
                }
            }
            rowsIn.forEach((segment, rows) -> tallies.computeIfAbsent(segment, s -> new Tally()).add(kept.call(), rows));
        });
        jdbc.update("delete from segment_operational_metric where deployment_id = ? and granularity = 'HOUR' and bucket_start = ?", releaseId,
                Timestamp.from(hour));
        Instant now = clock.instant();
        tallies.forEach((segment, tally) -> insert(releaseId, release.areaId(), segment, Granularity.HOUR, hour, tally, sampled[0], now));
        rollUpDay(releaseId, release.areaId(), Granularity.DAY.floor(hour), now);
    }

    private void rollUpDay(UUID releaseId, UUID areaId, Instant day, Instant now) {
        Map<String, Tally> days = new LinkedHashMap<>();
        long[] sampled = {0};
        Set<Instant> hours = new LinkedHashSet<>();
        jdbc.query("select segment, calls, row_count, errors, invalid, latency_sketch, sampled_calls, bucket_start from segment_operational_metric "
                + "where deployment_id = ? and granularity = 'HOUR' and bucket_start >= ? and bucket_start < ?", rs -> {
                    Tally tally = days.computeIfAbsent(rs.getString(1), s -> new Tally());
                    tally.calls += rs.getLong(2);
                    tally.rows += rs.getLong(3);
                    tally.errors += rs.getLong(4);
                    tally.invalid += rs.getLong(5);
                    byte[] sketch = rs.getBytes(6);
                    if (sketch != null) {
                        tally.latency = tally.latency.merge(NumericProfile.fromBytes(sketch));
                    }
                    Instant hour = rs.getTimestamp(8).toInstant();
                    if (hours.add(hour)) {
                        sampled[0] += rs.getLong(7); // one figure per hour, the same on each of its segments
                    }
                }, releaseId, Timestamp.from(day), Timestamp.from(day.plus(Duration.ofDays(1))));
        jdbc.update("delete from segment_operational_metric where deployment_id = ? and granularity = 'DAY' and bucket_start = ?", releaseId,
                Timestamp.from(day));
        days.forEach((segment, tally) -> insert(releaseId, areaId, segment, Granularity.DAY, day, tally, sampled[0], now));
    }

    private void insert(UUID releaseId, UUID areaId, String segment, Granularity granularity, Instant bucket, Tally t, long sampled, Instant now) {
        boolean latencies = t.latency.count() > 0;
        jdbc.update("insert into segment_operational_metric (deployment_id, segment, granularity, bucket_start, area_id, calls, row_count, "
                + "errors, invalid, latency_p50_ms, latency_p95_ms, latency_p99_ms, latency_sketch, sampled_calls, method, computed_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", releaseId, segment, granularity.name(), Timestamp.from(bucket),
                areaId, t.calls, t.rows, t.errors, t.invalid, latencies ? t.latency.quantile(0.5) : null,
                latencies ? t.latency.quantile(0.95) : null, latencies ? t.latency.quantile(0.99) : null,
                latencies ? t.latency.toBytes() : null, sampled, METHOD, Timestamp.from(now));
    }

    /**
     * A release's stored rows of one segment in {@code [from, to)}, oldest first.
     *
     * @throws io.esteira.shared.NotFoundException when the caller may not read the release
     */
    @PreAuthorize("isAuthenticated()")
    public List<SegmentPoint> series(UUID releaseId, String segment, Granularity granularity, Instant from, Instant to) {
        deployments.get(releaseId); // the area check
        if (granularity != Granularity.HOUR && granularity != Granularity.DAY) {
            throw new InvalidRequestException("granularity", "Figures per segment are counted per HOUR or DAY");
        }
        if (from == null || to == null || !from.isBefore(to) || Duration.between(from, to).compareTo(Duration.ofDays(400)) > 0) {
            throw new InvalidRequestException("from", "Give a window of at most 400 days: from before to");
        }
        if (segment == null || segment.isBlank() || segment.length() > 400) {
            throw new InvalidRequestException("segment", "Name a segment as feature=value");
        }
        List<SegmentPoint> points = new ArrayList<>();
        jdbc.query("select bucket_start, calls, row_count, errors, invalid, latency_p50_ms, latency_p95_ms, latency_p99_ms, sampled_calls, "
                + "method from segment_operational_metric where deployment_id = ? and segment = ? and granularity = ? and bucket_start >= ? "
                + "and bucket_start < ? order by bucket_start", rs -> {
                    long calls = rs.getLong(2);
                    points.add(new SegmentPoint(releaseId, segment, granularity, rs.getTimestamp(1).toInstant(), calls, rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), calls == 0 ? null : (double) rs.getLong(4) / calls,
                            calls == 0 ? null : (double) rs.getLong(5) / calls, rs.getObject(6, Double.class), rs.getObject(7, Double.class),
                            rs.getObject(8, Double.class), rs.getLong(9), rs.getString(10)));
                }, releaseId, segment, granularity.name(), Timestamp.from(from), Timestamp.from(to));
        return points;
    }

    private static final class Tally {
        long calls;
        long rows;
        long errors;
        long invalid;
        NumericProfile latency = NumericProfile.empty();

        void add(PredictionRecords.CallRecord call, long rowsInSegment) {
            calls++;
            rows += rowsInSegment;
            if (call.outcome() == Outcome.ERROR) {
                errors++;
            } else if (call.outcome() == Outcome.INVALID) {
                invalid++;
            } else if (call.channel() != Channel.BATCH) {
                latency.add(call.latencyMicros() / 1000.0);
            }
        }
    }
}
