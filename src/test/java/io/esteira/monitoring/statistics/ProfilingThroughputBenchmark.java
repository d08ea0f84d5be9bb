package io.esteira.monitoring.statistics;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=ProfilingThroughputBenchmark}.
 * One thread (one core) adds rows of 50 numeric features into their profiles, row by row as the
 * profiler sees a prediction log, and rows of 10 categorical features; prints feature values per
 * second (goal: 2M/s per core for numbers) and the profiles' sizes as bytes
 * (also in target/benchmarks/profiling-throughput.txt).
 */
class ProfilingThroughputBenchmark {

    private static final int FEATURES = 50;
    private static final int ROWS = 200_000;
    private static final int CATEGORICAL_FEATURES = 10;

    @Test
    void profilingThroughput() {
        BenchmarkReport report = new BenchmarkReport("profiling-throughput");
        Random random = new Random(1);
        double[][] rows = new double[ROWS][FEATURES];
        for (double[] row : rows) {
            for (int f = 0; f < FEATURES; f++) {
                row[f] = f % 2 == 0 ? random.nextGaussian() * (f + 1) : Math.exp(random.nextGaussian());
            }
        }
        String[] vocabulary = new String[500];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = "category-" + i;
        }
        String[][] categoricalRows = new String[ROWS][CATEGORICAL_FEATURES];
        for (String[] row : categoricalRows) {
            for (int f = 0; f < CATEGORICAL_FEATURES; f++) {
                row[f] = vocabulary[(int) (vocabulary.length * Math.pow(random.nextDouble(), 3))];
            }
        }

        NumericProfile[] numeric = null;
        double[] numericRates = new double[7];
        for (int run = 0; run < numericRates.length; run++) { // the first two warm up
            numeric = new NumericProfile[FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                numeric[f] = NumericProfile.empty();
            }
            long start = System.nanoTime();
            for (double[] row : rows) {
                for (int f = 0; f < FEATURES; f++) {
                    numeric[f].add(row[f]);
                }
            }
            numericRates[run] = (double) ROWS * FEATURES / ((System.nanoTime() - start) / 1e9);
        }
        CategoricalProfile[] categorical = null;
        double[] categoricalRates = new double[7];
        for (int run = 0; run < categoricalRates.length; run++) {
            categorical = new CategoricalProfile[CATEGORICAL_FEATURES];
            for (int f = 0; f < CATEGORICAL_FEATURES; f++) {
                categorical[f] = CategoricalProfile.empty();
            }
            long start = System.nanoTime();
            for (String[] row : categoricalRows) {
                for (int f = 0; f < CATEGORICAL_FEATURES; f++) {
                    categorical[f].add(row[f]);
                }
            }
            categoricalRates[run] = (double) ROWS * CATEGORICAL_FEATURES / ((System.nanoTime() - start) / 1e9);
        }
        long start = System.nanoTime();
        int numericBytes = 0;
        for (NumericProfile profile : numeric) {
            numericBytes += profile.toBytes().length;
        }
        int categoricalBytes = 0;
        for (CategoricalProfile profile : categorical) {
            categoricalBytes += profile.toBytes().length;
        }
        long serialiseMicros = (System.nanoTime() - start) / 1_000;

        report.line("numeric: %d rows x %d features into KLL (k=%d) profiles, one thread: median %.2f M values/s (runs after warm-up: %s)",
                ROWS, FEATURES, NumericProfile.SKETCH_K, median(numericRates) / 1e6, millions(numericRates));
        report.line("categorical: %d rows x %d features (500 categories) into frequent-items profiles (map %d), one thread: median %.2f M values/s (%s)",
                ROWS, CATEGORICAL_FEATURES, CategoricalProfile.MAX_MAP_SIZE, median(categoricalRates) / 1e6, millions(categoricalRates));
        report.line("bytes of one profile of %d rows: numeric %d, categorical %d; all %d serialised in %d us",
                ROWS, numericBytes / FEATURES, categoricalBytes / CATEGORICAL_FEATURES, FEATURES + CATEGORICAL_FEATURES, serialiseMicros);
        report.line("KLL k=%d stated normalised rank error (99 %% confidence): %.4f single rank, %.4f PMF",
                NumericProfile.SKETCH_K, NumericProfile.rankErrorOfSketchSize(),
                org.apache.datasketches.kll.KllDoublesSketch.getNormalizedRankError(NumericProfile.SKETCH_K, true));
        report.write();
    }

    static double median(double[] rates) {
        double[] measured = Arrays.copyOfRange(rates, 2, rates.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    private static String millions(double[] rates) {
        StringBuilder text = new StringBuilder();
        for (int i = 2; i < rates.length; i++) {
            text.append(i > 2 ? ", " : "").append("%.2f".formatted(rates[i] / 1e6));
        }
        return text.toString();
    }
}
