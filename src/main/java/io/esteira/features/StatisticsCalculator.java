package io.esteira.features;

import io.esteira.features.ColumnInfo.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.FrequentItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/** One pass over a result set that computes every column's statistics in bounded memory. */
final class StatisticsCalculator {

    static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    static final int BINS = 20;
    /** The KLL sketch's size: it keeps every value, so its quantiles are exact, up to this many values. */
    static final int KLL_K = 400;
    /** Up to this many different values, distinct is counted exactly (a set of them is kept); beyond, estimated. */
    static final int EXACT_DISTINCT = 1_000;
    /** The most frequent values shown per text or yes/no column. */
    static final int TOP_VALUES = 10;
    /** The frequent-items sketch's map: exact counts up to about 3/4 of this many different values. */
    private static final int FREQUENT_MAP = 256;
    private static final int MAX_VALUE_LENGTH = 200;

    private final List<ColumnInfo> columns;
    private final Accumulator[] accumulators;

    StatisticsCalculator(List<ColumnInfo> columns) {
        this(columns, Map.of());
    }

    /** @param rules the validation rule of each column that has one, by column name */
    StatisticsCalculator(List<ColumnInfo> columns, Map<String, Rule> rules) {
        this.columns = columns;
        this.accumulators = columns.stream().map(c -> new Accumulator(c.kind(), rules.get(c.name()))).toArray(Accumulator[]::new);
    }

    /** A column's validation rule: not null, a numeric range, or a set of allowed values. */
    record Rule(boolean notNull, Double min, Double max, java.util.Set<String> allowed) {

        boolean brokenByNull() {
            return notNull;
        }

        boolean brokenBy(double v) {
            return (min != null && v < min) || (max != null && v > max);
        }

        boolean brokenBy(String v) {
            return allowed != null && !allowed.isEmpty() && !allowed.contains(v);
        }
    }

    /** Reads every row; {@code progress} hears the rows read so far every 10,000 rows. */
    List<ColumnStatistics> consume(ResultSet rs, LongConsumer progress) throws SQLException {
        long rows = 0;
        while (rs.next()) {
            for (int i = 0; i < accumulators.length; i++) {
                accumulators[i].add(rs, i + 1);
            }
            if (++rows % 10_000 == 0) {
                progress.accept(rows);
            }
        }
        progress.accept(rows);
        List<ColumnStatistics> result = new ArrayList<>();
        for (int i = 0; i < accumulators.length; i++) {
            result.add(accumulators[i].result(columns.get(i).name()));
        }
        return result;
    }

    private static final class Accumulator {
        private final Kind kind;
        private final Rule rule;
        private long violations;
        private final HllSketch distinct = new HllSketch(12);
        private Set<Object> exactDistinct = new HashSet<>();
        private final FrequentItemsSketch<String> frequent;
        private final KllDoublesSketch sketch;
        private long count;
        private long nulls;
        // Welford's running mean and variance
        private double mean;
        private double m2;
        private double minNumber = Double.POSITIVE_INFINITY;
        private double maxNumber = Double.NEGATIVE_INFINITY;
        private String minText;
        private String maxText;
        private Object minTime;
        private Object maxTime;

        Accumulator(Kind kind, Rule rule) {
            this.kind = kind;
            this.rule = rule;
            this.sketch = kind == Kind.NUMBER ? KllDoublesSketch.newHeapInstance(KLL_K) : null;
            this.frequent = kind == Kind.TEXT || kind == Kind.BOOLEAN ? new FrequentItemsSketch<>(FREQUENT_MAP) : null;
        }

