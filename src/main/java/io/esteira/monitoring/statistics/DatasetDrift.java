package io.esteira.monitoring.statistics;

import java.util.Map;

/**
 * Drift of the whole input: the share of features in breach.
 *
 * <p>Features with {@link Verdict#INSUFFICIENT_DATA} are left out of the share and counted apart. With
 * feature importances, each judged feature weighs its importance (absolute value; a feature the
 * importances do not name weighs 0) and the share is {@code Σ importance of features in breach / Σ importance
 * of judged features}; without, every judged feature weighs 1. NaN when no judged feature weighs anything.
 *
 * @param breachShare                  the (weighted) share of judged features in breach, in [0, 1]
 * @param featuresInBreach             judged features in breach (a count, unweighted)
 * @param featuresInWarning            judged features in warning (a count, unweighted)
 * @param featuresJudged               features with a verdict other than insufficient data
 * @param featuresWithInsufficientData features left out for too few rows
 * @param weighted                     whether importances weighted the share
 */
public record DatasetDrift(double breachShare, int featuresInBreach, int featuresInWarning, int featuresJudged,
        int featuresWithInsufficientData, boolean weighted) {

    /**
     * @param verdicts   each feature's verdict, by feature name
     * @param importance each feature's importance by name, or null / empty for equal weights
     */
    public static DatasetDrift of(Map<String, Verdict> verdicts, Map<String, Double> importance) {
        boolean weighted = importance != null && !importance.isEmpty();
        double breachWeight = 0;
        double judgedWeight = 0;
        int breach = 0;
        int warning = 0;
        int judged = 0;
        int insufficient = 0;
        for (var entry : verdicts.entrySet()) {
            if (entry.getValue() == Verdict.INSUFFICIENT_DATA) {
                insufficient++;
                continue;
            }
            double weight = weighted ? Math.abs(importance.getOrDefault(entry.getKey(), 0.0)) : 1;
            judged++;
            judgedWeight += weight;
            if (entry.getValue() == Verdict.BREACH) {
                breach++;
                breachWeight += weight;
            } else if (entry.getValue() == Verdict.WARNING) {
                warning++;
            }
        }
        double share = judgedWeight > 0 ? breachWeight / judgedWeight : Double.NaN;
        return new DatasetDrift(share, breach, warning, judged, insufficient, weighted);
    }
}
