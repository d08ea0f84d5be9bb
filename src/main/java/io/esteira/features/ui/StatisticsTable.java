package io.esteira.features.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.ColumnStatistics;
import io.esteira.shared.Formats;
import io.esteira.shared.ui.chart.ChartData;
import io.esteira.shared.ui.chart.ChartData.SeriesData;
import io.esteira.shared.ui.chart.DataChart;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A version's statistics as people read them: one row per column, estimates marked "≈" and explained once below,
 * times as dates, and the distribution of any feature (a histogram for numbers, the most frequent values for text
 * and yes/no).
 */
final class StatisticsTable extends Div {

    static final String ESTIMATE = "≈ ";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    StatisticsTable(List<ColumnStatistics> statistics, List<String> features) {
        setWidthFull();
        Grid<ColumnStatistics> grid = new Grid<>(ColumnStatistics.class, false);
        grid.setId("feature-statistics");
        grid.addColumn(ColumnStatistics::name).setHeader("Column").setWidth("8rem").setFlexGrow(1)
                .setTooltipGenerator(ColumnStatistics::name);
        grid.addColumn(s -> Formats.count(s.count())).setHeader("Rows").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(s -> Formats.count(s.nulls())).setHeader("Nulls").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(StatisticsTable::distinct).setHeader("Distinct").setTextAlign(ColumnTextAlign.END).setWidth("6.5rem")
                .setFlexGrow(0);
        grid.addColumn(s -> value(s, s.min())).setHeader("Min").setWidth("10.5rem").setFlexGrow(0).setTooltipGenerator(ColumnStatistics::min);
        grid.addColumn(s -> value(s, s.max())).setHeader("Max").setWidth("10.5rem").setFlexGrow(0).setTooltipGenerator(ColumnStatistics::max);
        grid.addColumn(s -> s.mean() == null ? "" : Formats.number(s.mean(), 3)).setHeader("Mean").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(s -> s.stddev() == null ? "" : Formats.number(s.stddev(), 3)).setHeader("Std dev").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(StatisticsTable::median).setHeader("Median").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        if (statistics.stream().anyMatch(s -> s.violations() > 0)) {
            grid.addColumn(s -> s.violations() == 0 ? "" : Formats.count(s.violations())).setHeader("Violations").setTextAlign(ColumnTextAlign.END)
                    .setAutoWidth(true);
        }
        grid.setItems(statistics);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        add(grid);
        if (statistics.stream().anyMatch(s -> !s.distinctExact() || (s.quantiles().containsKey(0.5) && !s.quantilesExact()))) {
            Paragraph note = new Paragraph("≈ marks an estimate. Distinct values are counted exactly up to 1,000 and estimated "
                    + "beyond (within about 2%); a median of more than 400 values is within 1% of its rank.");
            note.setId("statistics-estimates");
            note.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            add(note);
        }
        List<ColumnStatistics> drawable = features.stream()
                .flatMap(f -> statistics.stream().filter(s -> s.name().equals(f)))
                .filter(s -> !s.histogram().isEmpty() || (s.categories() != null && !s.categories().values().isEmpty())).toList();
        if (!drawable.isEmpty()) {
            Select<ColumnStatistics> feature = new Select<>();
            feature.setId("histogram-feature");
            feature.setLabel("Distribution of");
            feature.setItems(drawable);
            feature.setItemLabelGenerator(ColumnStatistics::name);
            DataChart chart = new DataChart("feature-histogram", "Distribution", DataChart.Kind.BAR, "No values to draw");
            Paragraph caption = new Paragraph();
            caption.setId("distribution-caption");
            caption.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            feature.addValueChangeListener(e -> {
                chart.show(distribution(e.getValue()));
                caption.setText(caption(e.getValue()));
            });
            feature.setValue(drawable.getFirst());
            add(feature, chart, caption);
        }
    }

    static String distinct(ColumnStatistics s) {
        return (s.distinctExact() ? "" : ESTIMATE) + Formats.count(s.distinct());
    }

    static String median(ColumnStatistics s) {
        Double median = s.quantiles().get(0.5);
        return median == null ? "" : (s.quantilesExact() ? "" : ESTIMATE) + Formats.number(median, 3);
    }

    /**
     * A minimum or maximum as people read it: times as dates (with their zone when they have one), the rest as stored.
     * Columns that are not features (the event time, the keys) come without a kind: they are read as times when they parse.
     */
    static String value(ColumnStatistics s, String stored) {
        if (stored == null) {
            return "";
        }
        if (s.kind() != Kind.TIME && s.kind() != Kind.OTHER) {
            return stored;
        }
        String iso = stored.replace(' ', 'T');
        try {
            return Formats.dateTime(Instant.parse(iso));
        } catch (RuntimeException notAnInstant) {
            // a time with an offset, a local time or a date
        }
        try {
            return Formats.dateTime(OffsetDateTime.parse(iso).toInstant());
        } catch (RuntimeException notOffset) {
            // next
        }
        try {
            LocalDateTime local = LocalDateTime.parse(iso);
            return Formats.date(local.toLocalDate()) + ", " + LOCAL_TIME.format(local);
        } catch (RuntimeException notLocal) {
            // next
        }
        try {
            return Formats.date(LocalDate.parse(stored));
        } catch (RuntimeException notADate) {
            return stored;
        }
    }

    static ChartData distribution(ColumnStatistics s) {
        if (!s.histogram().isEmpty()) {
            List<String> labels = s.histogram().stream().map(b -> Formats.number(b.lower(), 3) + "–" + Formats.number(b.upper(), 3)).toList();
            List<Long> counts = s.histogram().stream().map(ColumnStatistics.Bin::count).toList();
            return new ChartData(s.name(), labels, List.of(new SeriesData("rows", counts)));
        }
        List<String> labels = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (ColumnStatistics.ValueCount v : s.categories().values()) {
            labels.add(v.value().isEmpty() ? "(empty)" : v.value());
            counts.add(v.count());
        }
        if (s.categories().others() > 0) {
            labels.add("Other values");
            counts.add(s.categories().others());
        }
        return new ChartData(s.name(), labels, List.of(new SeriesData("rows", counts)));
    }

    static String caption(ColumnStatistics s) {
        if (!s.histogram().isEmpty()) {
            return "Rows per range of " + s.name() + ", in " + s.histogram().size() + " equal ranges between its minimum and maximum"
                    + (s.quantilesExact() ? "." : " (estimated from a sketch of the values).");
        }
        ColumnStatistics.Categories c = s.categories();
        String which = c.others() > 0 ? "The " + c.values().size() + " most frequent values of " + s.name() + " and the rows holding any other"
                : "Rows per value of " + s.name();
        return which + (c.approximate() ? "; counts are estimates (the column has too many values to count each)." : ".")
                + " Rows without a value are not drawn.";
    }
}
