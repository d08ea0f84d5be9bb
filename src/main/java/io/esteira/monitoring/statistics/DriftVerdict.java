package io.esteira.monitoring.statistics;

/**
 * A drift verdict with the numbers that led to it.
 *
 * @param psi          the PSI judged
 * @param noiseFloor   the PSI that noise alone exceeds with probability {@code rule.alpha()} for these sizes
 *                     (NaN when the data were insufficient)
 * @param rule         thresholds, minimum rows and alpha in force
 * @param bins         the occupied bins (B; the noise floor uses B − 1 degrees of freedom)
 */
public record DriftVerdict(Verdict verdict, double psi, double noiseFloor, DriftRule rule, long baselineRows,
        long currentRows, int bins) {

    /** In words, for a tooltip or a metric row. */
    public String explanation() {
        return switch (verdict) {
            case INSUFFICIENT_DATA -> "insufficient data: baseline %d rows, window %d rows, at least %d needed"
                    .formatted(baselineRows, currentRows, rule.minimumRows());
            case OK -> "PSI %.4f: below the warning threshold %.4g or the noise floor %.4f".formatted(psi,
                    rule.warningPsi(), noiseFloor);
            case WARNING -> "PSI %.4f above the warning threshold %.4g and the noise floor %.4f".formatted(psi,
                    rule.warningPsi(), noiseFloor);
            case BREACH -> "PSI %.4f above the breach threshold %.4g and the noise floor %.4f".formatted(psi,
                    rule.breachPsi(), noiseFloor);
        };
    }
}
