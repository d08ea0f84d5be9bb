package io.esteira.monitoring.ui;

import io.esteira.shared.Formats;
import io.esteira.shared.ui.CsvDownload;
import io.esteira.shared.ui.chart.LineChart;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.monitoring.DashboardWindow;
import io.esteira.monitoring.PerformanceResults.Performance;
import io.esteira.monitoring.PerformanceResults.Task;
import io.esteira.monitoring.statistics.Maturity;
import io.esteira.shared.ui.chart.ChartOption.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How well the model does over the window: the realised metric once a window's labels are mature,
 * the estimate (CBPE, from the score sketch) always, beside each other, and the label coverage that
 * says how far to trust the realised one. Read from the precomputed performance rows.
 */
final class PerformanceSection extends VerticalLayout {

    PerformanceSection() {
        setId("monitoring-performance");
        setPadding(false);
        setSpacing(false);
    }

    void show(List<Performance> rows, DashboardWindow window, String deployment) {
        removeAll();
        HorizontalLayout title = new HorizontalLayout(new H2("Model performance"));
        title.setWidthFull();
        title.setAlignItems(FlexComponent.Alignment.BASELINE);
        title.getStyle().set("flex-wrap", "wrap");
        add(title);
        Paragraph summary = new Paragraph();
        summary.setId("performance-summary");
        summary.addClassNames(LumoUtility.Margin.Top.NONE, LumoUtility.TextColor.SECONDARY);
        add(summary);
        if (rows.isEmpty()) {
            summary.setText("No performance evaluated in this window (" + window.label().toLowerCase() + "). Each closed window gets the "
                    + "estimate from its scores; realised metrics follow once its labels arrive (POST …/labels or a label query).");
            return;
        }
        boolean classifier = rows.getLast().task() == Task.CLASSIFICATION;
        title.add(CsvDownload.link("performance-csv", deployment + "-performance-" + rows.getFirst().granularity().name().toLowerCase() + ".csv",
                List.of("window_start_utc", "granularity", "model_version", "task", "predicted_rows", "labelled_rows", "labelled_rows_with_scores",
                        "coverage", "maturity", "threshold", "auc", "ks", "precision", "recall", "f1", "brier", "mae", "rmse", "mape",
                        "estimated_rows", "estimated_auc", "estimated_precision", "estimated_recall", "estimated_f1", "explanation", "method"),
                rows.stream().map(p -> List.of(Formats.iso(p.windowStart()), p.granularity().name(), Integer.toString(p.version()),
                        String.valueOf(p.task()), Long.toString(p.predictedRows()), Long.toString(p.labelledRows()),
                        Long.toString(p.labelledRowsWithScores()), Figures.plain(p.coverage()), String.valueOf(p.maturity()),
                        Figures.plain(p.threshold()), Figures.plain(p.auc()), Figures.plain(p.ks()), Figures.plain(p.precision()),
                        Figures.plain(p.recall()), Figures.plain(p.f1()), Figures.plain(p.brier()), Figures.plain(p.mae()),
                        Figures.plain(p.rmse()), Figures.plain(p.mape()), Figures.plain(p.estimatedRows()), Figures.plain(p.estimatedAuc()),
                        Figures.plain(p.estimatedPrecision()), Figures.plain(p.estimatedRecall()), Figures.plain(p.estimatedF1()),
                        p.explanation() == null ? "" : p.explanation(), p.method())).toList()));
        summary.setText(summaryOf(rows, classifier));

        List<String> labels = rows.stream().map(p -> Figures.bucket(p.granularity(), p.windowStart())).toList();
        Div charts = new Div();
        charts.setWidthFull();
        charts.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(min(100%, 26rem), 1fr))")
                .set("gap", "var(--lumo-space-m)");
        if (classifier) {
            charts.add(LineChart.of("performance-auc", "AUC: realised and estimate", labels,
                    series(rows, "Realised", Performance::auc), series(rows, "Estimate", Performance::estimatedAuc)));
        } else {
            charts.add(LineChart.of("performance-error", "Error: MAE and RMSE", labels,
                    series(rows, "MAE", Performance::mae), series(rows, "RMSE", Performance::rmse)));
        }
        charts.add(LineChart.of("performance-coverage", "Label coverage (%)", labels,
                series(rows, "Labelled rows", p -> p.coverage() == null ? null : Math.round(p.coverage() * 1000) / 10.0)));
        add(charts);