        private void seen(Object value) {
            if (exactDistinct != null) {
                exactDistinct.add(value);
                if (exactDistinct.size() > EXACT_DISTINCT) {
                    exactDistinct = null;
                }
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        void add(ResultSet rs, int index) throws SQLException {
            count++;
            switch (kind) {
                case NUMBER -> {
                    double v = rs.getDouble(index);
                    if (rs.wasNull()) {
                        nulls++;
                        if (rule != null && rule.brokenByNull()) {
                            violations++;
                        }
                        return;
                    }
                    if (rule != null && rule.brokenBy(v)) {
                        violations++;
                    }
                    distinct.update(v);
                    seen(v);
                    sketch.update(v);
                    long n = count - nulls;
                    double delta = v - mean;
                    mean += delta / n;
                    m2 += delta * (v - mean);
                    minNumber = Math.min(minNumber, v);
                    maxNumber = Math.max(maxNumber, v);
                }
                case TIME -> {
                    Object v = rs.getObject(index);
                    if (v == null) {
                        nulls++;
                        if (rule != null && rule.brokenByNull()) {
                            violations++;
                        }
                        return;
                    }
                    Comparable c = comparableTime(v);
                    distinct.update(c.toString());
                    seen(c);
                    if (minTime == null || c.compareTo(minTime) < 0) {
                        minTime = c;
                    }
                    if (maxTime == null || c.compareTo(maxTime) > 0) {
                        maxTime = c;
                    }
                }
                default -> {
                    String v = rs.getString(index);
                    if (v == null) {
                        nulls++;
                        if (rule != null && rule.brokenByNull()) {
                            violations++;
                        }
                        return;
                    }
                    if (rule != null && rule.brokenBy(v)) {
                        violations++;
                    }
                    distinct.update(v);
                    seen(v);
                    if (frequent != null) {
                        frequent.update(kind == Kind.BOOLEAN ? yesNo(v) : clip(v));
                    }
                    if (minText == null || v.compareTo(minText) < 0) {
                        minText = v;
                    }
                    if (maxText == null || v.compareTo(maxText) > 0) {
                        maxText = v;
                    }
                }
            }
        }

        /** Drivers spell a boolean as "true", "TRUE", "t" or "1". */
        private static String yesNo(String v) {
            return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "t", "1", "yes", "y" -> "true";
                default -> "false";
            };
        }

        private static String clip(String v) {
            return v.length() <= MAX_VALUE_LENGTH ? v : v.substring(0, MAX_VALUE_LENGTH - 1) + "…";
        }

        private static Comparable<?> comparableTime(Object v) {
            return switch (v) {
                case java.time.OffsetDateTime t -> t.toInstant();
                case java.sql.Timestamp t -> t.toInstant();
                case java.sql.Date d -> d.toLocalDate();
                case Comparable<?> c -> c;
                default -> v.toString();
            };
        }

        ColumnStatistics result(String name) {
            long values = count - nulls;
            boolean exact = exactDistinct != null;
            long distinctCount = values == 0 ? 0 : exact ? exactDistinct.size() : Math.min(values, Math.round(distinct.getEstimate()));
            if (kind == Kind.NUMBER && values > 0) {
                Map<Double, Double> quantiles = new LinkedHashMap<>();
                double[] q = sketch.getQuantiles(RANKS, QuantileSearchCriteria.INCLUSIVE);
                for (int i = 0; i < RANKS.length; i++) {
                    quantiles.put(RANKS[i], q[i]);
                }
                return new ColumnStatistics(name, kind, count, nulls, distinctCount, format(minNumber), format(maxNumber),
                        mean, values > 1 ? Math.sqrt(m2 / (values - 1)) : 0.0, quantiles, histogram(values),
                        sketch.getNormalizedRankError(false), violations, exact, null);
            }
            String min = kind == Kind.TIME ? (minTime == null ? null : minTime.toString()) : minText;
            String max = kind == Kind.TIME ? (maxTime == null ? null : maxTime.toString()) : maxText;
            return new ColumnStatistics(name, kind, count, nulls, distinctCount, min, max, null, null, Map.of(), List.of(), 0,
                    violations, exact, categories(values));
        }

        private ColumnStatistics.Categories categories(long values) {
            if (frequent == null || values == 0) {
                return null;
            }
            List<ColumnStatistics.ValueCount> top = Arrays.stream(frequent.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES))
                    .sorted(Comparator.comparingLong((FrequentItemsSketch.Row<String> r) -> r.getEstimate()).reversed()
                            .thenComparing(FrequentItemsSketch.Row::getItem))
                    .limit(TOP_VALUES).map(r -> new ColumnStatistics.ValueCount(r.getItem(), r.getEstimate())).toList();
            long shown = top.stream().mapToLong(ColumnStatistics.ValueCount::count).sum();
            return new ColumnStatistics.Categories(top, Math.max(0, values - shown), frequent.getMaximumError() > 0);
        }

        private List<ColumnStatistics.Bin> histogram(long values) {
            if (minNumber == maxNumber) {
                return List.of(new ColumnStatistics.Bin(minNumber, maxNumber, values));
            }
            double width = (maxNumber - minNumber) / BINS;
            double[] splits = new double[BINS - 1];
            for (int i = 0; i < splits.length; i++) {
                splits[i] = minNumber + width * (i + 1);
            }
            // the PMF gives the share of values in each bin: (−∞, s1), [s1, s2) … [s19, +∞)
            double[] pmf = sketch.getPMF(splits, QuantileSearchCriteria.EXCLUSIVE);
            List<ColumnStatistics.Bin> bins = new ArrayList<>();
            for (int i = 0; i < BINS; i++) {
                bins.add(new ColumnStatistics.Bin(minNumber + width * i, i == BINS - 1 ? maxNumber : minNumber + width * (i + 1),
                        Math.round(pmf[i] * values)));
            }
            return bins;
        }

        private static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
