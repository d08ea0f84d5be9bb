package io.esteira.workspaces.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.function.ValueProvider;
import io.esteira.areas.AreaService.AreaRef;
import io.esteira.workspaces.QuotaLimits;
import io.esteira.workspaces.WorkspaceAdministration;
import java.util.List;

/** The quotas tab: every area's limits on running workspaces, for the area and for each person in it. */
class QuotaPanel extends VerticalLayout {

    private final WorkspaceAdministration admin;
    private final List<AreaRef> areas;
    private final Grid<QuotaRow> grid = new Grid<>(QuotaRow.class, false);

    QuotaPanel(WorkspaceAdministration admin, List<AreaRef> areas) {
        this.admin = admin;
        this.areas = areas;
        setId("quotas-panel");
        setPadding(false);

        grid.setId("quotas-grid");
        grid.addColumn(r -> r.area().name() + " (" + r.area().code() + ")").setHeader("Area").setWidth("12rem").setFlexGrow(2)
                .setTooltipGenerator(r -> r.area().name());
        number("Workspaces per area", QuotaLimits::areaWorkspaces);
        number("vCPU per area", QuotaLimits::areaVcpu);
        number("GPUs per area", QuotaLimits::areaGpus);
        number("Workspaces per person", QuotaLimits::userWorkspaces);
        number("vCPU per person", QuotaLimits::userVcpu);
        number("GPUs per person", QuotaLimits::userGpus);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setEmptyStateText("There are no areas yet; quotas belong to areas.");
        grid.addItemClickListener(e -> new QuotaEditor(admin, e.getItem().area(), admin.quota(e.getItem().area().id()),
                this::refresh).open());
        grid.setSizeFull();
        refresh();

        add(new Paragraph("Quotas count workspaces that are running or starting. "
                + "A request that would exceed one is refused with the quota and the amount."), grid);
        setFlexGrow(1, grid);
        setSizeFull();
    }

    private void number(String header, ValueProvider<QuotaLimits, Integer> value) {
        grid.addColumn(r -> value.apply(r.limits())).setHeader(header).setAutoWidth(true).setFlexGrow(1)
                .setTextAlign(ColumnTextAlign.END);
    }

    private void refresh() {
        grid.setItems(areas.stream().map(a -> new QuotaRow(a, admin.quota(a.id()))).toList());
    }

    /** One area and its limits. */
    record QuotaRow(AreaRef area, QuotaLimits limits) {
    }
}
