package io.esteira.monitoring.statistics;

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
            double p = Math.max(baselineShares[i], EMPTY_BIN_SHARE);
            double q = Math.max(currentShares[i], EMPTY_BIN_SHARE);
            psi += (q - p) * Math.log(q / p);
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
            double p = baselineShares[i];
            double q = currentShares[i];
            double m = (p + q) / 2;
            if (p > 0) {
                divergence += 0.5 * p * log2(p / m);
            }
            if (q > 0) {
                divergence += 0.5 * q * log2(q / m);
            }
        }
        return Math.max(0, Math.min(1, divergence));
    }

    /** Jensen–Shannon distance: the square root of {@link #jensenShannonDivergence} (base 2), a metric in [0, 1] (SciPy's {@code jensenshannon(p, q, base=2)}). */
    public static double jensenShannonDistance(double[] baselineShares, double[] currentShares) {
        return Math.sqrt(jensenShannonDivergence(baselineShares, currentShares));
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
