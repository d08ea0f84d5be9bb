package io.esteira.monitoring.statistics;

import java.util.Arrays;
import java.util.Collection;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIteratorAPI;

/**
 * Quantiles that are a deterministic function of their input, for metric rows that must recompute to
 * the same number. Both use the inclusive definition of KLL ({@code getQuantile} with INCLUSIVE
 * search): the smallest value whose normalised cumulative weight is at least the rank.
 */
public final class Quantiles {

    private Quantiles() {
    }

    /** Exact quantiles of the values (the array is sorted in place); NaN for no values. */
    public static double[] exact(double[] values, double... ranks) {
        Arrays.sort(values);
        double[] result = new double[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            if (values.length == 0) {
                result[i] = Double.NaN;
                continue;
            }
            long index = (long) Math.ceil(ranks[i] * values.length - 1e-9) - 1;
            result[i] = values[(int) Math.max(0, Math.min(values.length - 1, index))];
        }
        return result;
    }

    /**
     * Quantiles of the union of the profiles' KLL sketches: every item each sketch retains, with its
     * weight, pooled and sorted. No further compaction (hence no coin flip): the same sketches always
     * give the same numbers, and each rank is within the largest of the sketches' rank errors of the
     * true one (the pooled rank error is the row-weighted mean of theirs).
     */
    public static double[] ofUnion(Collection<NumericProfile> profiles, double... ranks) {
        int size = 0;
        for (NumericProfile p : profiles) {
            size += p.sketch().getNumRetained();
        }
        double[] items = new double[size];
        long[] weights = new long[size];
        int n = 0;
        for (NumericProfile p : profiles) {
            QuantilesDoublesSketchIteratorAPI it = p.sketch().iterator();
            while (it.next()) {
                items[n] = it.getQuantile();
                weights[n] = it.getWeight();
                n++;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(items[a], items[b]));
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += weights[i];
        }
        double[] result = new double[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            if (total == 0) {
                result[r] = Double.NaN;
                continue;
            }
            double target = Math.ceil(ranks[r] * total - 1e-9);
            long cumulative = 0;
            double value = items[order[n - 1]];
            for (int i = 0; i < n; i++) {
                cumulative += weights[order[i]];
                if (cumulative >= target) {
                    value = items[order[i]];
                    break;
                }
            }
            result[r] = value;
        }
        return result;
    }
}
