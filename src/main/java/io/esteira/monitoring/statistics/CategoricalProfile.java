package io.esteira.monitoring.statistics;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.FrequentItemsSketch;
import java.lang.foreign.MemorySegment;

/**
 * The profile of a categorical feature over some rows: mergeable, like {@link NumericProfile}.
 *
 * <p>Holds a frequent-items sketch (Apache DataSketches {@code FrequentItemsSketch<String>}) with a map of
 * {@value #MAX_MAP_SIZE} slots: it counts up to {@value #EXACT_CATEGORIES} distinct categories exactly;
 * past that, each category's count is an estimate within {@link #maximumError()} rows (at most about
 * 3.5 / {@value #MAX_MAP_SIZE} of the rows, whatever their spread), and only frequent categories stay
 * tracked. Beside it: the rows and the nulls (null values).
 *
 * <p>Deterministic: the same rows in the same order (and merges in the same order) give the same sketch.
 *
 * <p>Not thread-safe: one writer at a time; merge the profiles of several writers.
 */
public final class CategoricalProfile {

    /** The frequent-items sketch's map size: fixed, so that profiles of any hour merge alike. */
    public static final int MAX_MAP_SIZE = 512;

    /** Distinct categories counted exactly (¾ of the map). */
    public static final int EXACT_CATEGORIES = MAX_MAP_SIZE * 3 / 4;

    private static final int MAGIC = 0x45534350; // "ESCP"
    private static final byte FORMAT = 1;
    private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

    private final FrequentItemsSketch<String> sketch;
    private long nulls;

    private CategoricalProfile(FrequentItemsSketch<String> sketch) {
        this.sketch = sketch;
    }

    public static CategoricalProfile empty() {
        return new CategoricalProfile(new FrequentItemsSketch<>(MAX_MAP_SIZE));
    }

    /** Adds one row's category; null counts as a null. */
    public CategoricalProfile add(String category) {
        if (category == null) {
            nulls++;
        } else {
            sketch.update(category);
        }
        return this;
    }

    /** Adds the other profile's rows to this one (the other is left as it was). */
    public CategoricalProfile merge(CategoricalProfile other) {
        sketch.merge(other.sketch);
        nulls += other.nulls;
        return this;
    }

    /** Rows with a category. */
    public long count() {
        return sketch.getStreamLength();
    }

    public long nulls() {
        return nulls;
    }

    /** The estimated rows of a category (0 if the sketch does not track it). */
    public long estimate(String category) {
        return sketch.getEstimate(category);
    }

    /**
     * The most rows the category can have had: its estimate if tracked; else the sketch's
     * {@link #maximumError()} (0 while the sketch is exact: then an untracked category never occurred).
     */
    public long upperBound(String category) {
        return sketch.getUpperBound(category);
    }

    /** The fewest rows the category certainly had (0 if untracked). */
    public long lowerBound(String category) {
        return sketch.getLowerBound(category);
    }

    /** The largest error of any category's estimated rows: 0 while the sketch is exact. */
    public long maximumError() {
        return sketch.getMaximumError();
    }

    /** The tracked categories with their estimated rows, most frequent first (ties by name). */
    public Map<String, Long> frequentCategories() {
        Map<String, Long> categories = new LinkedHashMap<>();
        Arrays.stream(sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES))
                .sorted(Comparator.comparingLong((FrequentItemsSketch.Row<String> row) -> row.getEstimate()).reversed()
                        .thenComparing(FrequentItemsSketch.Row::getItem))
                .forEach(row -> categories.put(row.getItem(), row.getEstimate()));
        return categories;
    }

    public byte[] toBytes() {
        byte[] sketchBytes = sketch.toByteArray(SERDE);
        ByteBuffer buffer = ByteBuffer.allocate(4 + 1 + 8 + 4 + sketchBytes.length);
        buffer.putInt(MAGIC).put(FORMAT).putLong(nulls).putInt(sketchBytes.length).put(sketchBytes);
        return buffer.array();
    }

    public static CategoricalProfile fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt() != MAGIC || buffer.get() != FORMAT) {
            throw new IllegalArgumentException("not a categorical profile (format " + FORMAT + ")");
        }
        long nulls = buffer.getLong();
        byte[] sketchBytes = new byte[buffer.getInt()];
        buffer.get(sketchBytes);
        CategoricalProfile profile = new CategoricalProfile(FrequentItemsSketch.getInstance(MemorySegment.ofArray(sketchBytes), SERDE));
        profile.nulls = nulls;
        return profile;
    }
}