        H3 tableTitle = new H3("Latest windows");
        tableTitle.addClassNames(LumoUtility.FontSize.MEDIUM, LumoUtility.Margin.Bottom.XSMALL);
        add(tableTitle, table(rows, classifier));
    }

    /** The newest window that has a realised value, and the newest estimate, said plainly. */
    private static String summaryOf(List<Performance> rows, boolean classifier) {
        Performance latest = rows.getLast();
        Performance realised = null;
        for (int i = rows.size() - 1; i >= 0 && realised == null; i--) {
            if (rows.get(i).realised() && (classifier ? rows.get(i).auc() != null : rows.get(i).mae() != null)) {
                realised = rows.get(i);
            }
        }
        StringBuilder text = new StringBuilder();
        if (realised == null) {
            text.append("No window is mature yet: realised metrics wait for its labels (coverage ")
                    .append(Formats.percent(latest.coverage(), 2)).append(" in the latest). ");
        } else {
            text.append(classifier ? "Realised AUC " + Formats.decimal(realised.auc(), 3) : "Realised MAE " + Formats.decimal(realised.mae(), 3))
                    .append(" in ").append(Figures.bucket(realised.granularity(), realised.windowStart())).append(" (")
                    .append(Formats.count(realised.labelledRowsWithScores())).append(" labelled rows with scores, coverage ")
                    .append(Formats.percent(realised.coverage(), 2)).append("). ");
        }
        if (classifier) {
            text.append("Estimate (CBPE, assumes calibrated scores) ").append(Formats.decimal(latest.estimatedAuc(), 3)).append(" in ")
                    .append(Figures.bucket(latest.granularity(), latest.windowStart())).append('.');
        }
        return text.toString();
    }

    private static Grid<Performance> table(List<Performance> rows, boolean classifier) {
        Grid<Performance> grid = new Grid<>();
        grid.setId("performance-table");
        grid.addColumn(p -> Figures.bucket(p.granularity(), p.windowStart())).setHeader("Window (UTC)").setAutoWidth(true).setFlexGrow(1);
        grid.addComponentColumn(p -> maturity(p.maturity())).setHeader("Labels").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(p -> p.explanation());
        grid.addColumn(p -> Formats.percent(p.coverage(), 2)).setHeader("Coverage").setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(p -> "numeric");
        if (classifier) {
            grid.addColumn(p -> Formats.decimal(p.auc(), 3)).setHeader("AUC").setAutoWidth(true).setFlexGrow(0).setPartNameGenerator(p -> "numeric");
            grid.addColumn(p -> Formats.decimal(p.estimatedAuc(), 3)).setHeader("AUC estimate").setAutoWidth(true).setFlexGrow(0)
                    .setPartNameGenerator(p -> "numeric");
            grid.addColumn(p -> Formats.decimal(p.recall(), 3)).setHeader("Recall").setAutoWidth(true).setFlexGrow(0)
                    .setPartNameGenerator(p -> "numeric").setTooltipGenerator(p -> "at the threshold " + p.threshold());
        } else {
            grid.addColumn(p -> Formats.decimal(p.mae(), 3)).setHeader("MAE").setAutoWidth(true).setFlexGrow(0).setPartNameGenerator(p -> "numeric");
            grid.addColumn(p -> Formats.decimal(p.rmse(), 3)).setHeader("RMSE").setAutoWidth(true).setFlexGrow(0).setPartNameGenerator(p -> "numeric");
        }
        grid.addColumn(p -> Formats.count(p.predictedRows())).setHeader("Rows").setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(p -> "numeric");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        List<Performance> newestFirst = new ArrayList<>(rows);
        java.util.Collections.reverse(newestFirst);
        grid.setItems(newestFirst.subList(0, Math.min(newestFirst.size(), 200)));
        grid.setHeight(newestFirst.size() > 8 ? "20rem" : null);
        if (newestFirst.size() <= 8) {
            grid.setAllRowsVisible(true);
        }
        return grid;
    }

    private static com.vaadin.flow.component.html.Span maturity(Maturity.State state) {
        com.vaadin.flow.component.html.Span badge = new com.vaadin.flow.component.html.Span(state == Maturity.State.MATURE ? "Mature" : "Waiting");
        badge.getElement().getThemeList().add(state == Maturity.State.MATURE ? "badge success" : "badge contrast");
        return badge;
    }

    private static Series series(List<Performance> rows, String name, Function<Performance, Double> value) {
        List<Number> data = new ArrayList<>(rows.size());
        rows.forEach(p -> data.add(value.apply(p)));
        return LineChart.line(name, data);
    }
}
