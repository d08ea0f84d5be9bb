package io.esteira.monitoring.statistics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=StoredProfileDriftBenchmark}.
 * A model of 1,000 features (800 numeric, 200 categorical): baseline profiles of 200,000 rows and one
 * window's profiles of 20,000 rows, stored as bytes; then times reading all 2,000 profiles back, their drift
 * (PSI, JS, KS, W1 / PSI, JS, chi-square), the verdicts and the dataset drift (goal: under 1 s), on one
 * thread (also in target/benchmarks/stored-profile-drift.txt).
 */
class StoredProfileDriftBenchmark {

    private static final int NUMERIC = 800;
    private static final int CATEGORICAL = 200;
    private static final int BASELINE_ROWS = 200_000;
    private static final int WINDOW_ROWS = 20_000;

    @Test
    void driftOfAThousandFeaturesFromStoredProfiles() {
        BenchmarkReport report = new BenchmarkReport("stored-profile-drift");
        Random random = new Random(2);
        byte[][] numericBaseline = new byte[NUMERIC][];
        byte[][] numericWindow = new byte[NUMERIC][];
        for (int f = 0; f < NUMERIC; f++) {
            double shift = f % 10 == 0 ? 0.8 : 0; // a tenth of the features drift (0.8 standard deviations)
            NumericProfile baseline = NumericProfile.empty();
            for (int i = 0; i < BASELINE_ROWS; i++) {
                baseline.add(random.nextGaussian());
            }
            NumericProfile window = NumericProfile.empty();
            for (int i = 0; i < WINDOW_ROWS; i++) {
                window.add(shift + random.nextGaussian());
            }
            numericBaseline[f] = baseline.toBytes();
            numericWindow[f] = window.toBytes();
        }
        byte[][] categoricalBaseline = new byte[CATEGORICAL][];
        byte[][] categoricalWindow = new byte[CATEGORICAL][];
        for (int f = 0; f < CATEGORICAL; f++) {
            CategoricalProfile baseline = CategoricalProfile.empty();
            for (int i = 0; i < BASELINE_ROWS; i++) {
                baseline.add("c" + (int) (1000 * Math.pow(random.nextDouble(), 4)));
            }
            CategoricalProfile window = CategoricalProfile.empty();
            double power = f % 10 == 0 ? 2 : 4;
            for (int i = 0; i < WINDOW_ROWS; i++) {
                window.add("c" + (int) (1000 * Math.pow(random.nextDouble(), power)));
            }
            categoricalBaseline[f] = baseline.toBytes();
            categoricalWindow[f] = window.toBytes();
        }
        long storedBytes = Arrays.stream(numericBaseline).mapToLong(b -> b.length).sum()
                + Arrays.stream(numericWindow).mapToLong(b -> b.length).sum()
                + Arrays.stream(categoricalBaseline).mapToLong(b -> b.length).sum()
                + Arrays.stream(categoricalWindow).mapToLong(b -> b.length).sum();

        long[] millis = new long[7];
        DatasetDrift dataset = null;
        long allocated = 0;
        for (int run = 0; run < millis.length; run++) {
            long allocatedBefore = BenchmarkReport.allocatedBytesOfThisThread();
            long start = System.nanoTime();
            Map<String, Verdict> verdicts = new HashMap<>();
            for (int f = 0; f < NUMERIC; f++) {
                NumericDrift drift = ProfileDrift.numeric(NumericProfile.fromBytes(numericBaseline[f]),
                        NumericProfile.fromBytes(numericWindow[f]));
                verdicts.put("n" + f, DriftRule.DEFAULT.judge(drift).verdict());
            }
            for (int f = 0; f < CATEGORICAL; f++) {
                CategoricalDrift drift = ProfileDrift.categorical(CategoricalProfile.fromBytes(categoricalBaseline[f]),
                        CategoricalProfile.fromBytes(categoricalWindow[f]), CategoricalDrift.DEFAULT_TOP_CATEGORIES);
                verdicts.put("c" + f, DriftRule.DEFAULT.judge(drift).verdict());
            }
            dataset = DatasetDrift.of(verdicts, null);
            millis[run] = (System.nanoTime() - start) / 1_000_000;
            allocated = BenchmarkReport.allocatedBytesOfThisThread() - allocatedBefore;
        }
        long[] measured = Arrays.copyOfRange(millis, 2, millis.length);
        Arrays.sort(measured);
        report.line("drift of %d features (%d numeric, %d categorical) from %d stored profiles (%.1f MiB of bytes; baseline %d rows, window %d rows), one thread: median %d ms, max %d ms (runs after 2 warm-ups: %s); %d MiB allocated per run",
                NUMERIC + CATEGORICAL, NUMERIC, CATEGORICAL, 2 * (NUMERIC + CATEGORICAL), storedBytes / 1048576.0,
                BASELINE_ROWS, WINDOW_ROWS, measured[measured.length / 2], measured[measured.length - 1],
                Arrays.toString(Arrays.copyOfRange(millis, 2, millis.length)), allocated >> 20);
        report.line("dataset drift: %d of %d features in breach (share %.3f), %d warnings; expected about 100 (every tenth drifts)",
                dataset.featuresInBreach(), dataset.featuresJudged(), dataset.breachShare(), dataset.featuresInWarning());
        report.write();
    }
}
