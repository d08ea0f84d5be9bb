package io.esteira.features;

import java.util.List;
import java.util.Map;

/**
 * Statistics of one column. Counts, min, max, mean and standard deviation are exact; quantiles come
 * from a KLL sketch (within {@code rankError} of the true rank); distinct is counted exactly up to
 * {@value StatisticsCalculator#EXACT_DISTINCT} values and estimated beyond by an HLL sketch (about 1.6 %
 * relative error); categories are counted by a frequent-items sketch, exact while a column has few values.
 * So memory stays bounded whatever the row count.
 *
 * @param min       the smallest value as text (numbers, times and text alike), or null when all are null
 * @param quantiles numeric columns: value by rank (0.01 … 0.99)
 * @param histogram numeric columns: equal-width bins between min and max
 * @param violations rows that break the column's validation rule (0 without a rule)
 * @param distinctExact whether {@code distinct} was counted, not estimated
 * @param categories text and yes/no columns: their most frequent values, or null (other kinds, or values not shown)
 */
public record ColumnStatistics(String name, ColumnInfo.Kind kind, long count, long nulls, long distinct, String min,
        String max, Double mean, Double stddev, Map<Double, Double> quantiles, List<Bin> histogram, double rankError,
        long violations, boolean distinctExact, Categories categories) {

    /**
     * The most frequent values of a column and how many rows hold each, most frequent first.
     *
     * @param others      rows holding any other (non-null) value
     * @param approximate whether the counts are estimates (the column had too many values to count each)
     */
    public record Categories(List<ValueCount> values, long others, boolean approximate) {

        public Categories {
            values = List.copyOf(values);
        }
    }

    public record ValueCount(String value, long count) {
    }

    /** Whether the quantiles (and so the median) are exact: the sketch kept every value. */
    public boolean quantilesExact() {
        return count - nulls <= StatisticsCalculator.KLL_K;
    }

    public record Bin(double lower, double upper, long count) {
    }
}
