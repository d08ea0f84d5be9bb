package io.esteira.monitoring.statistics;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.special.Gamma;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/** The reference distributions the tests and the noise rule use (Hipparchus). */
final class Distributions {

    private static final KolmogorovSmirnovTest KOLMOGOROV_SMIRNOV = new KolmogorovSmirnovTest();

    private Distributions() {
    }

    /** {@code P(X > statistic)} for X chi-square with {@code dof} degrees of freedom; 1 when dof is 0. */
    static double chiSquarePValue(double statistic, int dof) {
        if (dof <= 0) {
            return 1;
        }
        if (statistic <= 0) {
            return 1;
        }
        // the upper regularised gamma function keeps small p-values exact where 1 − cdf would round to 0
        return Gamma.regularizedGammaQ(dof / 2.0, statistic / 2.0);
    }

    /** The value a chi-square variable with {@code dof} degrees of freedom exceeds with probability {@code alpha}. */
    static double chiSquareCriticalValue(int dof, double alpha) {
        return new ChiSquaredDistribution(Math.max(1, dof)).inverseCumulativeProbability(1 - alpha);
    }

    /**
     * Two-sample Kolmogorov–Smirnov p-value, asymptotic: {@code Q_KS(D · √(n·m/(n+m)))} with
     * {@code Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}} (Kolmogorov's limiting distribution, no
     * small-sample correction; Hipparchus {@code approximateP}).
     */
    static double kolmogorovSmirnovPValue(double d, long n, long m) {
        if (n == 0 || m == 0) {
            return Double.NaN;
        }
        if (d <= 0) {
            return 1;
        }
        int nn = (int) Math.min(n, Integer.MAX_VALUE);
        int mm = (int) Math.min(m, Integer.MAX_VALUE);
        return Math.max(0, Math.min(1, KOLMOGOROV_SMIRNOV.approximateP(d, nn, mm)));
    }
}
