package io.esteira.training;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A retraining recommendation: the alert that raised it, its evidence, the fresh training window, what was decided
 * and what came of it (the run, the challenger version, the promotion's deployment and change request).
 *
 * @param state    OPEN, DECLINED, TRAINING, TRAINED, FAILED, PROMOTING or PROMOTED (its release took all traffic)
 * @param evidence what the monitor saw around the alert
 */
public record RecommendationView(UUID id, UUID areaId, UUID modelId, String model, UUID jobId, String job, UUID alertId, String alertCheck,
        String alertMessage, Instant alertWindow, int alertsSeen, UUID releaseId, String deployment, UUID championVersionId,
        int championVersion, Evidence evidence, String state, boolean automatic, Instant windowFrom, Instant windowTo, Instant createdAt,
        String decidedBy, Instant decidedAt, String reason, UUID runId, Integer runNumber, String runState, UUID challengerVersionId,
        Integer challengerVersion, UUID deploymentId, UUID changeId, long version) {

    /**
     * @param driftedFeatures the features whose drift was in warning or breach around the alert, worst first
     * @param performance     the days of realised and estimated performance around the alert
     * @param labelCoverage   labelled / predicted rows over those days (null without predictions)
     * @param window          the time span the evidence covers, in words
     */
    public record Evidence(List<DriftedFeature> driftedFeatures, List<PerformanceDay> performance, Double labelCoverage, String window) {
    }

    public record DriftedFeature(String feature, String verdict, Double psi, Double jensenShannon, Instant windowStart, long windowRows) {
    }

    public record PerformanceDay(Instant day, long predictedRows, long labelledRows, Double coverage, String maturity, Double auc, Double ks,
            Double brier, Double estimatedAuc, Double mape) {
    }
}
