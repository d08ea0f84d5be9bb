package io.esteira.features.ui;

import com.vaadin.flow.component.Component;
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
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupSummary;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.People;
import io.esteira.shared.ui.SearchToolbar;
import jakarta.annotation.security.PermitAll;

/** The feature catalog: every published group, and the caller's own drafts, found by name, tag, description or column. */
@Route("features")
@PageTitle("Feature store · Esteira")
@Menu(title = "Feature store", order = 20, icon = "vaadin:cluster")
@PermitAll
class FeaturesView extends VerticalLayout {

    private final Grid<FeatureGroupSummary> grid = new Grid<>(FeatureGroupSummary.class, false);

    FeaturesView(FeatureGroupService groups, AreaAccess access, UserDirectory users) {
        People people = new People(users);
        addClassName("view");
        setId("features-view");
        setSizeFull();
        SearchToolbar toolbar = new SearchToolbar("Search by name, tag, description or column", () -> grid.getDataProvider().refreshAll(),
                "Register feature group", "new-feature-group", () -> UI.getCurrent().navigate(RegisterFeatureGroupView.class));
        toolbar.getChildren().filter(c -> "new-feature-group".equals(c.getId().orElse(null))).findFirst()
                .ifPresent(b -> b.setVisible(!access.actableAreaIds().isEmpty()));

        grid.setId("features-grid");
        grid.addComponentColumn(this::name).setHeader("Feature group").setWidth("14rem").setFlexGrow(3);
        grid.addColumn(FeatureGroupSummary::domain).setHeader("Domain").setWidth("9rem").setFlexGrow(1);
        grid.addComponentColumn(FeaturesView::tags).setHeader("Tags").setWidth("9rem").setFlexGrow(1);
        grid.addColumn(FeatureGroupSummary::featureCount).setHeader("Features").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(FeaturesView::status).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(people.rendererById(FeatureGroupSummary::ownerId, FeatureGroupSummary::owner)).setHeader("Owner").setWidth("9rem")
                .setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(query -> people.knowingIds(groups.catalog(toolbar.searchText(), null, VaadinSpringDataHelpers.toSpringPageRequest(query))
                .getContent(), FeatureGroupSummary::ownerId).stream());
        grid.setEmptyStateText("No feature group matches. Data scientists register them from a data source with \"Register feature group\".");
        grid.addItemClickListener(e -> UI.getCurrent().navigate(FeatureGroupPage.class, e.getItem().name()));
        grid.setSizeFull();
        add(new H1("Feature store"), toolbar, grid);
    }

    private Component name(FeatureGroupSummary g) {
        Span name = new Span(g.name());
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        Span description = new Span(g.description());
        description.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        return new Div(name, description);
    }

    static Component tags(FeatureGroupSummary g) {
        Div tags = new Div();
        tags.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-xs)");
        g.tags().forEach(t -> {
            Span tag = new Span(t);
            tag.getElement().getThemeList().add("badge contrast small");
            tags.add(tag);
        });
        return tags;
    }

    static Component status(FeatureGroupSummary g) {
        Span status = new Span("v" + g.latestVersion() + " · " + g.latestStatus().toLowerCase());
        status.getElement().getThemeList().add("badge pill " + switch (g.latestStatus()) {
            case "PUBLISHED" -> "success";
            case "DEPRECATED" -> "contrast";
            default -> "";
        });
        return status;
    }
}
