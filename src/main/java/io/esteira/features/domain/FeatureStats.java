package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Stored statistics of one column of a version; quantiles and histogram as compact JSON. */
@Embeddable
public class FeatureStats {

    @Column(name = "column_name", nullable = false)
    private String columnName;
    @Column(name = "value_count")
    private long valueCount;
    @Column(name = "null_count")
    private long nullCount;
    @Column(name = "distinct_count")
    private long distinctCount;
    @Column(name = "min_value")
    private String minValue;
    @Column(name = "max_value")
    private String maxValue;
    private Double mean;
    private Double stddev;
    private String quantiles;
    private String histogram;
    private long violations;
    @Column(name = "distinct_exact", nullable = false)
    private boolean distinctExact;
    @Column(name = "top_values")
    private String topValues;

    protected FeatureStats() {
    }

    public FeatureStats(String columnName, long valueCount, long nullCount, long distinctCount, String minValue, String maxValue,
            Double mean, Double stddev, String quantiles, String histogram, long violations, boolean distinctExact, String topValues) {
        this.columnName = columnName;
        this.valueCount = valueCount;
        this.nullCount = nullCount;
        this.distinctCount = distinctCount;
        this.minValue = clip(minValue);
        this.maxValue = clip(maxValue);
        this.mean = mean;
        this.stddev = stddev;
        this.quantiles = quantiles;
        this.histogram = histogram;
        this.violations = violations;
        this.distinctExact = distinctExact;
        this.topValues = topValues;
    }

    private static String clip(String value) {
        return value == null || value.length() <= 200 ? value : value.substring(0, 199) + "…";
    }

    public String getColumnName() { return columnName; }
    public long getValueCount() { return valueCount; }
    public long getNullCount() { return nullCount; }
    public long getDistinctCount() { return distinctCount; }
    public String getMinValue() { return minValue; }
    public String getMaxValue() { return maxValue; }
    public Double getMean() { return mean; }
    public Double getStddev() { return stddev; }
    public String getQuantiles() { return quantiles; }
    public String getHistogram() { return histogram; }
    public long getViolations() { return violations; }
    public boolean isDistinctExact() { return distinctExact; }
    /** JSON of the column's categories, or null. */
    public String getTopValues() { return topValues; }
}
