package io.esteira.monitoring.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Realised performance of a binary classifier once labels are in: scores (the model's probability or
 * score of the positive class) against actual outcomes.
 *
 * <ul>
 * <li>{@link #auc()}: ROC AUC by ranks (Mann–Whitney): {@code (R₊ − n₊(n₊+1)/2) / (n₊·n₋)} with tied scores
 * given their mean rank, so a tie between a positive and a negative counts ½;</li>
 * <li>{@link #kolmogorovSmirnov()}: two-sample KS D between the scores of positives and of negatives;</li>
 * <li>precision, recall and F1 with "predicted positive" meaning {@code score ≥ threshold}; NaN where the
 * ratio is 0/0 (no predicted positives for precision, no actual positives for recall; F1 NaN if either is);</li>
 * <li>{@link #brier()}: {@code mean (score − outcome)²} with outcome 1 or 0;</li>
 * <li>{@link #calibration()}: rows sorted by score (stable) and cut into 10 groups of equal size (sizes differ
 * by at most one row, the larger first), each with its mean score and observed positive rate.</li>
 * </ul>
 * AUC and KS are NaN when one class is absent.
 */
public record ClassificationPerformance(long rows, long positives, double threshold, double auc,
        double kolmogorovSmirnov, double precision, double recall, double f1, double brier,
        List<CalibrationBin> calibration) {

    public ClassificationPerformance {
        calibration = List.copyOf(calibration);
    }

    /** One score decile: its rows, score range, mean predicted score and observed positive rate. */
    public record CalibrationBin(int decile, long rows, double lowestScore, double highestScore, double meanScore,
            double observedRate) {
    }

    /**
     * The upper end of an approximate 95 % confidence interval of an AUC, by Hanley and McNeil (1982):
     * {@code SE² = (A(1−A) + (n₊−1)(Q₁−A²) + (n₋−1)(Q₂−A²)) / (n₊·n₋)} with {@code Q₁ = A/(2−A)},
     * {@code Q₂ = 2A²/(1+A)}; upper end {@code A + 1.96·SE}. With few positives (a rare outcome such as
     * fraud) the interval is wide: a low AUC on a small window is not yet evidence that the model got worse.
     * NaN when a class is absent or the AUC is NaN.
     */
    public static double aucUpperBound95(double auc, long positives, long negatives) {
        if (Double.isNaN(auc) || positives <= 0 || negatives <= 0) {
            return Double.NaN;
        }
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
                / ((double) positives * negatives);
        return auc + 1.96 * Math.sqrt(Math.max(0, variance));
    }

    /** Realised performance from scores and actual outcomes (same length, row by row). */
    public static ClassificationPerformance of(double[] scores, boolean[] actual, double threshold) {
        if (scores.length != actual.length) {
            throw new IllegalArgumentException("scores and outcomes differ in length: " + scores.length + " vs " + actual.length);
        }
        int n = scores.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(scores[a], scores[b]));
        int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();

        long positives = 0;
        long truePositives = 0;
        long predictedPositives = 0;
        double brier = 0;
        for (int i = 0; i < n; i++) {
            int outcome = actual[i] ? 1 : 0;
            positives += outcome;
            boolean predicted = scores[i] >= threshold;
            if (predicted) {
                predictedPositives++;
                truePositives += outcome;
            }
            brier += (scores[i] - outcome) * (scores[i] - outcome);
        }
        long negatives = n - positives;
        double precision = predictedPositives == 0 ? Double.NaN : (double) truePositives / predictedPositives;
        double recall = positives == 0 ? Double.NaN : (double) truePositives / positives;
        double f1 = Double.isNaN(precision) || Double.isNaN(recall) ? Double.NaN
                : precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

        return new ClassificationPerformance(n, positives, threshold, auc(scores, actual, order, positives, negatives),
                ks(scores, actual, positives, negatives), precision, recall, f1, n == 0 ? Double.NaN : brier / n,
                calibration(scores, actual, order));
    }

    /** Mann–Whitney AUC with mid-ranks for ties. */
    private static double auc(double[] scores, boolean[] actual, int[] order, long positives, long negatives) {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSumOfPositives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (actual[order[k]]) {
                    rankSumOfPositives += midRank;
                }
            }
            i = j + 1;
        }
        return (rankSumOfPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double ks(double[] scores, boolean[] actual, long positives, long negatives) {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double[] ofPositives = new double[(int) positives];
        double[] ofNegatives = new double[(int) negatives];
        int p = 0;
        int q = 0;
        for (int i = 0; i < scores.length; i++) {
            if (actual[i]) {
                ofPositives[p++] = scores[i];
            } else {
                ofNegatives[q++] = scores[i];
            }
        }
        return NumericDrift.between(SortedSample.of(ofNegatives), SortedSample.of(ofPositives)).kolmogorovSmirnov();
    }

    private static List<CalibrationBin> calibration(double[] scores, boolean[] actual, int[] order) {
        int n = order.length;
        List<CalibrationBin> bins = new ArrayList<>();
        int start = 0;
        for (int g = 0; g < 10; g++) {
            int size = n / 10 + (g < n % 10 ? 1 : 0);
            if (size == 0) {
                continue;
            }
            double sum = 0;
            long hits = 0;
            for (int k = start; k < start + size; k++) {
                sum += scores[order[k]];
                hits += actual[order[k]] ? 1 : 0;
            }
            bins.add(new CalibrationBin(g + 1, size, scores[order[start]], scores[order[start + size - 1]], sum / size,
                    (double) hits / size));
            start += size;
        }
        return bins;
    }
}
