package io.esteira.features;

import java.util.List;
import java.util.Map;

/**
 * Statistics of one column. Counts, min, max, mean and standard deviation are exact; quantiles come
 * from a KLL sketch (within {@code rankError} of the true rank) and distinct from an HLL sketch
 * (about 1.6 % relative error), so memory stays bounded whatever the row count.
 *
 * @param min       the smallest value as text (numbers, times and text alike), or null when all are null
 * @param quantiles numeric columns: value by rank (0.01 … 0.99)
 * @param histogram numeric columns: equal-width bins between min and max
 * @param violations rows that break the column's validation rule (0 without a rule)
 */
public record ColumnStatistics(String name, ColumnInfo.Kind kind, long count, long nulls, long distinct, String min,
        String max, Double mean, Double stddev, Map<Double, Double> quantiles, List<Bin> histogram, double rankError,
        long violations) {

    public record Bin(double lower, double upper, long count) {
    }
}
