package io.esteira.workspaces.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaService.AreaRef;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.SearchToolbar;
import io.esteira.workspaces.SizeOption;
import io.esteira.workspaces.TemplateSummary;
import io.esteira.workspaces.WorkspaceAdministration;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Administrators define the workspace templates people may request, the areas' quotas, and clean up runtimes. */
@Route("admin/templates")
@PageTitle("Workspace templates · Esteira")
@Menu(title = "Workspace templates", order = 210, icon = "vaadin:cubes")
@RolesAllowed(Role.ADMIN_NAME)
class TemplatesView extends VerticalLayout {

    private final WorkspaceAdministration admin;
    private final List<AreaRef> areas;
    private final Map<UUID, String> areaCodes;
    private final Grid<TemplateSummary> grid = new Grid<>(TemplateSummary.class, false);

    TemplatesView(WorkspaceAdministration admin, AreaService areaService) {
        this.admin = admin;
        this.areas = areaService.directory();
        this.areaCodes = areas.stream().collect(Collectors.toMap(AreaRef::id, AreaRef::code));
        addClassName("view");
        setId("templates-view");

        TabSheet tabs = new TabSheet();
        tabs.setId("templates-tabs");
        tabs.add("Templates", templatesTab());
        tabs.add("Quotas", new QuotaPanel(admin, areas));
        tabs.add("Reconciliation", new ReconciliationPanel(admin));
        tabs.setSizeFull();

        add(new H1("Workspace templates"), tabs);
        setFlexGrow(1, tabs);
        setSizeFull();
    }

    private Component templatesTab() {
        SearchToolbar toolbar = new SearchToolbar("Search by name or image", () -> grid.getDataProvider().refreshAll(),
                "New template", "new-template", () -> openEditor(null));

        grid.setId("templates-grid");
        grid.addColumn(TemplateSummary::name).setHeader("Name").setWidth("10rem").setFlexGrow(2)
                .setTooltipGenerator(TemplateSummary::name);
        grid.addColumn(TemplateSummary::provisioner).setHeader("Provisioner").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TemplateSummary::image).setHeader("Image or kernel").setWidth("8rem").setFlexGrow(1)
                .setTooltipGenerator(TemplateSummary::image);
        grid.addColumn(t -> t.sizes().stream().map(SizeOption::code).collect(Collectors.joining(", ")))
                .setHeader("Sizes").setWidth("7rem").setFlexGrow(1);
        grid.addColumn(this::areasOf).setHeader("Areas").setWidth("6rem").setFlexGrow(1).setTooltipGenerator(this::areasOf);
        grid.addColumn(t -> t.idleTimeoutMinutes() + " min").setHeader("Idle stop").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(t -> t.maxLifetimeHours() + " h").setHeader("Max lifetime").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addComponentColumn(TemplatesView::status).setHeader("Status").setWidth("9rem").setFlexGrow(0).setFrozenToEnd(true)
                .setTooltipGenerator(t -> t.available() ? null : t.availability());
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(query -> admin.templates(toolbar.searchText(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText("No templates match. Create the first one with \"New template\".");
        // reopen from the service, so the editor starts from the latest version
        grid.addItemClickListener(e -> openEditor(admin.template(e.getItem().id())));
        grid.setSizeFull();

        VerticalLayout tab = new VerticalLayout(toolbar, grid);
        tab.setPadding(false);
        tab.setSizeFull();
        tab.setFlexGrow(1, grid);
        return tab;
    }

    private String areasOf(TemplateSummary t) {
        if (t.areaIds().isEmpty()) {
            return "All areas";
        }
        return t.areaIds().stream().map(id -> areaCodes.getOrDefault(id, "unknown area")).sorted()
                .collect(Collectors.joining(", "));
    }

    /** The availability message is the column's tooltip, so it shows when hovering the badge. */
    private static Component status(TemplateSummary t) {
        HorizontalLayout status = new HorizontalLayout(new Span(t.active() ? "Active" : "Inactive"));
        status.setSpacing(true);
        status.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        if (!t.available()) {
            Span unavailable = new Span("Unavailable");
            unavailable.getElement().getThemeList().add("badge error");
            status.add(unavailable);
        }
        return status;
    }

    private void openEditor(TemplateSummary existing) {
        new TemplateEditor(admin, areas, existing, () -> grid.getDataProvider().refreshAll()).open();
    }
}
