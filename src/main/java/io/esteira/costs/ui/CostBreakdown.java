package io.esteira.costs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.CostLedger;
import io.esteira.costs.CostTotal;
import io.esteira.costs.ResourceKind;
import io.esteira.shared.Formats;
import io.esteira.shared.ui.CsvDownload;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A month's totals grouped one way (by kind, person, model or resource) with its CSV export. A breakdown that drills
 * down opens each row in place (a click, or Space on the focused row) onto the resources whose lines the row sums,
 * read from the same ledger with the same access (a data scientist: their own lines), which add up to the row exactly;
 * the drill-down has its own CSV export.
 */
final class CostBreakdown {

    /** More resources than this in a drill-down: its table scrolls instead of growing. */
    private static final int ALL_ROWS_UP_TO = 30;

    /** The month of an area a page shows, and the ledger it reads. */
    record Month(CostLedger ledger, AreaSummary area, YearMonth month, String currency) {

        Instant from() {
            return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        Instant to() {
            return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        String file(String what) {
            return area.code() + "-" + month + "-" + what + ".csv";
        }
    }

    private CostBreakdown() {
    }

    /**
     * @param drillBy how the rows were grouped, to drill down into the resources of each; null: no drill-down
     */
    static Div of(String id, String title, String what, List<CostTotal> rows, BigDecimal total, Month month,
            Function<CostTotal, String> label, CostTotal.By drillBy) {
        H2 heading = new H2(title);
        heading.addClassNames(LumoUtility.FontSize.LARGE);
        HorizontalLayout head = new HorizontalLayout(heading, CsvDownload.link(id + "-csv", month.file(id.substring(6)),
                List.of(what.toLowerCase(Locale.ROOT), "amount", "currency", "share_of_month", "hourly_lines"),
                rows.stream().map(t -> List.of(label.apply(t), t.amount().toPlainString(), t.currency(), CostFormats.share(t.amount(), total),
                        Long.toString(t.lines()))).toList()));
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        head.getStyle().set("flex-wrap", "wrap");
        Grid<CostTotal> grid = new Grid<>();
        grid.setId(id);
        grid.addColumn(label::apply).setHeader(what).setFlexGrow(1).setTooltipGenerator(label::apply);
        grid.addColumn(t -> Formats.amount(t.amount()) + " " + t.currency()).setHeader("Amount").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> CostFormats.share(t.amount(), total)).setHeader("Share").setTextAlign(ColumnTextAlign.END).setAutoWidth(true)
                .setFlexGrow(0);
        grid.setItems(rows);
        grid.setAllRowsVisible(true); // kinds, the area's people and models, the top resources: a few dozen rows at most
        // long names wrap rather than end in an ellipsis (a phone has room for little else)
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        Div box = new Div(head);
        box.setWidthFull();
        if (drillBy != null && !rows.isEmpty()) {
            Paragraph how = new Paragraph("Open a row (click it, or press Space on it) for its resources: they add up to the row.");
            how.setId(id + "-how");
            how.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.NONE);
            box.add(how);
            grid.setItemDetailsRenderer(new ComponentRenderer<>(row -> drillDown(id, row, label.apply(row), month, drillBy)));
            grid.getElement().setAttribute("aria-label", title + ": open a row for its resources");
        }
        box.add(grid);
        return box;
    }

    /** The resources of one row, a schedule's runs as one; their sum is checked against the row's amount. */
    private static Component drillDown(String id, CostTotal row, String rowLabel, Month month, CostTotal.By by) {
        List<CostTotal> parts = month.ledger().totals(month.area().id(), month.from(), month.to(), CostTotal.Granularity.MONTH,
                CostTotal.By.RESOURCE_GROUP, new CostTotal.Within(by, row.key()));
        BigDecimal sum = parts.stream().map(CostTotal::amount).reduce(BigDecimal.ZERO.setScale(row.amount().scale()), BigDecimal::add);
        String slug = row.key() == null ? "none" : row.key().replaceAll("[^A-Za-z0-9-]", "-").toLowerCase(Locale.ROOT);
        String detailId = id + "-detail-" + slug;
        Div details = new Div();
        details.setId(detailId);
        details.addClassNames(LumoUtility.Padding.Horizontal.SMALL, LumoUtility.Padding.Bottom.SMALL);
        details.setWidthFull();

        Paragraph check = new Paragraph();
        check.setId(detailId + "-sum");
        check.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Margin.Vertical.XSMALL);
        String count = parts.size() == 1 ? "1 resource" : parts.size() + " resources";
        if (sum.compareTo(row.amount()) == 0) {
            check.setText(rowLabel + ": " + count + ", together " + Formats.amount(sum) + " " + row.currency() + ", the row's amount.");
        } else {
            // the rating job rated the month again between the list and this drill-down
            check.setText(rowLabel + ": " + count + ", together " + Formats.amount(sum) + " " + row.currency() + ", not the "
                    + Formats.amount(row.amount()) + " the row shows: the ledger was rated again since the page was read. "
                    + "Choose the month again for figures of the same moment.");
            check.addClassNames(LumoUtility.TextColor.ERROR);
        }
        HorizontalLayout head = new HorizontalLayout(check, CsvDownload.link(detailId + "-csv", month.file(id.substring(6) + "-" + slug),
                List.of("resource", "kind", "ledger_resources", "amount", "currency", "share_of_row", "hourly_lines"),
                parts.stream().map(t -> List.of(t.label(), CostFormats.kind(kind(t)), Long.toString(t.resources()), t.amount().toPlainString(),
                        t.currency(), CostFormats.share(t.amount(), row.amount()), Long.toString(t.lines()))).toList()));
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        head.getStyle().set("flex-wrap", "wrap");
        head.setWidthFull();

        Grid<CostTotal> grid = new Grid<>();
        grid.setId(detailId + "-grid");
        grid.addColumn(CostBreakdown::resource).setHeader("Resource").setFlexGrow(1).setTooltipGenerator(CostBreakdown::resource);
        grid.addColumn(t -> Formats.amount(t.amount()) + " " + t.currency()).setHeader("Amount").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> CostFormats.share(t.amount(), row.amount())).setHeader("Of the row").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.setItems(parts);
        if (parts.size() <= ALL_ROWS_UP_TO) {
            grid.setAllRowsVisible(true);
        } else {
            grid.setHeight("24rem");
        }
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_WRAP_CELL_CONTENT);
        details.add(head, grid);
        return details;
    }

    /** A resource (or a schedule's runs) for people: its name, its kind, and how many runs when it is a schedule's. */
    static String resource(CostTotal t) {
        String kind = kind(t);
        boolean runs = ResourceKind.SCHEDULE_RUN.name().equals(kind) || ResourceKind.BATCH_RUN.name().equals(kind)
                || ResourceKind.TRAINING_RUN.name().equals(kind);
        return t.label() + " · " + CostFormats.kind(kind) + (runs ? " · " + (t.resources() == 1 ? "1 run" : t.resources() + " runs") : "");
    }

    private static String kind(CostTotal t) {
        return t.key() == null || t.key().indexOf('/') < 0 ? t.key() : t.key().substring(0, t.key().indexOf('/'));
    }
}
