package io.esteira.monitoring.ui;

import io.esteira.shared.Formats;
import io.esteira.shared.ui.CsvDownload;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.monitoring.DashboardWindow;
import io.esteira.monitoring.DriftResults.Drift;
import io.esteira.monitoring.MonitoringDashboard.DriftOverview;
import io.esteira.monitoring.MonitoringDashboard.FeatureDrift;
import io.esteira.monitoring.statistics.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Drift of the release's input features against the training baseline over the window: the heatmap
 * of features × windows, the table of each feature's latest window, and (on a click on either) the
 * feature's distributions.
 */
final class DriftSection extends VerticalLayout {

    private final Consumer<String> onFeature;

    DriftSection(Consumer<String> onFeature) {
        this.onFeature = onFeature;
        setId("monitoring-drift");
        setPadding(false);
        setSpacing(false);
    }

    void show(DriftOverview drift, DashboardWindow window, String deployment) {
        removeAll();
        add(new H2("Data drift"));
        Paragraph intro = new Paragraph("Each input feature per " + drift.granularity().name().toLowerCase() + " (UTC) against the model "
                + "version's training data. PSI over 10 bins (natural log); KS D for numbers; JS is the Jensen–Shannon divergence, "
                + "log base 2 (0 = same, 1 = disjoint). A window with fewer than " + Formats.count(drift.minimumRows())
                + " rows is \"insufficient data\", never \"no drift\".");
        intro.addClassNames(LumoUtility.Margin.Top.NONE, LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        add(intro);
        if (!drift.evaluated()) {
            Paragraph empty = new Paragraph(drift.hasBaseline()
                    ? "No drift evaluated in this window (" + window.label().toLowerCase() + "): drift is evaluated every hour for the "
                            + "hours with traffic, and daily for the day before."
                    : "No drift yet: this version has no training baseline. It is built when a release goes live, from the feature "
                            + "groups its lineage names; a version whose lineage names none is not compared.");
            empty.setId("drift-empty");
            add(empty);
            return;
        }
        insufficient(drift).ifPresent(this::add);

        HorizontalLayout heatTitle = new HorizontalLayout(new H3("Features × " + (drift.granularity().name().equals("HOUR") ? "hours" : "days")));
        heatTitle.setAlignItems(FlexComponent.Alignment.BASELINE);
        heatTitle.getStyle().set("flex-wrap", "wrap");
        List<List<String>> cells = new ArrayList<>();
        drift.dataset().forEach(d -> cells.add(cells(d)));
        drift.features().forEach(f -> f.windows().forEach(d -> cells.add(cells(d))));
        heatTitle.add(CsvDownload.link("drift-heatmap-csv", deployment + "-drift-" + drift.granularity().name().toLowerCase() + ".csv",
                header(), cells));
        add(heatTitle, legend(), new DriftHeatmap(drift, onFeature));

        HorizontalLayout tableTitle = new HorizontalLayout(new H3("Per feature, latest window"));
        tableTitle.setAlignItems(FlexComponent.Alignment.BASELINE);
        tableTitle.getStyle().set("flex-wrap", "wrap");
        tableTitle.add(CsvDownload.link("drift-table-csv", deployment + "-drift-features.csv",
                List.of("feature", "kind", "latest_window_utc", "verdict", "psi", "ks_d", "js_divergence_log2", "chi_square_p", "window_rows",
                        "baseline_rows", "windows_in_breach", "windows_in_warning", "windows_insufficient", "windows_evaluated", "explanation",
                        "method"),
                drift.features().stream().map(f -> List.of(f.feature(), f.numeric() ? "numeric" : "categorical",
                        Formats.iso(f.latest().windowStart()), f.latest().verdict().name(), Figures.plain(f.latest().psi()),
                        Figures.plain(f.latest().ksD()), Figures.plain(f.latest().jensenShannon()), Figures.plain(f.latest().chiSquareP()),
                        Long.toString(f.latest().windowRows()), Long.toString(f.latest().baselineRows()), Integer.toString(f.inBreach()),
                        Integer.toString(f.inWarning()), Integer.toString(f.insufficient()), Integer.toString(f.windows().size()),
                        f.latest().explanation(), f.latest().method())).toList()));
        add(tableTitle, table(drift));
    }

    private java.util.Optional<Paragraph> insufficient(DriftOverview drift) {
        List<FeatureDrift> few = drift.features().stream().filter(f -> f.latest().verdict() == Verdict.INSUFFICIENT_DATA).toList();
        if (few.isEmpty()) {
            return java.util.Optional.empty();
        }
        long rows = few.stream().mapToLong(f -> f.latest().windowRows()).max().orElse(0);
        Paragraph p = new Paragraph("Insufficient data: " + Formats.count(rows) + " rows in the latest window ("
                + Formats.dateTime(few.getFirst().latest().windowStart()) + "), the monitor needs " + Formats.count(drift.minimumRows())
                + (few.size() == drift.features().size() ? "." : " (" + few.size() + " of " + drift.features().size() + " features)."));
        p.setId("drift-insufficient");
        p.addClassNames(LumoUtility.Padding.SMALL, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Background.CONTRAST_5);
        return java.util.Optional.of(p);
    }

    private static Div legend() {
        Div legend = new Div();
        legend.addClassName("drift-legend");
        legend.add(new Html("<span><span class=\"drift-cell drift-ok\" style=\"--psi:0.6\"></span>No drift</span>"),
                new Html("<span><span class=\"drift-cell drift-warning\" style=\"--psi:0.8\"></span>Warning</span>"),
                new Html("<span><span class=\"drift-cell drift-breach\" style=\"--psi:1\"></span>Breach (darker: higher PSI)</span>"),
                new Html("<span><span class=\"drift-cell drift-insufficient-data\"></span>Insufficient data</span>"),
                new Html("<span><span class=\"drift-cell drift-none\"></span>Not evaluated</span>"),
                new Span("Click a feature for its distributions."));
        return legend;
    }

    private Grid<FeatureDrift> table(DriftOverview drift) {
        Grid<FeatureDrift> grid = new Grid<>();
        grid.setId("drift-table");
        grid.setColumnReorderingAllowed(false);
        grid.addColumn(FeatureDrift::feature).setHeader("Feature").setWidth("9rem").setFlexGrow(2).setSortable(true)
                .setTooltipGenerator(FeatureDrift::feature);
        grid.addComponentColumn(f -> Figures.verdictBadge(f.latest().verdict())).setHeader("Verdict").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(f -> f.latest().explanation());
        grid.addColumn(f -> Formats.decimal(f.latest().psi(), 3)).setHeader("PSI").setAutoWidth(true).setFlexGrow(0)
                .setComparator(f -> f.latest().psi() == null ? -1 : f.latest().psi()).setPartNameGenerator(f -> "numeric");
        grid.addColumn(f -> f.numeric() ? "KS " + Formats.decimal(f.latest().ksD(), 3) + " · JS " + Formats.decimal(f.latest().jensenShannon(), 3)
                : "JS " + Formats.decimal(f.latest().jensenShannon(), 3)).setHeader("KS / JS").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(f -> Formats.count(f.latest().windowRows())).setHeader("Rows").setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(f -> "numeric");
        grid.addColumn(f -> f.numeric() ? "numeric" : "categorical").setHeader("Method").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(f -> f.latest().method());
        grid.addColumn(f -> f.inBreach() + " of " + f.windows().size()).setHeader("Windows in breach").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setItems(drift.features());
        if (drift.features().size() > 15) {
            grid.setHeight("32rem");
        } else {
            grid.setAllRowsVisible(true);
        }
        grid.addItemClickListener(e -> onFeature.accept(e.getItem().feature()));
        return grid;
    }

    private static List<String> header() {
        return List.of("window_start_utc", "granularity", "feature", "verdict", "psi", "ks_d", "ks_p", "js_divergence_log2", "wasserstein_norm",
                "chi_square", "chi_square_p", "noise_floor", "window_rows", "baseline_rows", "explanation");
    }

    private static List<String> cells(Drift d) {
        return List.of(Formats.iso(d.windowStart()), d.granularity().name(), d.column(), d.verdict().name(), Figures.plain(d.psi()),
                Figures.plain(d.ksD()), Figures.plain(d.ksP()), Figures.plain(d.jensenShannon()), Figures.plain(d.wasserstein()),
                Figures.plain(d.chiSquare()), Figures.plain(d.chiSquareP()), Figures.plain(d.noiseFloor()), Long.toString(d.windowRows()),
                Long.toString(d.baselineRows()), d.explanation());
    }
}
