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

    /** {@code estimate}: the values are estimated, not measured (a forecast), and are drawn apart from the others. */
    public record SeriesData(String name, List<? extends Number> values, boolean estimate) {

        public SeriesData(String name, List<? extends Number> values) {
            this(name, values, false);
        }
    }

    public boolean isEmpty() {
        return categories.isEmpty() || series.stream().allMatch(s -> s.values().stream().allMatch(v -> v == null || v.doubleValue() == 0));
    }
}
