package io.esteira.monitoring.statistics;

/**
 * A numeric baseline prepared once (its values sorted, its deciles and standard deviation known), so that
 * the exact drift of each new window costs only the window's sort and one walk over both samples.
 * Immutable; safe to share between threads.
 */
public final class NumericBaseline {

    private final SortedSample sample;

    private NumericBaseline(SortedSample sample) {
        this.sample = sample;
    }

    /** The baseline of these values (copied; NaN and infinite values are left out as nulls). */
    public static NumericBaseline of(double[] values) {
        return new NumericBaseline(SortedSample.of(values));
    }

    /** Rows with a value. */
    public long rows() {
        return sample.size();
    }

    /** The exact drift of a window against this baseline: as {@link NumericDrift#between(double[], double[])}. */
    public NumericDrift drift(double[] current) {
        return NumericDrift.between(sample, SortedSample.of(current));
    }
}
