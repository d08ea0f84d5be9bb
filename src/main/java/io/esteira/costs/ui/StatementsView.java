package io.esteira.costs.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.StatementView;
import io.esteira.costs.Statements;
import io.esteira.shared.Formats;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** The monthly cost statements of the areas a manager answers for (administrators: every area), as PDF and FOCUS CSV. */
@Route("costs/statements")
@PageTitle("Cost statements · Esteira")
@Menu(title = "Cost statements", order = 57, icon = "vaadin:invoice")
@RolesAllowed({Role.MANAGER_NAME, Role.ADMIN_NAME})
class StatementsView extends VerticalLayout {

    private final Statements statements;
    private final Grid<StatementView> grid = new Grid<>(StatementView.class, false);

    StatementsView(Statements statements, AreaService areas, AreaAccess access) {
        this.statements = statements;
        addClassName("view");
        setId("statements-view");
        boolean admin = CurrentUser.require().isAdmin();
        List<AreaSummary> mine = areas.myAreas().stream().filter(a -> admin || access.canManage(a.id())).toList();

        Select<AreaSummary> area = new Select<>();
        area.setId("statements-area");
        area.setLabel("Area");
        area.setWidth("min(100%, 22rem)");
        area.setItems(mine);
        area.setItemLabelGenerator(a -> a.name() + " (" + a.code() + ")");
        area.addValueChangeListener(e -> grid.setItems(e.getValue() == null ? List.of() : statements.list(e.getValue().id())));

        grid.setId("statements-grid");
        // what a phone must keep first: which statement, its total and the downloads; the breakdown follows
        grid.addColumn(StatementView::number).setHeader("Statement").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(s -> Formats.amount(s.total()) + " " + s.currency()).setHeader("Total").setTextAlign(ColumnTextAlign.END).setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(this::downloads).setHeader("Download").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(s -> Formats.month(s.month())).setHeader("Month").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(s -> Formats.amount(s.directTotal())).setHeader("Direct").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(s -> Formats.amount(s.correctionTotal())).setHeader("Corrections").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(s -> Formats.amount(s.poolTotal())).setHeader("Shared pools").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(s -> Formats.date(s.issuedAt())).setHeader("Issued (UTC)").setAutoWidth(true)
                .setTooltipGenerator(s -> Formats.dateTimeWithSeconds(s.issuedAt()));
        grid.setAllRowsVisible(true); // a statement a month: a few dozen rows at most
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setEmptyStateText("No statement yet: a month's statements are issued when it closes (on the 2nd of the next month).");

        add(new H1("Cost statements"), new Paragraph("Each closed month's statement of the area: direct cost from the hourly ledger, "
                + "corrections of earlier months and shares of the shared platform pools. It never changes once issued."), area, grid);
        if (!mine.isEmpty()) {
            area.setValue(mine.getFirst());
        }
    }

    private HorizontalLayout downloads(StatementView s) {
        Anchor pdf = new Anchor((DownloadHandler) (DownloadEvent event) -> {
            event.setFileName(s.number() + ".pdf");
            event.setContentType("application/pdf");
            event.getOutputStream().write(statements.pdf(s.number()));
        }, "PDF");
        pdf.getElement().setAttribute("download", true);
        pdf.setId("pdf-" + s.number());
        Statements.Export export = statements.focusCsv(s.number());
        Anchor csv = new Anchor((DownloadHandler) (DownloadEvent event) -> {
            event.setFileName(s.number() + ".csv");
            event.setContentType("text/csv;charset=UTF-8");
            export.writeTo(event.getOutputStream());
        }, "FOCUS CSV");
        csv.getElement().setAttribute("download", true);
        csv.setId("csv-" + s.number());
        HorizontalLayout links = new HorizontalLayout(pdf, csv);
        links.setSpacing(false);
        links.getStyle().set("gap", "var(--lumo-space-s)");
        return links;
    }
}
