package io.esteira.monitoring.statistics;

import java.util.Arrays;

/** A sample's finite values, sorted once, with the counts and quantiles the exact statistics need. */
final class SortedSample {

    final double[] values;

    private SortedSample(double[] sorted) {
        this.values = sorted;
    }

    /** Copies the finite values (NaN and infinities are left out: they are nulls, not part of the distribution) and sorts them. */
    static SortedSample of(double[] raw) {
        double[] copy = new double[raw.length];
        int n = 0;
        for (double v : raw) {
            if (Double.isFinite(v)) {
                copy[n++] = v;
            }
        }
        double[] sorted = n == copy.length ? copy : Arrays.copyOf(copy, n);
        Arrays.sort(sorted);
        return new SortedSample(sorted);
    }

    int size() {
        return values.length;
    }

    /** The number of values {@code <= x}. */
    int countAtMost(double x) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The quantile at probability {@code p} by linear interpolation between order statistics (Hyndman–Fan type 7, NumPy's default). */
    double quantile(double p) {
        double h = (values.length - 1) * p;
        int lower = (int) Math.floor(h);
        int upper = Math.min(lower + 1, values.length - 1);
        return values[lower] + (h - lower) * (values[upper] - values[lower]);
    }

    double mean() {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Population standard deviation (divided by n), two passes. */
    double standardDeviation() {
        double mean = mean();
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }
}
