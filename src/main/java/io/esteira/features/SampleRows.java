package io.esteira.features;

import java.util.List;

/** First rows of a feature group's source; the values of {@code masked} columns are replaced by {@link #MASK}. */
public record SampleRows(List<String> columns, List<String> masked, List<List<String>> rows) {
    public static final String MASK = "••••••";
}
