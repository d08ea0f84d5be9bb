package io.esteira.deployments;

import java.time.Instant;
import java.util.UUID;

/**
 * How a shadow release compares with the live answers it mirrored: calls mirrored and failed, rows
 * compared, the share of rows whose labels agree, the mean absolute difference of the scores, and the
 * mean time each took to score a call (milliseconds; the live one includes validation). Nulls where
 * nothing was compared.
 */
public record ShadowResults(UUID releaseId, long calls, long failedCalls, long rowsCompared, Double agreement, Double meanScoreDifference,
        Double shadowMillis, Double liveMillis, Instant firstAt, Instant lastAt) {
}
