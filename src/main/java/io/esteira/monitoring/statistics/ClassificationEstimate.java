package io.esteira.monitoring.statistics;

import java.util.Arrays;

/**
 * Estimated performance of a binary classifier before labels arrive: confidence-based performance
 * estimation (CBPE, as NannyML describes it). It holds only if the scores are calibrated probabilities
 * (a score of 0.8 is right 80 % of the time): each row is then a positive with probability p.
 *
 * <ul>
 * <li>expected confusion matrix at the threshold (predicted positive when {@code p ≥ threshold}):
 * TP = Σ_{predicted positive} p, FP = Σ_{predicted positive} (1 − p), FN = Σ_{predicted negative} p,
 * TN = Σ_{predicted negative} (1 − p);</li>
 * <li>accuracy (TP + TN) / n, precision TP / (TP + FP), recall TP / (TP + FN), F1 2TP / (2TP + FP + FN), from
 * the expected matrix (NaN for 0/0);</li>
 * <li>{@link #rocAuc()}: the area under the expected ROC curve: rows by descending p, at each distinct p the
 * expected TPR = Σ p / Σ p and FPR = Σ (1 − p) / Σ (1 − p) over the rows above, trapezoids between points.</li>
 * </ul>
 * Always shown as an "estimate", beside the realised value once that exists.
 */
public record ClassificationEstimate(long rows, double threshold, double truePositives, double falsePositives,
        double falseNegatives, double trueNegatives, double accuracy, double precision, double recall, double f1,
        double rocAuc) {

    /** The estimate from calibrated probabilities of the positive class (NaN values are left out). */
    public static ClassificationEstimate estimate(double[] probabilities, double threshold) {
        double[] p = Arrays.stream(probabilities).filter(v -> !Double.isNaN(v)).toArray();
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        for (double v : p) {
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException("a probability lies outside [0, 1]: " + v);
            }
            if (v >= threshold) {
                tp += v;
                fp += 1 - v;
            } else {
                fn += v;
                tn += 1 - v;
            }
        }
        int n = p.length;
        return new ClassificationEstimate(n, threshold, tp, fp, fn, tn, n == 0 ? Double.NaN : (tp + tn) / n,
                ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn), rocAuc(p));
    }

    /** The most points {@link #fromSketch} takes from a sketch. */
    public static final int SKETCH_POINTS = 1_000;

    /**
     * The estimate from a sketch of the window's scores, without the rows: {@code m = min(n, }{@value #SKETCH_POINTS}{@code )}
     * quantiles at the ranks {@code (i + ½) / m} stand for the rows (exactly the rows while the sketch is
     * exact and n ≤ {@value #SKETCH_POINTS}; else within the sketch's rank error). {@code rows} is the sketch's n.
     *
     * @throws IllegalArgumentException when a score lies outside [0, 1] (not a probability: no estimate)
     */
    public static ClassificationEstimate fromSketch(NumericProfile scores, double threshold) {
        long n = scores.count();
        int m = (int) Math.min(n, SKETCH_POINTS);
        if (n > 0 && (scores.min() < 0 || scores.max() > 1)) {
            throw new IllegalArgumentException("scores range from " + scores.min() + " to " + scores.max() + ", not probabilities");
        }
        double[] points = new double[m];
        for (int i = 0; i < m; i++) {
            points[i] = scores.quantile((i + 0.5) / m);
        }
        ClassificationEstimate e = estimate(points, threshold);
        double scale = m == 0 ? 0 : (double) n / m;
        return new ClassificationEstimate(n, threshold, e.truePositives() * scale, e.falsePositives() * scale, e.falseNegatives() * scale,
                e.trueNegatives() * scale, e.accuracy(), e.precision(), e.recall(), e.f1(), e.rocAuc());
    }

    private static double rocAuc(double[] probabilities) {
        double[] p = probabilities.clone();
        Arrays.sort(p); // ascending: walk from the end for descending
        double positives = 0;
        for (double v : p) {
            positives += v;
        }
        double negatives = p.length - positives;
        if (positives <= 0 || negatives <= 0) {
            return Double.NaN;
        }
        double area = 0;
        double tpr = 0;
        double fpr = 0;
        double cumulativePositives = 0;
        double cumulativeNegatives = 0;
        int i = p.length - 1;
        while (i >= 0) {
            double value = p[i];
            while (i >= 0 && p[i] == value) { // rows with equal p form one point of the curve
                cumulativePositives += p[i];
                cumulativeNegatives += 1 - p[i];
                i--;
            }
            double nextTpr = cumulativePositives / positives;
            double nextFpr = cumulativeNegatives / negatives;
            area += (nextFpr - fpr) * (tpr + nextTpr) / 2;
            tpr = nextTpr;
            fpr = nextFpr;
        }
        return area;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}
