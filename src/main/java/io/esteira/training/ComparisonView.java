package io.esteira.training;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A challenger compared with the live champion on the same matured, labelled recent rows of the champion's release.
 *
 * @param state       DONE or FAILED (then {@code reason} says why, e.g. no matured labelled rows yet)
 * @param matureHours the hours of the window that monitoring judged mature
 * @param method      how the rows were chosen and the figures computed, in words
 */
public record ComparisonView(UUID id, UUID recommendationId, UUID modelId, UUID releaseId, String state, String reason, Instant windowFrom,
        Instant windowTo, int rows, int positives, int matureHours, String task, Double threshold, Side champion, Side challenger,
        Double loggedScoreDifference, String method, Instant computedAt) {

    /**
     * One version's figures on the rows. Classification: AUC, KS, Brier score, expected calibration error (10 equal-count
     * score groups), precision/recall/F1 at the threshold; regression: MAE, RMSE. Latency of its ONNX Runtime session:
     * one-row calls (median and 95th percentile) and the whole window in one call.
     */
    public record Side(UUID versionId, int version, String scoreOutput, Double auc, Double ks, Double brier, Double ece, Double precision,
            Double recall, Double f1, Double mae, Double rmse, List<Bin> calibration, Double latencyP50Ms, Double latencyP95Ms,
            Double batchMs) {
    }

    /** A score group of the calibration: its mean score and the share of positives in it. */
    public record Bin(int group, long rows, double meanScore, double observedRate) {
    }

    public boolean done() {
        return "DONE".equals(state);
    }
}
