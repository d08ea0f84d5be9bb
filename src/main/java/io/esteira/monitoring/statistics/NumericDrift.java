package io.esteira.monitoring.statistics;

import java.util.Arrays;

/**
 * Drift of a numeric feature (or prediction): the current window against the baseline.
 *
 * <p><b>Bins</b> (PSI and Jensen–Shannon): the baseline's deciles q10 … q90 (linear interpolation
 * between order statistics, NumPy's default) as edges of 10 bins with open tails:
 * (−∞, q10], (q10, q20], …, (q90, +∞). Edges that coincide (a feature with many equal values) are
 * kept once, so there may be fewer than 10 bins; {@link #binEdges()} lists those used.
 * <ul>
 * <li>{@link #populationStabilityIndex()}: {@code Σ (q−p)·ln(q/p)} over the bins, natural log, a share
 * of 0 counted as {@link Divergence#EMPTY_BIN_SHARE} (1e-4);</li>
 * <li>{@link #jensenShannonDivergence()} and {@link #jensenShannonDistance()} (its square root): over the
 * same bins, log base 2, in [0, 1];</li>
 * <li>{@link #kolmogorovSmirnov()}: two-sample D = sup |F_baseline(x) − F_current(x)| over the raw values
 * (not the bins), with its asymptotic p-value {@link #kolmogorovSmirnovPValue()} (Kolmogorov's limiting
 * distribution at D·√(n·m/(n+m)), see {@code Distributions});</li>
 * <li>{@link #wasserstein()}: Wasserstein-1 (earth mover's) distance ∫ |F_baseline − F_current| dx, in the
 * feature's unit; {@link #wassersteinNormalised()} divides it by the baseline's population standard
 * deviation {@link #baselineStandardDeviation()} (by 1 when that is 0), so 0.1 reads "a tenth of a
 * standard deviation", comparable across features.</li>
 * </ul>
 * Values that are NaN or infinite are nulls: left out of the distribution. With an empty baseline or
 * window every statistic is NaN (and the {@link DriftRule} says {@link Verdict#INSUFFICIENT_DATA}).
 *
 * @param rankError 0 for the exact computation; computed from sketches ({@link ProfileDrift}), the sum of
 *                  both sketches' normalised rank errors (99 % confidence): every CDF value used, hence
 *                  every bin edge's rank and D, may be off by up to this much.
 */
public record NumericDrift(long baselineRows, long currentRows, double[] binEdges, double[] baselineShares,
        double[] currentShares, double populationStabilityIndex, double jensenShannonDivergence,
        double jensenShannonDistance, double kolmogorovSmirnov, double kolmogorovSmirnovPValue, double wasserstein,
        double wassersteinNormalised, double baselineStandardDeviation, double rankError) {

    /** The deciles that make the bins' edges. */
    static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    /** Exact drift over all rows of both samples (NaN and infinite values are left out as nulls). */
    public static NumericDrift between(double[] baseline, double[] current) {
        return between(SortedSample.of(baseline), SortedSample.of(current));
    }

    static NumericDrift between(SortedSample baseline, SortedSample current) {
        int n = baseline.size();
        int m = current.size();
        if (n == 0 || m == 0) {
            return undefined(n, m);
        }
        double[] quantiles = new double[DECILES.length];
        for (int i = 0; i < DECILES.length; i++) {
            quantiles[i] = baseline.quantile(DECILES[i]);
        }
        double[] edges = distinct(quantiles);
        double[] p = shares(baseline, edges);
        double[] q = shares(current, edges);

        // one walk over both sorted samples: the largest CDF gap (KS D) and the area between the CDFs (W1)
        double[] b = baseline.values;
        double[] c = current.values;
        int i = 0;
        int j = 0;
        double d = 0;
        double area = 0;
        while (i < n || j < m) {
            double x = Math.min(i < n ? b[i] : Double.POSITIVE_INFINITY, j < m ? c[j] : Double.POSITIVE_INFINITY);
            while (i < n && b[i] <= x) {
                i++;
            }
            while (j < m && c[j] <= x) {
                j++;
            }
            double gap = Math.abs((double) i / n - (double) j / m);
            d = Math.max(d, gap);
            if (i < n || j < m) {
                double next = Math.min(i < n ? b[i] : Double.POSITIVE_INFINITY, j < m ? c[j] : Double.POSITIVE_INFINITY);
                area += gap * (next - x);
            }
        }
        double sd = baseline.standardDeviation();
        return of(n, m, edges, p, q, d, area, sd, 0);
    }

    static NumericDrift of(long n, long m, double[] edges, double[] p, double[] q, double d, double w1, double sd,
            double rankError) {
        return new NumericDrift(n, m, edges, p, q, Divergence.populationStabilityIndex(p, q),
                Divergence.jensenShannonDivergence(p, q), Divergence.jensenShannonDistance(p, q), d,
                Distributions.kolmogorovSmirnovPValue(d, n, m), w1, w1 / (sd > 0 ? sd : 1), sd, rankError);
    }

    static NumericDrift undefined(long n, long m) {
        double nan = Double.NaN;
        return new NumericDrift(n, m, new double[0], new double[0], new double[0], nan, nan, nan, nan, nan, nan, nan,
                nan, 0);
    }

    /**
     * Where the exact PSI lies, given the sketches' error: each bin share may be off by up to twice
     * {@link #rankError()} (two CDF values make a share). A single value (low = high) when exact.
     */
    public Divergence.Bounds populationStabilityIndexBounds() {
        return Divergence.bounds(baselineShares, currentShares, 2 * rankError, Divergence::psiTerm);
    }

    /** Where the exact Jensen–Shannon divergence lies, given the sketches' error (as {@link #populationStabilityIndexBounds()}). */
    public Divergence.Bounds jensenShannonDivergenceBounds() {
        Divergence.Bounds bounds = Divergence.bounds(baselineShares, currentShares, 2 * rankError,
                Divergence::jensenShannonTerm);
        return new Divergence.Bounds(Math.max(0, bounds.low()), Math.min(1, bounds.high()));
    }

    /** The number of bins: one more than the edges. */
    public int bins() {
        return binEdges.length + 1;
    }

    /** The bins where the baseline or the window has rows: the categories of the chi-square approximation of the PSI's noise. */
    public int occupiedBins() {
        int occupied = 0;
        for (int i = 0; i < baselineShares.length; i++) {
            if (baselineShares[i] > 0 || currentShares[i] > 0) {
                occupied++;
            }
        }
        return occupied;
    }

    static double[] distinct(double[] sorted) {
        return Arrays.stream(sorted).distinct().toArray();
    }

    private static double[] shares(SortedSample sample, double[] edges) {
        double[] shares = new double[edges.length + 1];
        int below = 0;
        for (int k = 0; k < edges.length; k++) {
            int atMost = sample.countAtMost(edges[k]);
            shares[k] = (double) (atMost - below) / sample.size();
            below = atMost;
        }
        shares[edges.length] = (double) (sample.size() - below) / sample.size();
        return shares;
    }

    @Override
    public String toString() {
        return "NumericDrift[n=%d, m=%d, psi=%.6f, js=%.6f, ks=%.6f (p=%.4g), w1=%.6f (normalised %.6f), rankError=%.4f]"
                .formatted(baselineRows, currentRows, populationStabilityIndex, jensenShannonDistance, kolmogorovSmirnov,
                        kolmogorovSmirnovPValue, wasserstein, wassersteinNormalised, rankError);
    }
}
