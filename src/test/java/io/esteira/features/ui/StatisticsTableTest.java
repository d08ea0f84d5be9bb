package io.esteira.features.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.ColumnStatistics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsTableTest {

    private static ColumnStatistics column(Kind kind, long values, long distinct, boolean exact, Map<Double, Double> quantiles,
            ColumnStatistics.Categories categories) {
        return new ColumnStatistics("c", kind, values, 0, distinct, null, null, null, null, quantiles, List.of(), 0, 0, exact, categories);
    }

    @Test
    void timesReadAsDatesWhateverWayTheDriverWroteThem() {
        ColumnStatistics time = column(Kind.TIME, 1, 1, true, Map.of(), null);
        assertThat(StatisticsTable.value(time, "2026-10-31T23:58:00Z")).isEqualTo("31 Oct 2026, 23:58 UTC");
        assertThat(StatisticsTable.value(time, "2026-10-31 22:58:00+01:00")).isEqualTo("31 Oct 2026, 21:58 UTC");
        assertThat(StatisticsTable.value(time, "2026-10-31T23:58:07")).as("no zone: none invented").isEqualTo("31 Oct 2026, 23:58");
        assertThat(StatisticsTable.value(time, "2026-10-31")).isEqualTo("31 Oct 2026");
        assertThat(StatisticsTable.value(column(Kind.OTHER, 1, 1, true, Map.of(), null), "2026-10-31T23:58:00Z"))
                .as("the event time, not a feature").isEqualTo("31 Oct 2026, 23:58 UTC");
        assertThat(StatisticsTable.value(column(Kind.TEXT, 1, 1, true, Map.of(), null), "2026-10-31")).as("text stays text")
                .isEqualTo("2026-10-31");
        assertThat(StatisticsTable.value(time, "not a time")).isEqualTo("not a time");
    }

    @Test
    void estimatesAreMarkedAndCountsAreNot() {
        assertThat(StatisticsTable.distinct(column(Kind.TEXT, 5_000, 12, true, Map.of(), null))).isEqualTo("12");
        assertThat(StatisticsTable.distinct(column(Kind.TEXT, 100_000, 5_016, false, Map.of(), null))).isEqualTo("≈ 5,016");
        assertThat(StatisticsTable.median(column(Kind.NUMBER, 100, 100, true, Map.of(0.5, 3.0), null))).isEqualTo("3");
        assertThat(StatisticsTable.median(column(Kind.NUMBER, 100_000, 900, true, Map.of(0.5, 3.25), null))).isEqualTo("≈ 3.25");
    }

    @Test
    void categoriesAreDrawnWithTheRowsOfEveryOtherValue() {
        ColumnStatistics.Categories top = new ColumnStatistics.Categories(List.of(new ColumnStatistics.ValueCount("online", 60),
                new ColumnStatistics.ValueCount("", 5)), 35, true);
        ColumnStatistics channel = column(Kind.TEXT, 100, 40, true, Map.of(), top);
        var chart = StatisticsTable.distribution(channel);
        assertThat(chart.categories()).containsExactly("online", "(empty)", "Other values");
        assertThat(StatisticsTable.caption(channel)).contains("2 most frequent values", "counts are estimates");
    }
}
