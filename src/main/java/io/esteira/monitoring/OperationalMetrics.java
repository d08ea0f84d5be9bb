package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.PredictionRecords;
import io.esteira.deployments.ServingQueues;
import io.esteira.monitoring.OperationalAggregation.Minute;
import io.esteira.monitoring.OperationalAggregation.Row;
import io.esteira.shared.InvalidRequestException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operational metric rows: calls, rows, error and invalid counts, latency percentiles, async queue
 * and batch figures per release and minute, hour and day, computed ahead from the prediction log
 * (by {@code jobs.OperationalMetricsJob}, every minute) so that dashboards read rows instead of the
 * log. Every row says how it was computed ({@code method}) and from what ({@code source_digest}); a
 * row whose inputs did not change is left as it is, so recomputing gives the same numbers.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class OperationalMetrics {

    /** How far back every run recomputes: a node's spool may ship entries late. */
    public static final Duration LATE_ENTRIES = Duration.ofMinutes(10);
    /** The most one run computes, so that a portal stopped for long catches up in steps. */
    public static final Duration MAX_PER_RUN = Duration.ofHours(24);
    /** The most buckets one series answers per release. */
    public static final int MAX_POINTS = 1_500;
    /** The most rows one series answers over all releases of a deployment. */
    public static final int MAX_ROWS = 10_000;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final String WATERMARK = "operational";

    private final DeploymentService deployments;
    private final PredictionRecords predictions;
    private final ServingQueues queues;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OperationalMetrics(DeploymentService deployments, PredictionRecords predictions, ServingQueues queues, NamedParameterJdbcTemplate jdbc,
            TransactionTemplate transactions, Clock clock) {
        this.deployments = deployments;
        this.predictions = predictions;
        this.queues = queues;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What one computation did. */
    public record Computed(Instant from, Instant to, int minutesWritten, int hoursWritten, int daysWritten) {
    }

    /**
     * The scheduled run: the last {@link #LATE_ENTRIES} and everything since the watermark (at most
     * {@link #MAX_PER_RUN}, oldest first), then the watermark moves on.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public Computed computeDue() {
        Instant closed = Granularity.MINUTE.floor(clock.instant());
        Instant watermark = jdbc.query("select computed_to from operational_metric_watermark where name = :name",
                new MapSqlParameterSource("name", WATERMARK), rs -> rs.next() ? rs.getTimestamp(1).toInstant() : null);
        Instant from = closed.minus(LATE_ENTRIES);
        if (watermark == null) {
            from = closed.minus(MAX_PER_RUN);
        } else if (watermark.isBefore(from)) {
            from = watermark.isBefore(closed.minus(Duration.ofDays(400))) ? closed.minus(Duration.ofDays(400)) : watermark;
        }
        Instant to = from.plus(MAX_PER_RUN).isBefore(closed) ? from.plus(MAX_PER_RUN) : closed;
        Computed computed = compute(from, to);
        Instant reached = computed.to();
        MapSqlParameterSource p = new MapSqlParameterSource("name", WATERMARK).addValue("to", Timestamp.from(reached));
        if (jdbc.update("update operational_metric_watermark set computed_to = :to where name = :name and computed_to < :to", p) == 0
                && watermark == null) {
            try {
                jdbc.update("insert into operational_metric_watermark (name, computed_to) values (:name, :to)", p);
            } catch (DuplicateKeyException e) {
                // another node got there first
            }
        }
        return computed;
    }

    /**
     * Recomputes the MINUTE rows of the closed minutes overlapping {@code [from, to)} from the
     * prediction log, then the HOUR and DAY rows holding them. Idempotent.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public Computed compute(Instant from, Instant to) {
        return computeAsOf(from, to, clock.instant());
    }

    /**
     * As {@link #compute(Instant, Instant)}, as if it were {@code now}: minutes up to then count as
     * closed. For an operator (and tests) who know no more calls of those minutes are coming; a later
     * run recomputes the last minutes anyway ({@link #LATE_ENTRIES}), so nothing is lost.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public Computed computeAsOf(Instant from, Instant to, Instant now) {
        Instant closed = Granularity.MINUTE.floor(now);
        Instant start = Granularity.MINUTE.floor(from);
        Instant end = Granularity.MINUTE.ceil(to).isAfter(closed) ? closed : Granularity.MINUTE.ceil(to);
        if (!start.isBefore(end)) {
            return new Computed(start, start, 0, 0, 0);
        }
        int minutes = 0;
        Instant lastClosed = closed.minus(Granularity.MINUTE.length());
        for (Instant chunk = start; chunk.isBefore(end); chunk = Granularity.HOUR.floor(chunk).plus(Granularity.HOUR.length())) {
            Instant chunkEnd = Granularity.HOUR.floor(chunk).plus(Granularity.HOUR.length());
            Instant chunkTo = chunkEnd.isBefore(end) ? chunkEnd : end;
            Instant chunkFrom = chunk;
            minutes += transactions.execute(s -> minutes(chunkFrom, chunkTo, lastClosed, now));
        }
        int hours = 0;
        for (Instant h = Granularity.HOUR.floor(start); h.isBefore(end); h = h.plus(Granularity.HOUR.length())) {
            Instant hour = h;
            hours += transactions.execute(s -> rollUp(Granularity.MINUTE, Granularity.HOUR, hour));
        }
        int days = 0;
        for (Instant d = Granularity.DAY.floor(start); d.isBefore(end); d = d.plus(Granularity.DAY.length())) {
            Instant day = d;
            days += transactions.execute(s -> rollUp(Granularity.HOUR, Granularity.DAY, day));
        }
        return new Computed(start, end, minutes, hours, days);
    }

    /** The MINUTE rows of {@code [from, to)} (within one hour); @return rows written. */
    private int minutes(Instant from, Instant to, Instant lastClosed, Instant now) {
        Map<UUID, Map<Instant, Minute>> calls = new LinkedHashMap<>();
        predictions.forEachCall(from, to, call -> calls.computeIfAbsent(call.releaseId(), k -> new TreeMap<>())
                .computeIfAbsent(Granularity.MINUTE.floor(call.at()), m -> new Minute(call.releaseId(), m)).add(call));
        Map<String, Row> stored = new HashMap<>();
        for (Row row : rows(null, Granularity.MINUTE, from, to, false)) {
            stored.put(row.releaseId() + "/" + row.bucketStart(), row);
        }
        Map<String, Row> fresh = new LinkedHashMap<>();
        calls.forEach((release, byMinute) -> byMinute.values().forEach(m -> {
            Row row = m.row();
            fresh.put(release + "/" + row.bucketStart(), row);
        }));
        if (!lastClosed.isBefore(from) && lastClosed.isBefore(to)) {
            for (ServingQueues.AsyncQueueFigures queue : queues.asyncQueues()) {
                String key = queue.releaseId() + "/" + lastClosed;
                Row old = stored.get(key);
                if (old != null && old.queueDepth() != null) {
                    continue; // sampled once, when the minute was first computed
                }
                double oldest = Math.max(0, Duration.between(queue.oldestQueuedAt(), now).toMillis() / 1000.0);
                Row row = fresh.get(key);
                if (row == null) {
                    row = new Minute(queue.releaseId(), lastClosed).row();
                    row = new Row(row.releaseId(), row.granularity(), row.bucketStart(), queue.areaId(), queue.versionNumber(), 0, 0, 0, 0, 0,
                            null, null, null, null, null, null, 0, 0, 0, row.method(), row.digest());
                }
                fresh.put(key, row.withQueue(queue.depth(), oldest));
            }
        }
        int written = 0;
        for (Map.Entry<String, Row> e : fresh.entrySet()) {
            Row row = e.getValue();
            Row old = stored.get(e.getKey());
            if (old != null && row.queueDepth() == null && old.queueDepth() != null) {
                row = row.withQueue(old.queueDepth(), old.queueOldestSeconds());
            }
            if (old != null && old.digest().equals(row.digest()) && Objects.equals(old.queueDepth(), row.queueDepth())
                    && Objects.equals(old.queueOldestSeconds(), row.queueOldestSeconds())) {
                continue;
            }
            write(row, old != null, now);
            written++;
        }
        return written;
    }

    /** Rebuilds the {@code upper} rows of one bucket from the {@code lower} rows in it; @return rows written. */
    private int rollUp(Granularity lower, Granularity upper, Instant bucket) {
        Instant end = bucket.plus(upper.length());
        Map<UUID, List<Row>> children = new LinkedHashMap<>();
        for (Row row : rows(null, lower, bucket, end, false)) {
            children.computeIfAbsent(row.releaseId(), k -> new ArrayList<>()).add(row);
        }
        Map<UUID, Row> stored = new HashMap<>();
        for (Row row : rows(null, upper, bucket, end, false)) {
            stored.put(row.releaseId(), row);
        }
        List<UUID> changed = new ArrayList<>();
        children.forEach((release, rows) -> {
            Row old = stored.get(release);
            if (old == null || !old.digest().equals(OperationalAggregation.digestOf(upper, rows))) {
                changed.add(release);
            }
        });
        if (changed.isEmpty()) {
            return 0;
        }
        Map<UUID, List<Row>> withSketches = new LinkedHashMap<>();
        for (int i = 0; i < changed.size(); i += 500) {
            for (Row row : rows(changed.subList(i, Math.min(changed.size(), i + 500)), lower, bucket, end, true)) {
                withSketches.computeIfAbsent(row.releaseId(), k -> new ArrayList<>()).add(row);
            }
        }
        Instant now = clock.instant();
        withSketches.forEach((release, rows) -> write(OperationalAggregation.merge(release, upper, bucket, rows), stored.containsKey(release),
                now));
        return withSketches.size();
    }

    private void write(Row row, boolean exists, Instant now) {
        MapSqlParameterSource p = new MapSqlParameterSource("deployment", row.releaseId()).addValue("granularity", row.granularity().name())
                .addValue("bucket", Timestamp.from(row.bucketStart())).addValue("area", row.areaId()).addValue("version", row.modelVersion())
                .addValue("calls", row.calls()).addValue("rows", row.rows()).addValue("errors", row.errors()).addValue("invalid", row.invalid())
                .addValue("latencyCount", row.latencyCount()).addValue("p50", row.p50()).addValue("p95", row.p95()).addValue("p99", row.p99())
                .addValue("sketch", row.sketch(), java.sql.Types.BINARY).addValue("queueDepth", row.queueDepth())
                .addValue("queueOldest", row.queueOldestSeconds()).addValue("batchCalls", row.batchCalls()).addValue("batchRows", row.batchRows())
                .addValue("batchMillis", row.batchMillis()).addValue("method", row.method()).addValue("digest", row.digest())
                .addValue("computed", Timestamp.from(now));
        String update = """
                update operational_metric set area_id = :area, model_version_number = :version, calls = :calls, row_count = :rows,
                    errors = :errors, invalid = :invalid, latency_count = :latencyCount, latency_p50_ms = :p50, latency_p95_ms = :p95,
                    latency_p99_ms = :p99, latency_sketch = :sketch, queue_depth = :queueDepth, queue_oldest_age_s = :queueOldest,
                    batch_calls = :batchCalls, batch_rows = :batchRows, batch_millis = :batchMillis, method = :method,
                    source_digest = :digest, computed_at = :computed
                where deployment_id = :deployment and granularity = :granularity and bucket_start = :bucket
                """;
        if (exists && jdbc.update(update, p) == 1) {
            return;
        }
        try {
            jdbc.update("""
                    insert into operational_metric (deployment_id, granularity, bucket_start, area_id, model_version_number, calls, row_count,
                        errors, invalid, latency_count, latency_p50_ms, latency_p95_ms, latency_p99_ms, latency_sketch, queue_depth,
                        queue_oldest_age_s, batch_calls, batch_rows, batch_millis, method, source_digest, computed_at)
                    values (:deployment, :granularity, :bucket, :area, :version, :calls, :rows, :errors, :invalid, :latencyCount, :p50, :p95,
                        :p99, :sketch, :queueDepth, :queueOldest, :batchCalls, :batchRows, :batchMillis, :method, :digest, :computed)
                    """, p);
        } catch (DuplicateKeyException e) {
            jdbc.update(update, p); // computed at the same time elsewhere: the same inputs give the same row
        }
    }

    /** Stored rows of a granularity in {@code [from, to)}, of the given releases (null: all), in release and bucket order. */
    private List<Row> rows(List<UUID> releases, Granularity granularity, Instant from, Instant to, boolean withSketch) {
        MapSqlParameterSource p = new MapSqlParameterSource("granularity", granularity.name()).addValue("from", Timestamp.from(from))
                .addValue("to", Timestamp.from(to)).addValue("releases", releases);
        return jdbc.query("select deployment_id, granularity, bucket_start, area_id, model_version_number, calls, row_count, errors, "
                + "invalid, latency_count, latency_p50_ms, latency_p95_ms, latency_p99_ms, "
                + (withSketch ? "latency_sketch" : "null") + " as latency_sketch, queue_depth, queue_oldest_age_s, batch_calls, batch_rows, "
                + "batch_millis, method, source_digest, computed_at from operational_metric where granularity = :granularity "
                + "and bucket_start >= :from and bucket_start < :to" + (releases == null ? "" : " and deployment_id in (:releases)")
                + " order by deployment_id, bucket_start", p, OperationalMetrics::row);
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getObject("deployment_id", UUID.class), Granularity.valueOf(rs.getString("granularity")),
                rs.getTimestamp("bucket_start").toInstant(), rs.getObject("area_id", UUID.class), rs.getInt("model_version_number"),
                rs.getLong("calls"), rs.getLong("row_count"), rs.getLong("errors"), rs.getLong("invalid"), rs.getLong("latency_count"),
                rs.getObject("latency_p50_ms", Double.class), rs.getObject("latency_p95_ms", Double.class),
                rs.getObject("latency_p99_ms", Double.class), rs.getBytes("latency_sketch"), rs.getObject("queue_depth", Long.class),
                rs.getObject("queue_oldest_age_s", Double.class), rs.getLong("batch_calls"), rs.getLong("batch_rows"),
                rs.getDouble("batch_millis"), rs.getString("method"), rs.getString("source_digest"));
    }

    /**
     * The operational metric rows of a deployment's releases (those of another area: not found).
     *
     * @param areaId      the area, when the caller reads several deployments of that name; else null
     * @param granularity null: HOUR
     * @param from        null: {@link #MAX_POINTS} / 10 buckets before {@code to}
     * @param to          null: now
     * @throws InvalidRequestException for a range that is empty, outside 2000 to next year, longer than {@link #MAX_POINTS}
     *                                 buckets, or with more than {@link #MAX_ROWS} rows over the releases
     */
    public OperationalSeries series(String deployment, UUID areaId, Granularity granularity, Instant from, Instant to) {
        List<DeploymentView> releases = deployments.releases(deployment, areaId); // not found when the caller may not read it
        return series(releases.getFirst().name(), releases.stream().map(DeploymentView::id).toList(), granularity, from, to);
    }

    /** The operational metric rows of one release (another area's: not found). */
    public OperationalSeries series(UUID releaseId, Granularity granularity, Instant from, Instant to) {
        DeploymentView release = deployments.get(releaseId);
        return series(release.name(), List.of(release.id()), granularity, from, to);
    }

    private OperationalSeries series(String name, List<UUID> releases, Granularity granularity, Instant from, Instant to) {
        Granularity g = granularity == null ? Granularity.HOUR : granularity;
        Instant now = clock.instant();
        Instant latest = now.plus(Duration.ofDays(366));
        if (to != null && (to.isBefore(EARLIEST) || to.isAfter(latest))) {
            throw new InvalidRequestException("to", "Choose a time between " + EARLIEST + " and " + Granularity.DAY.floor(latest));
        }
        if (from != null && (from.isBefore(EARLIEST) || from.isAfter(latest))) {
            throw new InvalidRequestException("from", "Choose a time between " + EARLIEST + " and " + Granularity.DAY.floor(latest));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("from", "from must be before to");
        }
        Instant end = g.ceil(to == null ? now : to);
        Instant start = from == null ? end.minus(g.length().multipliedBy(MAX_POINTS / 10)) : g.floor(from);
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("from", "from must be before to");
        }
        long buckets = Duration.between(start, end).dividedBy(g.length());
        if (buckets > MAX_POINTS) {
            throw new InvalidRequestException("to", "At most " + MAX_POINTS + " " + g.name().toLowerCase() + "s per request; this range has "
                    + buckets + ": choose a shorter range or a coarser granularity");
        }
        List<OperationalPoint> points = new ArrayList<>();
        MapSqlParameterSource p = new MapSqlParameterSource("granularity", g.name()).addValue("from", Timestamp.from(start))
                .addValue("to", Timestamp.from(end)).addValue("releases", releases);
        jdbc.query("select deployment_id, granularity, bucket_start, area_id, model_version_number, calls, row_count, errors, invalid, "
                + "latency_count, latency_p50_ms, latency_p95_ms, latency_p99_ms, null as latency_sketch, queue_depth, queue_oldest_age_s, "
                + "batch_calls, batch_rows, batch_millis, method, source_digest, computed_at from operational_metric "
                + "where granularity = :granularity and bucket_start >= :from and bucket_start < :to and deployment_id in (:releases) "
                + "order by bucket_start, deployment_id limit " + (MAX_ROWS + 1), p, rs -> {
                    Row r = row(rs, 0);
                    points.add(new OperationalPoint(r.releaseId(), r.modelVersion(), g, r.bucketStart(), r.calls(), r.rows(), r.errors(),
                            r.invalid(), rate(r.errors(), r.calls()), rate(r.invalid(), r.calls()), r.latencyCount(), r.p50(), r.p95(),
                            r.p99(), r.queueDepth(), r.queueOldestSeconds(), r.batchCalls(), r.batchRows(), r.batchMillis(), r.method(),
                            r.digest(), rs.getTimestamp("computed_at").toInstant()));
                });
        if (points.size() > MAX_ROWS) {
            throw new InvalidRequestException("from", "More than " + MAX_ROWS + " rows over the releases of " + name
                    + ": choose a shorter range or a coarser granularity");
        }
        return new OperationalSeries(name, g, start, end, points);
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
