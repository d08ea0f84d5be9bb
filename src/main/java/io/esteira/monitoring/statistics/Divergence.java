package io.esteira.monitoring.statistics;

import java.util.function.DoubleBinaryOperator;

/**
 * Divergences between two discrete distributions over the same bins: the baseline's shares {@code p}
 * and the current window's shares {@code q} (each sums to 1).
 */
public final class Divergence {

    /**
     * The share that stands in for an empty bin in the PSI: a bin with share 0 (in the baseline or
     * in the current window) counts as 0.0001 (0.01 %); the other shares are not renormalised. Without
     * it one empty bin makes the PSI infinite.
     */
    public static final double EMPTY_BIN_SHARE = 1e-4;

    private Divergence() {
    }

    /**
     * Population stability index: {@code PSI = Σ (q_i − p_i) · ln(q_i / p_i)}, natural logarithm,
     * with a share of 0 replaced by {@link #EMPTY_BIN_SHARE}. 0 when the distributions agree;
     * common readings: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 major shift.
     */
    public static double populationStabilityIndex(double[] baselineShares, double[] currentShares) {
        check(baselineShares, currentShares);
        double psi = 0;
        for (int i = 0; i < baselineShares.length; i++) {
            psi += psiTerm(baselineShares[i], currentShares[i]);
        }
        return psi;
    }

    /**
     * Jensen–Shannon divergence in bits (logarithm base 2), so bounded by [0, 1]:
     * {@code JSD = ½ KL(p ‖ m) + ½ KL(q ‖ m)} with {@code m = (p + q) / 2} and {@code 0 · log 0 = 0}
     * (no epsilon: empty bins need none).
     */
    public static double jensenShannonDivergence(double[] baselineShares, double[] currentShares) {
        check(baselineShares, currentShares);
        double divergence = 0;
        for (int i = 0; i < baselineShares.length; i++) {
            divergence += jensenShannonTerm(baselineShares[i], currentShares[i]);
        }
        return Math.max(0, Math.min(1, divergence));
    }

    /** Jensen–Shannon distance: the square root of {@link #jensenShannonDivergence} (base 2), a metric in [0, 1] (SciPy's {@code jensenshannon(p, q, base=2)}). */
    public static double jensenShannonDistance(double[] baselineShares, double[] currentShares) {
        return Math.sqrt(jensenShannonDivergence(baselineShares, currentShares));
    }

    /**
     * The range a divergence can take when every share may be off by up to {@code shareError} (as with
     * shares read from sketches): each bin's term is jointly convex in (p, q), so its largest value over the
     * box [p ± error] × [q ± error] is at a corner and its smallest is 0 where the intervals overlap, else on
     * the box's edge (searched on a grid); the sums of those are the range. Ignores that shares sum to 1,
     * so it is wider than it needs to be, never narrower.
     */
    static Bounds bounds(double[] baselineShares, double[] currentShares, double shareError, DoubleBinaryOperator term) {
        double low = 0;
        double high = 0;
        for (int i = 0; i < baselineShares.length; i++) {
            double p0 = Math.max(0, baselineShares[i] - shareError);
            double p1 = Math.min(1, baselineShares[i] + shareError);
            double q0 = Math.max(0, currentShares[i] - shareError);
            double q1 = Math.min(1, currentShares[i] + shareError);
            high += Math.max(Math.max(term.applyAsDouble(p0, q0), term.applyAsDouble(p0, q1)),
                    Math.max(term.applyAsDouble(p1, q0), term.applyAsDouble(p1, q1)));
            if (p0 <= q1 && q0 <= p1) {
                continue; // the intervals overlap: p = q is possible, the term can be 0
            }
            double least = Double.POSITIVE_INFINITY;
            int steps = 256;
            for (int k = 0; k <= steps; k++) {
                double p = p0 + (p1 - p0) * k / steps;
                double q = q0 + (q1 - q0) * k / steps;
                least = Math.min(least, Math.min(Math.min(term.applyAsDouble(p, q0), term.applyAsDouble(p, q1)),
                        Math.min(term.applyAsDouble(p0, q), term.applyAsDouble(p1, q))));
            }
            low += least;
        }
        return new Bounds(low, high);
    }

    /** One bin's term of the PSI. */
    static double psiTerm(double p, double q) {
        double pp = Math.max(p, EMPTY_BIN_SHARE);
        double qq = Math.max(q, EMPTY_BIN_SHARE);
        return (qq - pp) * Math.log(qq / pp);
    }

    /** One bin's term of the Jensen–Shannon divergence (bits). */
    static double jensenShannonTerm(double p, double q) {
        double m = (p + q) / 2;
        return (p > 0 ? 0.5 * p * log2(p / m) : 0) + (q > 0 ? 0.5 * q * log2(q / m) : 0);
    }

    /** A range that holds the exact value of a statistic computed from sketches. */
    public record Bounds(double low, double high) {

        public boolean contains(double value) {
            return value >= low - 1e-12 && value <= high + 1e-12;
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static void check(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("baseline and current shares need the same bins: " + p.length + " vs " + q.length);
        }
    }
}
