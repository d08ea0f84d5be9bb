package io.esteira.monitoring.statistics;

/**
 * How a drift number becomes a {@link Verdict}: the sample-size guard and the noise rule.
 *
 * <ol>
 * <li><b>Guard</b>: a baseline or a window with fewer than {@code minimumRows} rows is
 * {@link Verdict#INSUFFICIENT_DATA}, never "no drift".</li>
 * <li><b>Noise rule</b>: when both samples come from one distribution, {@code PSI · (1/(1/n + 1/m))} is
 * approximately chi-square with B − 1 degrees of freedom (B the occupied bins; n, m the baseline's and the
 * window's rows), so PSI's noise floor at level {@code alpha} is
 * {@code χ²_{B−1}(1 − α) · (1/n + 1/m)}. A threshold fires only if the PSI exceeds both the threshold and
 * the noise floor: a small window cannot breach on noise (its floor is high), a large one cannot either
 * (its PSI from noise is far below the thresholds), and with large samples the configured thresholds
 * apply as they are.</li>
 * <li>{@link Verdict#BREACH} when PSI > {@code breachPsi}, {@link Verdict#WARNING} when PSI > {@code warningPsi}
 * (both above the noise floor), {@link Verdict#OK} otherwise.</li>
 * </ol>
 * Jensen–Shannon, KS and Wasserstein are shown beside the PSI but do not decide the verdict.
 *
 * @param warningPsi  PSI above which a window warns (e.g. 0.1)
 * @param breachPsi   PSI above which a window breaches (e.g. 0.25)
 * @param minimumRows the fewest rows a baseline and a window need for a verdict
 * @param alpha       the chance that noise alone crosses the noise floor (e.g. 0.01)
 */
public record DriftRule(double warningPsi, double breachPsi, long minimumRows, double alpha) {

    /** PSI 0.1 warns, 0.25 breaches, 100 rows at least, noise floor at alpha 0.01. */
    public static final DriftRule DEFAULT = new DriftRule(0.1, 0.25, 100, 0.01);

    public DriftRule {
        if (!(warningPsi > 0) || breachPsi < warningPsi) {
            throw new IllegalArgumentException("thresholds need 0 < warning ≤ breach: " + warningPsi + ", " + breachPsi);
        }
        if (minimumRows < 1) {
            throw new IllegalArgumentException("the minimum rows must be at least 1: " + minimumRows);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1): " + alpha);
        }
    }

    public DriftVerdict judge(NumericDrift drift) {
        return judge(drift.populationStabilityIndex(), drift.occupiedBins(), drift.baselineRows(), drift.currentRows());
    }

    public DriftVerdict judge(CategoricalDrift drift) {
        return judge(drift.populationStabilityIndex(), drift.occupiedBins(), drift.baselineRows(), drift.currentRows());
    }

    /** The verdict for a PSI over {@code bins} occupied bins between a baseline of n rows and a window of m rows. */
    public DriftVerdict judge(double psi, int bins, long baselineRows, long currentRows) {
        if (baselineRows < minimumRows || currentRows < minimumRows || Double.isNaN(psi)) {
            return new DriftVerdict(Verdict.INSUFFICIENT_DATA, psi, Double.NaN, this, baselineRows, currentRows, bins);
        }
        double floor = noiseFloor(bins, baselineRows, currentRows);
        Verdict verdict;
        if (psi > breachPsi && psi > floor) {
            verdict = Verdict.BREACH;
        } else if (psi > warningPsi && psi > floor) {
            verdict = Verdict.WARNING;
        } else {
            verdict = Verdict.OK;
        }
        return new DriftVerdict(verdict, psi, floor, this, baselineRows, currentRows, bins);
    }

    /** {@code χ²_{B−1}(1 − alpha) · (1/n + 1/m)}: the PSI that noise alone exceeds with probability alpha. */
    public double noiseFloor(int bins, long baselineRows, long currentRows) {
        return Distributions.chiSquareCriticalValue(Math.max(1, bins - 1), alpha)
                * (1.0 / baselineRows + 1.0 / currentRows);
    }
}
