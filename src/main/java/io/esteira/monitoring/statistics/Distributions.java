package io.esteira.monitoring.statistics;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.special.Gamma;

/** The distributions behind the p-values and the noise rule: chi-square from Hipparchus, Kolmogorov summed here. */
final class Distributions {

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
     * Two-sample Kolmogorov–Smirnov p-value, asymptotic: {@code Q_KS(λ)} at {@code λ = D · √(n·m/(n+m))}, with
     * Kolmogorov's limiting distribution {@code Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}} (no small-sample
     * correction; SciPy's {@code kstwobign.sf}). Summed in that form for λ ≥ 1.18, where it keeps tiny
     * p-values exact; below, as {@code 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}}, which converges fast there.
     */
    static double kolmogorovSmirnovPValue(double d, long n, long m) {
        if (n == 0 || m == 0 || Double.isNaN(d)) {
            return Double.NaN;
        }
        double lambda = d * Math.sqrt((double) n * m / ((double) n + m));
        return kolmogorovSurvival(lambda);
    }

    static double kolmogorovSurvival(double lambda) {
        if (lambda <= 0) {
            return 1;
        }
        if (lambda >= 1.18) {
            double sum = 0;
            for (int k = 1; k <= 100; k++) {
                double term = Math.exp(-2.0 * k * k * lambda * lambda);
                sum += (k % 2 == 1 ? term : -term);
                if (term < 1e-300 || term < Math.abs(sum) * 1e-17) {
                    break;
                }
            }
            return Math.max(0, Math.min(1, 2 * sum));
        }
        double sum = 0;
        double factor = -Math.PI * Math.PI / (8 * lambda * lambda);
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp((2 * k - 1) * (2 * k - 1) * factor);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return Math.max(0, Math.min(1, 1 - Math.sqrt(2 * Math.PI) / lambda * sum));
    }
}
