package io.esteira.monitoring.statistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Drift of a categorical feature (or predicted class): the current window against the baseline.
 *
 * <p><b>Bins</b>: the baseline's {@code topCategories} most frequent categories (ties by name), one bin
 * each; "other": every other category the baseline has (kept out of the top to bound the bins and the
 * sketch); "unseen": categories of the window that the baseline never had. The "other" and "unseen" bins
 * are always present (possibly empty). Over those bins:
 * <ul>
 * <li>{@link #populationStabilityIndex()}: {@code Σ (q−p)·ln(q/p)}, natural log, a share of 0 counted as
 * {@link Divergence#EMPTY_BIN_SHARE} (1e-4): a window with unseen categories gets a large PSI, on purpose;</li>
 * <li>{@link #jensenShannonDivergence()} and {@link #jensenShannonDistance()}: log base 2, in [0, 1];</li>
 * <li>chi-square test of homogeneity of the 2 × B table (baseline and window counts), bins empty in both
 * left out, no continuity correction: {@link #chiSquare()} = Σ (O−E)²/E, {@link #chiSquareDegreesOfFreedom()}
 * = B − 1, {@link #chiSquarePValue()}. Meant for small windows: with large ones every difference is
 * "significant", and the PSI thresholds of the {@link DriftRule} decide.</li>
 * </ul>
 *
 * @param sketchMaximumError 0 when exact; computed from frequent-items sketches ({@link ProfileDrift}), the
 *                           largest error of a category's count in either sketch (the counts are the sketches'
 *                           estimates).
 */
public record CategoricalDrift(long baselineRows, long currentRows, List<CategoryBin> bins,
        double populationStabilityIndex, double jensenShannonDivergence, double jensenShannonDistance,
        double chiSquare, int chiSquareDegreesOfFreedom, double chiSquarePValue, long sketchMaximumError) {

    /** How many of the baseline's categories get a bin of their own when the caller does not say. */
    public static final int DEFAULT_TOP_CATEGORIES = 20;

    public CategoricalDrift {
        bins = List.copyOf(bins);
    }

    /** What a bin holds. */
    public enum BinKind {
        /** One of the baseline's top categories. */
        CATEGORY,
        /** The baseline's other categories. */
        OTHER,
        /** Categories of the window that the baseline never had. */
        UNSEEN
    }

    /** One bin: a category (null for "other" and "unseen") with its row counts in the baseline and the window. */
    public record CategoryBin(String category, BinKind kind, long baselineCount, long currentCount) {

        /** The bin's name as shown: the category, or "other" / "unseen". */
        public String label() {
            return kind == BinKind.CATEGORY ? category : kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Exact drift from counts per category (null categories are the caller's nulls: leave them out).
     *
     * @param topCategories how many of the baseline's most frequent categories get a bin of their own
     */
    public static CategoricalDrift between(Map<String, Long> baselineCounts, Map<String, Long> currentCounts,
            int topCategories) {
        List<Map.Entry<String, Long>> ranked = baselineCounts.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .toList();
        List<CategoryBin> bins = new ArrayList<>();
        long baselineOther = 0;
        java.util.Set<String> top = new java.util.HashSet<>();
        for (int i = 0; i < ranked.size(); i++) {
            var entry = ranked.get(i);
            if (i < topCategories) {
                top.add(entry.getKey());
                bins.add(new CategoryBin(entry.getKey(), BinKind.CATEGORY, entry.getValue(),
                        currentCounts.getOrDefault(entry.getKey(), 0L)));
            } else {
                baselineOther += entry.getValue();
            }
        }
        long currentOther = 0;
        long currentUnseen = 0;
        for (var entry : currentCounts.entrySet()) {
            if (top.contains(entry.getKey())) {
                continue;
            }
            if (baselineCounts.getOrDefault(entry.getKey(), 0L) > 0) {
                currentOther += entry.getValue();
            } else {
                currentUnseen += entry.getValue();
            }
        }
        bins.add(new CategoryBin(null, BinKind.OTHER, baselineOther, currentOther));
        bins.add(new CategoryBin(null, BinKind.UNSEEN, 0, currentUnseen));
        return over(bins, 0);
    }

    /** The statistics over bins already counted (exactly, or estimated from sketches with the given error). */
    static CategoricalDrift over(List<CategoryBin> bins, long sketchMaximumError) {
        long n = bins.stream().mapToLong(CategoryBin::baselineCount).sum();
        long m = bins.stream().mapToLong(CategoryBin::currentCount).sum();
        if (n == 0 || m == 0) {
            double nan = Double.NaN;
            return new CategoricalDrift(n, m, bins, nan, nan, nan, nan, 0, nan, sketchMaximumError);
        }
        double[] p = new double[bins.size()];
        double[] q = new double[bins.size()];
        double chiSquare = 0;
        int occupied = 0;
        for (int i = 0; i < bins.size(); i++) {
            CategoryBin bin = bins.get(i);
            p[i] = (double) bin.baselineCount() / n;
            q[i] = (double) bin.currentCount() / m;
            long column = bin.baselineCount() + bin.currentCount();
            if (column == 0) {
                continue;
            }
            occupied++;
            double expectedBaseline = (double) column * n / (n + m);
            double expectedCurrent = (double) column * m / (n + m);
            chiSquare += square(bin.baselineCount() - expectedBaseline) / expectedBaseline
                    + square(bin.currentCount() - expectedCurrent) / expectedCurrent;
        }
        int dof = Math.max(0, occupied - 1);
        return new CategoricalDrift(n, m, bins, Divergence.populationStabilityIndex(p, q),
                Divergence.jensenShannonDivergence(p, q), Divergence.jensenShannonDistance(p, q), dof == 0 ? 0 : chiSquare,
                dof, Distributions.chiSquarePValue(chiSquare, dof), sketchMaximumError);
    }

    /** The bins where the baseline or the window has rows: the categories of the chi-square approximation of the PSI's noise. */
    public int occupiedBins() {
        return (int) bins.stream().filter(b -> b.baselineCount() + b.currentCount() > 0).count();
    }

    private static double square(double x) {
        return x * x;
    }
}
