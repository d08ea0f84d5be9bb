package io.esteira.models.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelSummary;
import io.esteira.shared.Formats;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.People;
import io.esteira.shared.ui.SearchToolbar;
import jakarta.annotation.security.RolesAllowed;

/**
 * The models of the current area (reviewers, who belong to no area, see every area's), with their
 * latest version's gates and the champion; live as versions are registered and gated.
 */
@Route("models")
@PageTitle("Models · Esteira")
@Menu(title = "Models", order = 40, icon = "vaadin:automation")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME, Role.REVIEWER_NAME})
class ModelsView extends VerticalLayout {

    private final Grid<ModelSummary> grid = new Grid<>(ModelSummary.class, false);
    private final ModelUpdates updates;
    private final AreaSummary area;
    private Runnable unregister;

    ModelsView(ModelRegistry registry, AreaService areas, AreaAccess access, ModelUpdates updates) {
        this.updates = updates;
        this.area = areas.currentArea().orElse(null);
        addClassName("view");
        setId("models-view");
        setSizeFull();
        boolean canCreate = area != null && access.canAct(area.id());
        SearchToolbar toolbar = new SearchToolbar("Search by name, use case or description", () -> grid.getDataProvider().refreshAll(),
                "New model", "new-model", () -> new NewModelDialog(registry, area, created -> UI.getCurrent().navigate(ModelPage.class,
                        new RouteParameters("name", created.name()))).open());
        toolbar.getChildren().filter(c -> "new-model".equals(c.getId().orElse(null))).findFirst().ifPresent(b -> b.setVisible(canCreate));

        grid.setId("models-grid");
        grid.addComponentColumn(ModelsView::name).setHeader("Model").setWidth("13rem").setFlexGrow(3);
        if (area == null) {
            grid.addColumn(ModelSummary::area).setHeader("Area").setWidth("6rem").setFlexGrow(1);
        }
        grid.addColumn(ModelSummary::useCase).setHeader("Use case").setWidth("9rem").setFlexGrow(2).setTooltipGenerator(ModelSummary::useCase);
        grid.addComponentColumn(m -> tier(m.riskTier())).setHeader("Risk tier").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(ModelsView::latest).setHeader("Latest version").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(m -> m.champion() == null ? "—" : "v" + m.champion()).setHeader("Champion").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(People.renderer(m -> Formats.person(m.owner(), m.ownerUsername()), ModelSummary::ownerUsername)).setHeader("Owner")
                .setWidth("7rem").setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(query -> registry.list(area == null ? null : area.id(), toolbar.searchText(),
                VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText(canCreate ? "No model yet. Create one with \"New model\"; pipelines then register its versions through the API."
                : "No model to show" + (area == null ? "." : " in " + area.name() + "."));
        grid.addItemClickListener(e -> UI.getCurrent().navigate(ModelPage.class, new RouteParameters("name", e.getItem().name()),
                com.vaadin.flow.router.QueryParameters.of("area", e.getItem().areaId().toString())));
        grid.setSizeFull();
        add(new H1(area == null ? "Models" : "Models of " + area.name()), toolbar, grid);
    }

    private static Component name(ModelSummary m) {
        Span name = new Span(m.name());
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        name.getStyle().set("overflow-wrap", "anywhere");
        Span description = new Span(m.description());
        description.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        return new Div(name, description);
    }

    static Span tier(int tier) {
        Span badge = new Span("Tier " + tier);
        badge.getElement().getThemeList().add("badge pill " + switch (tier) {
            case 1 -> "error";
            case 2 -> "";
            default -> "contrast";
        });
        badge.getElement().setAttribute("title", switch (tier) {
            case 1 -> "Highest model risk";
            case 2 -> "Medium model risk";
            default -> "Lowest model risk";
        });
        return badge;
    }

    private static Component latest(ModelSummary m) {
        if (m.latestVersion() == null) {
            Span none = new Span("no version yet");
            none.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
            return none;
        }
        return gates("v" + m.latestVersion() + " · ", m.latestGates());
    }

    /** The gate state as a badge: "gates running", "gates passed", … */
    static Span gates(String prefix, String state) {
        Span badge = new Span(prefix + switch (state) {
            case "PENDING", "RUNNING" -> "gates running";
            case "PASSED" -> "gates passed";
            case "FAILED" -> "gates failed";
            default -> "gates incomplete";
        });
        badge.getElement().getThemeList().add("badge pill " + switch (state) {
            case "PASSED" -> "success";
            case "FAILED" -> "error";
            case "INCOMPLETE" -> "contrast";
            default -> "";
        });
        return badge;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        unregister = updates.register(update -> {
            if (area == null || area.id().equals(update.areaId())) {
                ui.access(() -> grid.getDataProvider().refreshAll());
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (unregister != null) {
            unregister.run();
            unregister = null;
        }
        super.onDetach(detachEvent);
    }
}
