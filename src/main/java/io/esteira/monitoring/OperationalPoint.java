package io.esteira.monitoring;

import java.time.Instant;
import java.util.UUID;

/**
 * One operational metric row of a release: a bucket (UTC start, {@link Granularity}) of its calls as
 * the prediction log has them, computed ahead by {@link OperationalMetrics}, with how it was computed.
 *
 * @param calls              prediction-log entries of every channel (a batch run logs one per chunk)
 * @param errorRate          errors / calls (null without calls)
 * @param latencyCount       SUCCESS calls of the sync and async channels, whose latency the percentiles describe
 * @param queueDepth         async requests waiting, sampled when the minute was computed (HOUR, DAY: the largest sample)
 * @param queueOldestSeconds how long the oldest of them had waited then
 * @param batchCalls         BATCH-channel entries (chunks of batch runs) among the calls, with their rows and scoring time
 */
public record OperationalPoint(UUID releaseId, int modelVersion, Granularity granularity, Instant bucketStart, long calls, long rows,
        long errors, long invalid, Double errorRate, Double invalidRate, long latencyCount, Double latencyP50Millis,
        Double latencyP95Millis, Double latencyP99Millis, Long queueDepth, Double queueOldestSeconds, long batchCalls, long batchRows,
        double batchMillis, String method, String sourceDigest, Instant computedAt) {
}
