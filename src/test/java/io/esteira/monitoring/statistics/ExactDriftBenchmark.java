package io.esteira.monitoring.statistics;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=ExactDriftBenchmark}.
 * Exact drift (PSI, JS, KS with p-value, W1) of 50 numeric features: 1,000,000 baseline rows against
 * 100,000 current rows, all held in memory as columns of doubles (440 MB); times it on one thread and with
 * the features spread over every core, then with the baselines prepared once ({@link NumericBaseline}), with the bytes the computing thread allocated and the heap after GC
 * (also in target/benchmarks/exact-drift.txt).
 */
class ExactDriftBenchmark {

    private static final int FEATURES = 50;
    private static final int BASELINE_ROWS = 1_000_000;
    private static final int CURRENT_ROWS = 100_000;

    @Test
    void exactDriftOfAMillionRowsTimesFiftyFeatures() {
        BenchmarkReport report = new BenchmarkReport("exact-drift");
        long heapBefore = BenchmarkReport.heapAfterGcMiB();
        double[][] baseline = new double[FEATURES][BASELINE_ROWS];
        double[][] current = new double[FEATURES][CURRENT_ROWS];
        IntStream.range(0, FEATURES).parallel().forEach(f -> {
            Random random = new Random(f);
            for (int i = 0; i < BASELINE_ROWS; i++) {
                baseline[f][i] = f % 3 == 0 ? Math.floor(Math.exp(2 * random.nextDouble() * 3)) : random.nextGaussian() * 10 + f;
            }
            double shift = f % 5 == 0 ? 8 : 0; // every fifth feature drifts by 0.8 standard deviations
            for (int i = 0; i < CURRENT_ROWS; i++) {
                current[f][i] = f % 3 == 0 ? Math.floor(Math.exp(2 * random.nextDouble() * 3)) : random.nextGaussian() * 10 + f + shift;
            }
        });
        long heapWithData = BenchmarkReport.heapAfterGcMiB();

        for (int run = 1; run <= 3; run++) {
            long allocatedBefore = BenchmarkReport.allocatedBytesOfThisThread();
            long start = System.nanoTime();
            int breaches = 0;
            for (int f = 0; f < FEATURES; f++) {
                NumericDrift drift = NumericDrift.between(baseline[f], current[f]);
                breaches += DriftRule.DEFAULT.judge(drift).verdict() == Verdict.BREACH ? 1 : 0;
            }
            long serialMillis = (System.nanoTime() - start) / 1_000_000;
            long allocated = BenchmarkReport.allocatedBytesOfThisThread() - allocatedBefore;

            start = System.nanoTime();
            long parallelBreaches = IntStream.range(0, FEATURES).parallel()
                    .filter(f -> DriftRule.DEFAULT.judge(NumericDrift.between(baseline[f], current[f])).verdict() == Verdict.BREACH)
                    .count();
            long parallelMillis = (System.nanoTime() - start) / 1_000_000;
            report.line("run %d: exact drift of %d features, %,d baseline rows vs %,d current rows: one thread %d ms (%d MiB allocated, %d breaches); all %d cores %d ms (%d breaches)",
                    run, FEATURES, BASELINE_ROWS, CURRENT_ROWS, serialMillis, allocated >> 20, breaches,
                    Runtime.getRuntime().availableProcessors(), parallelMillis, parallelBreaches);
        }
        report.line("heap after GC: %d MiB before the data, %d MiB with the data (%d MiB of columns); the computation holds one sorted copy of a feature's baseline and window at a time (%d MiB) per thread",
                heapBefore, heapWithData, (long) FEATURES * (BASELINE_ROWS + CURRENT_ROWS) * 8 >> 20,
                (long) (BASELINE_ROWS + CURRENT_ROWS) * 8 >> 20);
        long start = System.nanoTime();
        NumericBaseline[] prepared = new NumericBaseline[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            prepared[f] = NumericBaseline.of(baseline[f]);
        }
        long prepareMillis = (System.nanoTime() - start) / 1_000_000;
        long[] windowMillis = new long[3];
        for (int run = 0; run < windowMillis.length; run++) {
            start = System.nanoTime();
            for (int f = 0; f < FEATURES; f++) {
                prepared[f].drift(current[f]);
            }
            windowMillis[run] = (System.nanoTime() - start) / 1_000_000;
        }
        report.line("baselines prepared once (NumericBaseline, sorted): %d ms for %d features, one thread; then a window of %,d rows x %d features: %s ms",
                prepareMillis, FEATURES, CURRENT_ROWS, FEATURES, Arrays.toString(windowMillis));
        report.write();
    }
}
