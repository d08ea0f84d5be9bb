package io.esteira.monitoring.ui;

import io.esteira.shared.Formats;
import io.esteira.shared.ui.CsvDownload;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.monitoring.DashboardWindow;
import io.esteira.monitoring.MonitoringDashboard.Bin;
import io.esteira.monitoring.MonitoringDashboard.FeatureDistribution;
import io.esteira.shared.ui.chart.ChartData;
import io.esteira.shared.ui.chart.ChartData.SeriesData;
import io.esteira.shared.ui.chart.DataChart;
import java.util.List;

/** A feature's training baseline beside the window's traffic: the bins' shares as bars and as a table. */
final class DistributionPanel extends VerticalLayout {

    DistributionPanel() {
        setId("drift-distribution");
        setPadding(true);
        setSpacing(false);
        addClassNames(LumoUtility.BorderRadius.MEDIUM, LumoUtility.Border.ALL, LumoUtility.BorderColor.CONTRAST_10,
                LumoUtility.Margin.Top.MEDIUM);
        setVisible(false);
    }

    void show(FeatureDistribution d, DashboardWindow window, String deployment) {
        removeAll();
        setVisible(true);
        H3 title = new H3(d.feature() + ": training data vs " + window.label().toLowerCase());
        title.setId("drift-distribution-title");
        title.getStyle().set("overflow-wrap", "break-word").set("min-width", "0");
        Button close = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> setVisible(false));
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        close.setAriaLabel("Close the distributions");
        close.setId("drift-distribution-close");
        String label = window.label();
        HorizontalLayout top = new HorizontalLayout(title, CsvDownload.link("drift-distribution-csv",
                deployment + "-" + d.feature() + "-distribution.csv", List.of("bin", "baseline_share", "window_share", "baseline_rows",
                        "window_rows", "window_from_utc", "window_to_utc"),
                d.bins().stream().map(b -> List.of(b.label(), Double.toString(b.baselineShare()), Double.toString(b.windowShare()),
                        Long.toString(d.baselineRows()), Long.toString(d.windowRows()), Formats.iso(d.range().from()),
                        Formats.iso(d.range().to()))).toList()), close);
        top.setWidthFull();
        top.getStyle().set("flex-wrap", "wrap");
        top.setAlignItems(FlexComponent.Alignment.BASELINE);
        top.expand(title);
        add(top);

        Paragraph figures = new Paragraph();
        figures.setId("drift-distribution-figures");
        figures.addClassNames(LumoUtility.Margin.Top.NONE);
        if (!d.hasBaseline()) {
            figures.setText("No training baseline of " + d.feature() + ": the feature groups of the version's lineage do not have it, so "
                    + "its drift is not judged.");
            add(figures);
            return;
        }
        if (d.windowRows() == 0) {
            figures.setText("No calls with " + d.feature() + " in this window (" + label.toLowerCase() + "). Baseline: "
                    + Formats.count(d.baselineRows()) + " rows" + (d.baselineFrom() == null ? "" : " of " + d.baselineFrom()) + ".");
            add(figures);
            return;
        }
        figures.setText("Baseline: " + Formats.count(d.baselineRows()) + " rows" + (d.baselineFrom() == null ? "" : " of " + d.baselineFrom())
                + "; window: " + Formats.count(d.windowRows()) + " rows, " + Formats.dateTime(d.range().from()) + " to "
                + Formats.dateTime(d.range().to()) + ". PSI " + Formats.decimal(d.psi(), 3) + " · JS " + Formats.decimal(d.jensenShannon(), 3)
                + " (log base 2) over the whole window.");
        add(figures);

        DataChart chart = new DataChart("drift-distribution-chart", "Share of rows per bin: training data and " + label.toLowerCase(),
                DataChart.Kind.BAR, "No rows on either side.");
        chart.show(new ChartData(d.numeric() ? "Bin (baseline deciles)" : "Category", d.bins().stream().map(Bin::label).toList(),
                List.of(new SeriesData("Training data (%)", d.bins().stream().map(b -> percent(b.baselineShare())).toList()),
                        new SeriesData(label + " (%)", d.bins().stream().map(b -> percent(b.windowShare())).toList()))));
        add(chart);

        Grid<Bin> bins = new Grid<>();
        bins.setId("drift-distribution-table");
        bins.addColumn(Bin::label).setHeader(d.numeric() ? "Bin" : "Category").setFlexGrow(2);
        bins.addColumn(b -> Formats.percent(b.baselineShare(), 2)).setHeader("Training data").setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(b -> "numeric");
        bins.addColumn(b -> Formats.percent(b.windowShare(), 2)).setHeader(label).setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(b -> "numeric");
        bins.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        bins.setAllRowsVisible(true);
        bins.setItems(d.bins());
        add(bins);
        Paragraph method = new Paragraph("From the stored " + d.method() + ".");
        method.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
        add(method);
    }

    private static Double percent(double share) {
        return Math.round(share * 10_000) / 100.0;
    }
}
