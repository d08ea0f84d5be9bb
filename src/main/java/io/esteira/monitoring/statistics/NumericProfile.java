package io.esteira.monitoring.statistics;

import java.nio.ByteBuffer;
import org.apache.datasketches.kll.KllDoublesSketch;
import java.lang.foreign.MemorySegment;

/**
 * The profile of a numeric feature over some rows: mergeable, so an hour's profiles add up to a day or
 * a quarter without rereading the rows.
 *
 * <p>Holds a KLL quantiles sketch with {@code k = }{@value #SKETCH_K} (Apache DataSketches
 * {@code KllDoublesSketch}): any rank (CDF value) it answers is within {@link #rankError()} of the true
 * one with 99 % confidence: {@value #SKETCH_K} gives about 1.3 % for a single rank (see
 * {@link #rankErrorOfSketchSize()}), whatever the rows. Exact while it has seen fewer values than it
 * keeps. Beside it: the rows, the nulls (null, NaN or infinite), min, max, sum, and mean and sum of squared
 * deviations (merged by Chan's formula) for the standard deviation.
 *
 * <p>Reproducibility: KLL compacts with random coin flips (DataSketches keeps one unseeded generator for
 * all KLL sketches and offers no seed), so profiling the same rows twice may give sketches that differ
 * within the rank error; everything computed from stored profile bytes is deterministic, so a metric
 * recomputed from the stored profiles gives the same number.
 *
 * <p>Not thread-safe: one writer at a time; merge the profiles of several writers.
 */
public final class NumericProfile {

    /** The KLL sketch size k of every numeric profile: fixed, so that profiles of any hour merge and recompute alike. */
    public static final int SKETCH_K = 200;

    private static final int MAGIC = 0x45534e50; // "ESNP"
    private static final byte FORMAT = 1;

    private final KllDoublesSketch sketch;
    private long nulls;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double mean;
    private double squaredDeviations;

    private NumericProfile(KllDoublesSketch sketch) {
        this.sketch = sketch;
    }

    /** A profile of no rows. */
    public static NumericProfile empty() {
        return new NumericProfile(KllDoublesSketch.newHeapInstance(SKETCH_K));
    }

    /** Adds one row's value; NaN or infinite counts as a null. */
    public NumericProfile add(double value) {
        if (!Double.isFinite(value)) {
            nulls++;
            return this;
        }
        sketch.update(value);
        long n = sketch.getN();
        double delta = value - mean;
        mean += delta / n;
        squaredDeviations += delta * (value - mean);
        sum += value;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
        return this;
    }

    /** Adds one row whose value is missing. */
    public NumericProfile addNull() {
        nulls++;
        return this;
    }

    /** Adds the other profile's rows to this one (the other is left as it was). */
    public NumericProfile merge(NumericProfile other) {
        long n = count();
        long m = other.count();
        if (m > 0) {
            double delta = other.mean - mean;
            long total = n + m;
            mean += delta * m / total;
            squaredDeviations += other.squaredDeviations + delta * delta * ((double) n * m / total);
            sum += other.sum;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
            sketch.merge(other.sketch);
        }
        nulls += other.nulls;
        return this;
    }

    /** Rows with a value. */
    public long count() {
        return sketch.getN();
    }

    /** Rows without a value (null, NaN or infinite). */
    public long nulls() {
        return nulls;
    }

    public double min() {
        return count() == 0 ? Double.NaN : min;
    }

    public double max() {
        return count() == 0 ? Double.NaN : max;
    }

    public double sum() {
        return sum;
    }

    public double mean() {
        return count() == 0 ? Double.NaN : mean;
    }

    /** Population standard deviation (divided by the rows). */
    public double standardDeviation() {
        return count() == 0 ? Double.NaN : Math.sqrt(squaredDeviations / count());
    }

    /** The value at a normalised rank in [0, 1] (inclusive search: the smallest value whose rank is at least it). */
    public double quantile(double rank) {
        return count() == 0 ? Double.NaN : sketch.getQuantile(rank);
    }

    /**
     * The error of any single rank this profile answers (99 % confidence, normalised to [0, 1]): 0 while
     * the sketch is still exact, else {@link #rankErrorOfSketchSize()}.
     */
    public double rankError() {
        return sketch.isEstimationMode() ? rankErrorOfSketchSize() : 0;
    }

    /** KLL's stated normalised rank error for k = {@value #SKETCH_K}, single rank, 99 % confidence (about 0.0133). */
    public static double rankErrorOfSketchSize() {
        return KllDoublesSketch.getNormalizedRankError(SKETCH_K, false);
    }

    /** The profile as bytes, to store; {@link #fromBytes} reads them back. */
    public byte[] toBytes() {
        byte[] sketchBytes = sketch.toByteArray();
        ByteBuffer buffer = ByteBuffer.allocate(4 + 1 + 8 + 8 * 5 + 4 + sketchBytes.length);
        buffer.putInt(MAGIC).put(FORMAT).putLong(nulls).putDouble(min).putDouble(max).putDouble(sum).putDouble(mean)
                .putDouble(squaredDeviations).putInt(sketchBytes.length).put(sketchBytes);
        return buffer.array();
    }

    public static NumericProfile fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt() != MAGIC || buffer.get() != FORMAT) {
            throw new IllegalArgumentException("not a numeric profile (format " + FORMAT + ")");
        }
        long nulls = buffer.getLong();
        double min = buffer.getDouble();
        double max = buffer.getDouble();
        double sum = buffer.getDouble();
        double mean = buffer.getDouble();
        double squaredDeviations = buffer.getDouble();
        byte[] sketchBytes = new byte[buffer.getInt()];
        buffer.get(sketchBytes);
        NumericProfile profile = new NumericProfile(KllDoublesSketch.heapify(MemorySegment.ofArray(sketchBytes)));
        if (profile.sketch.getK() != SKETCH_K) {
            throw new IllegalArgumentException("a numeric profile with k = " + profile.sketch.getK() + ", not " + SKETCH_K);
        }
        profile.nulls = nulls;
        profile.min = min;
        profile.max = max;
        profile.sum = sum;
        profile.mean = mean;
        profile.squaredDeviations = squaredDeviations;
        return profile;
    }

    KllDoublesSketch sketch() {
        return sketch;
    }
}
