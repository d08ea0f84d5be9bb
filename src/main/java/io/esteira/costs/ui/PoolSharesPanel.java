package io.esteira.costs.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.costs.PoolShares;
import io.esteira.shared.Formats;
import io.esteira.shared.ui.CsvDownload;
import java.util.List;

/**
 * The area's share of the month's shared pools: a closed month's as its statement has them, the current month's as
 * the pools priced so far would give it now (the close distributes them).
 */
final class PoolSharesPanel {

    private PoolSharesPanel() {
    }

    static Div of(PoolShares shares, CostBreakdown.Month shown) {
        H2 heading = new H2("Shared pools");
        heading.addClassNames(LumoUtility.FontSize.LARGE);
        HorizontalLayout head = new HorizontalLayout(heading, CsvDownload.link("costs-pools-csv", shown.file("shared-pools"),
                List.of("pool", "pool_amount", "pool_currency", "rule", "how", "area_share", "currency", "statement", "estimate"),
                shares.pools().stream().map(p -> List.of(p.pool(), p.poolAmount().toPlainString(), p.poolCurrency(), p.rule().name(), p.how(),
                        p.share().toPlainString(), shares.currency(), shares.statementNumber() == null ? "" : shares.statementNumber(),
                        Boolean.toString(!shares.closed()))).toList()));
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        head.getStyle().set("flex-wrap", "wrap");
        String month = Formats.month(shares.month());
        String area = shown.area().name();
        Paragraph how = new Paragraph();
        how.setId("costs-pools-how");
        how.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.NONE);
        if (shares.closed()) {
            how.setText(shares.pools().isEmpty() ? month + " closed without shared pools: its statements carry direct cost only."
                    : "As " + (shares.statementNumber() == null ? area + " carried them when " + month + " closed (it had no statement)"
                            : "statement " + shares.statementNumber() + " has them") + ": " + Formats.amount(shares.total()) + " "
                            + shares.currency() + " of platform overhead, on top of the direct cost above.");
        } else {
            how.setText(shares.pools().isEmpty() ? "No shared pool is priced for " + month + " yet. Administrators price the platform's "
                    + "overhead (the portal, its database, the cluster's spare capacity) per month, and the monthly close distributes "
                    + "it over the areas."
                    : "Distributed when " + month + " closes. What the pools priced so far would give " + area + " if the month closed "
                            + "now, on the direct cost rated so far: " + Formats.amount(shares.total()) + " " + shares.currency()
                            + ". Shares in proportion to direct cost move as the month goes on.");
        }
        Div box = new Div(head, how);
        box.setWidthFull();
        if (!shares.pools().isEmpty()) {
            Grid<PoolShares.Share> grid = new Grid<>();
            grid.setId("costs-pools");
            grid.addColumn(p -> p.pool() + " · " + p.how()).setHeader("Pool, shared").setFlexGrow(1)
                    .setTooltipGenerator(p -> p.pool() + " · " + p.how());
            grid.addColumn(p -> Formats.amount(p.poolAmount()) + " " + p.poolCurrency()).setHeader("Pool amount")
                    .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
            grid.addColumn(p -> Formats.amount(p.share()) + " " + shares.currency()).setHeader(shares.closed() ? "Charged" : "Share now")
                    .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
            grid.setItems(shares.pools());
            grid.setAllRowsVisible(true);
            grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
            box.add(grid);
        }
        return box;
    }
}
