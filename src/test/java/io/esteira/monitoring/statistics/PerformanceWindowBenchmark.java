package io.esteira.monitoring.statistics;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=PerformanceWindowBenchmark}.
 * The computing part of a day's performance row: realised metrics (AUC, KS, precision/recall/F1, Brier,
 * calibration) over 1,000,000 labelled rows with scores, and the CBPE estimate from the day's 24 hourly
 * score sketches read back from bytes and merged; one thread (also in target/benchmarks/performance-window.txt).
 */
class PerformanceWindowBenchmark {

    private static final int ROWS = 1_000_000;
    private static final int HOURS = 24;

    @Test
    void performanceOfADayWithAMillionLabelledRows() {
        BenchmarkReport report = new BenchmarkReport("performance-window");
        Random random = new Random(11);
        double[] scores = new double[ROWS];
        boolean[] actual = new boolean[ROWS];
        byte[][] hourly = new byte[HOURS][];
        NumericProfile[] open = new NumericProfile[HOURS];
        for (int h = 0; h < HOURS; h++) {
            open[h] = NumericProfile.empty();
        }
        for (int i = 0; i < ROWS; i++) {
            scores[i] = Math.pow(random.nextDouble(), 4);
            actual[i] = random.nextDouble() < scores[i]; // calibrated: a score of p is a positive with probability p
            open[i % HOURS].add(scores[i]);
        }
        for (int h = 0; h < HOURS; h++) {
            hourly[h] = open[h].toBytes();
        }
        long[] realisedMillis = new long[7];
        long[] estimateMillis = new long[7];
        ClassificationPerformance realised = null;
        ClassificationEstimate estimate = null;
        for (int run = 0; run < realisedMillis.length; run++) {
            long start = System.nanoTime();
            realised = ClassificationPerformance.of(scores, actual, 0.5);
            realisedMillis[run] = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            NumericProfile day = NumericProfile.fromBytes(hourly[0]);
            for (int h = 1; h < HOURS; h++) {
                day = day.merge(NumericProfile.fromBytes(hourly[h]));
            }
            estimate = ClassificationEstimate.fromSketch(day, 0.5);
            estimateMillis[run] = (System.nanoTime() - start) / 1_000_000;
        }
        long[] r = Arrays.copyOfRange(realisedMillis, 2, realisedMillis.length);
        long[] e = Arrays.copyOfRange(estimateMillis, 2, estimateMillis.length);
        Arrays.sort(r);
        Arrays.sort(e);
        report.line("realised metrics over %d labelled rows, one thread: median %d ms, max %d ms (runs after 2 warm-ups)", ROWS,
                r[r.length / 2], r[r.length - 1]);
        report.line("CBPE estimate from %d hourly KLL sketches (k=%d) merged, %d points: median %d ms, max %d ms", HOURS,
                NumericProfile.SKETCH_K, ClassificationEstimate.SKETCH_POINTS, e[e.length / 2], e[e.length - 1]);
        report.line("realised AUC %.4f, estimated AUC %.4f (calibrated scores: they should agree); realised precision %.4f, estimated %.4f",
                realised.auc(), estimate.rocAuc(), realised.precision(), estimate.precision());
        report.write();
    }
}
