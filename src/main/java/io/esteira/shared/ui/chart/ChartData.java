package io.esteira.shared.ui.chart;

import java.util.List;

/**
 * Values by category for one or more series; the one source of both the chart and its text table.
 */
public record ChartData(String categoryLabel, List<String> categories, List<SeriesData> series) {

    public ChartData {
        for (SeriesData s : series) {
            if (s.values().size() != categories.size()) {
                throw new IllegalArgumentException("Series " + s.name() + " has " + s.values().size()
                        + " values for " + categories.size() + " categories");
            }
        }
    }

    public record SeriesData(String name, List<? extends Number> values) {
    }

    public boolean isEmpty() {
        return categories.isEmpty() || series.stream().allMatch(s -> s.values().stream().allMatch(v -> v.doubleValue() == 0));
    }
}
