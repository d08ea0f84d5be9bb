package io.esteira.monitoring;

import io.esteira.deployments.PredictionRecords.Channel;
import io.esteira.deployments.PredictionRecords.Outcome;
import io.esteira.deployments.PredictionRecords.CallRecord;
import io.esteira.monitoring.statistics.NumericProfile;
import io.esteira.monitoring.statistics.Quantiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * How operational metric rows are computed: pure, no Spring, no database. A MINUTE row from the
 * prediction-log entries of one release and minute; an HOUR or DAY row by merging the rows below it.
 */
final class OperationalAggregation {

    static final double[] RANKS = {0.50, 0.95, 0.99};

    static final String MINUTE_METHOD = "From prediction_log, entries of the release with created_at in [bucket_start, +1 min): calls, "
            + "rows, errors (outcome ERROR), invalid (outcome INVALID) of every channel; batch_* the BATCH-channel entries (chunks of "
            + "batch runs) among them, batch_millis their summed latency; latency in ms of the SUCCESS entries of the SYNC and ASYNC "
            + "channels: p50/p95/p99 exact (smallest value whose rank is at least q), latency_sketch KLL k=" + NumericProfile.SKETCH_K
            + " (NumericProfile format 1) of the same values; async queue depth and oldest age sampled when the minute was first "
            + "computed; source_digest SHA-256 of the counts and the sorted latencies";
    static final String HOUR_METHOD = "Merged from the MINUTE rows of the hour: counts summed; latency p50/p95/p99 the weighted "
            + "quantiles of the union of the minutes' KLL k=" + NumericProfile.SKETCH_K + " sketches (deterministic, rank error at "
            + "most " + String.format(java.util.Locale.ROOT, "%.4f", NumericProfile.rankErrorOfSketchSize()) + " at 99%), "
            + "latency_sketch their KLL merge; queue: the largest minute sample; source_digest SHA-256 of the minutes' digests";
    static final String DAY_METHOD = HOUR_METHOD.replace("MINUTE rows of the hour", "HOUR rows of the day").replace("minutes'", "hours'")
            .replace("largest minute sample", "largest sample of the day");

    /** A metric row as stored (sketch as bytes). */
    record Row(UUID releaseId, Granularity granularity, Instant bucketStart, UUID areaId, int modelVersion, long calls, long rows,
            long errors, long invalid, long latencyCount, Double p50, Double p95, Double p99, byte[] sketch, Long queueDepth,
            Double queueOldestSeconds, long batchCalls, long batchRows, double batchMillis, String method, String digest) {

        Row withQueue(Long depth, Double oldestSeconds) {
            return new Row(releaseId, granularity, bucketStart, areaId, modelVersion, calls, rows, errors, invalid, latencyCount, p50, p95,
                    p99, sketch, depth, oldestSeconds, batchCalls, batchRows, batchMillis, method, digest);
        }
    }

    private OperationalAggregation() {
    }

    /** The calls of one release in one minute, added one by one. */
    static final class Minute {
        private final UUID releaseId;
        private final Instant bucketStart;
        private UUID areaId;
        private int version;
        private long calls;
        private long rows;
        private long errors;
        private long invalid;
        private long batchCalls;
        private long batchRows;
        private long batchMicros;
        private double[] latencies = new double[16];
        private int latencyCount;

        Minute(UUID releaseId, Instant bucketStart) {
            this.releaseId = releaseId;
            this.bucketStart = bucketStart;
        }

