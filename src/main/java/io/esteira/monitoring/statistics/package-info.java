/**
 * The statistics of monitoring: pure Java (no Spring, no database). A named interface, so that training compares a
 * challenger with its champion by the same functions that monitoring judges live traffic with.
 *
 * <h2>What is computed</h2>
 * <ul>
 * <li>{@link io.esteira.monitoring.statistics.NumericDrift}: PSI on 10 bins from the baseline's deciles with
 * open tails, Jensen–Shannon (base 2, in [0, 1]) over the same bins, KS D with its asymptotic p-value,
 * Wasserstein-1 in the feature's unit and divided by the baseline's population standard deviation;
 * {@link io.esteira.monitoring.statistics.NumericBaseline} prepares a baseline once for many windows.</li>
 * <li>{@link io.esteira.monitoring.statistics.CategoricalDrift}: PSI and Jensen–Shannon over the baseline's
 * top categories plus "other" and "unseen", and the chi-square test of homogeneity.</li>
 * <li>{@link io.esteira.monitoring.statistics.DriftRule} turns a PSI into a
 * {@link io.esteira.monitoring.statistics.Verdict} (INSUFFICIENT_DATA, OK, WARNING, BREACH) with the
 * sample-size guard and the noise rule (PSI above the threshold and above
 * {@code χ²_{B−1}(1 − α) · (1/n + 1/m)}); {@link io.esteira.monitoring.statistics.DatasetDrift} gives the
 * (importance-weighted) share of features in breach.</li>
 * <li>{@link io.esteira.monitoring.statistics.ClassificationPerformance},
 * {@link io.esteira.monitoring.statistics.RegressionPerformance}: realised performance once labels are in;
 * {@link io.esteira.monitoring.statistics.ClassificationEstimate#estimate}: the estimate before labels (CBPE).</li>
 * <li>{@link io.esteira.monitoring.statistics.NumericProfile} (KLL, k = 200) and
 * {@link io.esteira.monitoring.statistics.CategoricalProfile} (frequent items, map 512): mergeable profiles
 * stored as bytes; {@link io.esteira.monitoring.statistics.ProfileDrift}: the same drift from profiles,
 * with the sketches' rank error carried in the result.</li>
 * </ul>
 *
 * <h2>Constants a metric row should record</h2>
 * Bins: baseline deciles (linear interpolation), coinciding edges merged; empty-bin share in the PSI:
 * {@link io.esteira.monitoring.statistics.Divergence#EMPTY_BIN_SHARE} = 1e-4; logarithms: natural in the
 * PSI, base 2 in Jensen–Shannon; KLL k = {@link io.esteira.monitoring.statistics.NumericProfile#SKETCH_K};
 * frequent-items map {@link io.esteira.monitoring.statistics.CategoricalProfile#MAX_MAP_SIZE}; top
 * categories (default {@link io.esteira.monitoring.statistics.CategoricalDrift#DEFAULT_TOP_CATEGORIES});
 * the rule's thresholds, minimum rows and alpha; the baseline's and the window's rows.
 *
 * <p>Reference values: {@code src/test/resources/monitoring/reference/make_reference.py} (NumPy, SciPy).
 */
@org.springframework.modulith.NamedInterface("statistics")
package io.esteira.monitoring.statistics;
