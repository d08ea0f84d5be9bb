package io.esteira.monitoring.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Drift computed from profiles (stored sketches) instead of rows: the same statistics, bins and rule as
 * {@link NumericDrift#between} and {@link CategoricalDrift#between}, within the sketches' stated error.
 *
 * <p>Numeric: the bin edges are the baseline sketch's deciles; each side's bin shares come from its sketch's
 * CDF at those edges; KS D and Wasserstein-1 come from both sketches' CDFs evaluated at every value either
 * sketch keeps (the CDFs of the sketches, step functions, are compared exactly); the standard deviation is
 * the baseline profile's (exact). Every CDF value is within the sketch's rank error, so D is within
 * {@link NumericDrift#rankError()} (the sum of both) of the exact D, and each bin share within twice that.
 *
 * <p>Categorical: the baseline's top categories are its sketch's most frequent; a category's rows are the
 * sketches' estimates. A window's category is "unseen" if the baseline sketch does not track it and either
 * is exact (the baseline never had it) or, saturated, could hide at most a smaller share of its rows in an
 * untracked category than the window certainly has of it; otherwise the category counts as "other" (it may
 * be one of the baseline's rare ones), as do the window's rows that no tracked category accounts for. So
 * with a saturated baseline a rare new category is "other", a frequent one "unseen".
 */
public final class ProfileDrift {

    private ProfileDrift() {
    }

    public static NumericDrift numeric(NumericProfile baseline, NumericProfile current) {
        long n = baseline.count();
        long m = current.count();
        if (n == 0 || m == 0) {
            return NumericDrift.undefined(n, m);
        }
        KllDoublesSketch b = baseline.sketch();
        KllDoublesSketch c = current.sketch();
        double[] edges = NumericDrift.distinct(b.getQuantiles(NumericDrift.DECILES, QuantileSearchCriteria.INCLUSIVE));
        double[] p = shares(b.getCDF(edges, QuantileSearchCriteria.INCLUSIVE));
        double[] q = shares(c.getCDF(edges, QuantileSearchCriteria.INCLUSIVE));

        double[] points = union(b.getSortedView().getQuantiles(), c.getSortedView().getQuantiles());
        double[] fb = b.getRanks(points, QuantileSearchCriteria.INCLUSIVE);
        double[] fc = c.getRanks(points, QuantileSearchCriteria.INCLUSIVE);
        double d = 0;
        double area = 0;
        for (int k = 0; k < points.length; k++) {
            double gap = Math.abs(fb[k] - fc[k]);
            d = Math.max(d, gap);
            if (k + 1 < points.length) {
                area += gap * (points[k + 1] - points[k]);
            }
        }
        return NumericDrift.of(n, m, edges, p, q, d, area, baseline.standardDeviation(),
                baseline.rankError() + current.rankError());
    }

    public static CategoricalDrift categorical(CategoricalProfile baseline, CategoricalProfile current, int topCategories) {
        List<CategoricalDrift.CategoryBin> bins = new ArrayList<>();
        Set<String> top = new HashSet<>();
        long baselineInTop = 0;
        long currentInTop = 0;
        for (Map.Entry<String, Long> entry : baseline.frequentCategories().entrySet()) {
            if (top.size() == topCategories) {
                break;
            }
            top.add(entry.getKey());
            long inWindow = current.estimate(entry.getKey());
            bins.add(new CategoricalDrift.CategoryBin(entry.getKey(), CategoricalDrift.BinKind.CATEGORY, entry.getValue(),
                    inWindow));
            baselineInTop += entry.getValue();
            currentInTop += inWindow;
        }
        long currentUnseen = 0;
        for (Map.Entry<String, Long> entry : current.frequentCategories().entrySet()) {
            if (!top.contains(entry.getKey()) && unseen(entry.getKey(), baseline, current)) {
                currentUnseen += entry.getValue();
            }
        }
        currentUnseen = Math.min(currentUnseen, Math.max(0, current.count() - currentInTop));
        long currentOther = Math.max(0, current.count() - currentInTop - currentUnseen);
        long baselineOther = Math.max(0, baseline.count() - baselineInTop);
        bins.add(new CategoricalDrift.CategoryBin(null, CategoricalDrift.BinKind.OTHER, baselineOther, currentOther));
        bins.add(new CategoricalDrift.CategoryBin(null, CategoricalDrift.BinKind.UNSEEN, 0, currentUnseen));
        return CategoricalDrift.over(bins, Math.max(baseline.maximumError(), current.maximumError()));
    }

    /**
     * Whether the baseline never had the window's category: certainly so when the baseline sketch does not
     * track it and is exact; with a saturated baseline sketch, when the category's least share in the window
     * exceeds the largest share the baseline could hide in an untracked category.
     */
    private static boolean unseen(String category, CategoricalProfile baseline, CategoricalProfile current) {
        long mostInBaseline = baseline.upperBound(category);
        if (mostInBaseline == 0) {
            return true;
        }
        boolean tracked = baseline.lowerBound(category) > 0;
        return !tracked && (double) current.lowerBound(category) / current.count() > (double) mostInBaseline / baseline.count();
    }

    /** Bin shares from a CDF at the edges (its last value, at +∞, is 1). */
    private static double[] shares(double[] cdf) {
        double[] shares = new double[cdf.length];
        double below = 0;
        for (int i = 0; i < cdf.length; i++) {
            shares[i] = Math.max(0, cdf[i] - below);
            below = cdf[i];
        }
        return shares;
    }

    private static double[] union(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return Arrays.stream(all).distinct().toArray();
    }
}