        Minute add(CallRecord call) {
            areaId = call.areaId();
            version = call.versionNumber();
            calls++;
            rows += call.rows();
            if (call.outcome() == Outcome.ERROR) {
                errors++;
            } else if (call.outcome() == Outcome.INVALID) {
                invalid++;
            }
            if (call.channel() == Channel.BATCH) {
                batchCalls++;
                batchRows += call.rows();
                batchMicros += call.latencyMicros();
            } else if (call.outcome() == Outcome.SUCCESS) {
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencyCount * 2);
                }
                latencies[latencyCount++] = call.latencyMicros() / 1000.0;
            }
            return this;
        }

        Row row() {
            double[] sorted = Arrays.copyOf(latencies, latencyCount);
            double[] q = Quantiles.exact(sorted, RANKS); // sorts
            byte[] sketch = null;
            if (latencyCount > 0) {
                NumericProfile profile = NumericProfile.empty();
                for (double v : sorted) {
                    profile.add(v);
                }
                sketch = profile.toBytes();
            }
            Digest digest = new Digest().add("MINUTE").add(areaId).add(version).add(calls).add(rows).add(errors).add(invalid)
                    .add(batchCalls).add(batchRows).add(batchMicros).add(latencyCount);
            for (double v : sorted) {
                digest.add(Double.doubleToLongBits(v));
            }
            return new Row(releaseId, Granularity.MINUTE, bucketStart, areaId, version, calls, rows, errors, invalid, latencyCount,
                    value(q[0]), value(q[1]), value(q[2]), sketch, null, null, batchCalls, batchRows, batchMicros / 1000.0,
                    MINUTE_METHOD, digest.hex());
        }
    }

    /** An HOUR row from its MINUTE rows, or a DAY row from its HOUR rows (in bucket order). */
    static Row merge(UUID releaseId, Granularity granularity, Instant bucketStart, List<Row> children) {
        if (children.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Row last = children.getLast();
        long calls = 0, rows = 0, errors = 0, invalid = 0, latencyCount = 0, batchCalls = 0, batchRows = 0;
        double batchMillis = 0;
        Long queueDepth = null;
        Double queueOldest = null;
        List<NumericProfile> sketches = new ArrayList<>();
        for (Row child : children) {
            calls += child.calls();
            rows += child.rows();
            errors += child.errors();
            invalid += child.invalid();
            latencyCount += child.latencyCount();
            batchCalls += child.batchCalls();
            batchRows += child.batchRows();
            batchMillis += child.batchMillis();
            if (child.queueDepth() != null) {
                queueDepth = queueDepth == null ? child.queueDepth() : Math.max(queueDepth, child.queueDepth());
            }
            if (child.queueOldestSeconds() != null) {
                queueOldest = queueOldest == null ? child.queueOldestSeconds() : Math.max(queueOldest, child.queueOldestSeconds());
            }
            if (child.sketch() != null) {
                sketches.add(NumericProfile.fromBytes(child.sketch()));
            }
        }
        double[] q = sketches.isEmpty() ? new double[] {Double.NaN, Double.NaN, Double.NaN} : Quantiles.ofUnion(sketches, RANKS);
        byte[] sketch = null;
        if (!sketches.isEmpty()) {
            NumericProfile merged = NumericProfile.empty();
            sketches.forEach(merged::merge);
            sketch = merged.toBytes();
        }
        return new Row(releaseId, granularity, bucketStart, last.areaId(), last.modelVersion(), calls, rows, errors, invalid, latencyCount,
                value(q[0]), value(q[1]), value(q[2]), sketch, queueDepth, queueOldest, batchCalls, batchRows, batchMillis,
                granularity == Granularity.DAY ? DAY_METHOD : HOUR_METHOD, digestOf(granularity, children));
    }

    /**
     * The source digest of a merged row: of its children's digests and queue samples, in bucket
     * order. Cheap, so that a row whose children did not change is left without reading sketches.
     */
    static String digestOf(Granularity granularity, List<Row> children) {
        Digest digest = new Digest().add(granularity.name());
        for (Row child : children) {
            digest.add(child.bucketStart().toString()).add(child.digest()).add(String.valueOf(child.queueDepth()))
                    .add(String.valueOf(child.queueOldestSeconds()));
        }
        return digest.hex();
    }

    private static Double value(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static final class Digest {
        private final MessageDigest sha;

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Digest add(Object value) {
            sha.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '|');
            return this;
        }

        Digest add(long value) {
            for (int i = 7; i >= 0; i--) {
                sha.update((byte) (value >>> (i * 8)));
            }
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
