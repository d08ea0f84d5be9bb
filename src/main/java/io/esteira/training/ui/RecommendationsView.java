package io.esteira.training.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.Formats;
import io.esteira.shared.security.Role;
import io.esteira.training.RecommendationView;
import io.esteira.training.Retraining;
import jakarta.annotation.security.RolesAllowed;

/**
 * The data scientists' inbox of retraining recommendations: those of their areas, newest first, by default only those
 * under way (waiting for a decision, training, or with a challenger ready). Opening one shows its evidence and actions.
 */
@Route("training/recommendations")
@PageTitle("Retraining recommendations · Esteira")
@Menu(title = "Retraining", order = 43, icon = "vaadin:refresh")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class RecommendationsView extends VerticalLayout {

    private final Retraining retraining;
    private final Grid<RecommendationView> grid = new Grid<>();
    private final Checkbox underWay = new Checkbox("Only those under way", true);

    RecommendationsView(Retraining retraining) {
        this.retraining = retraining;
        addClassName("view");
        setId("recommendations-view");
        setSizeFull();
        Paragraph intro = new Paragraph("A monitor alert of a live model recommends retraining when the model's retraining policy says "
                + "so (set it on the model's page). Accept to run its training job on a fresh window, or decline with a reason; the "
                + "version the run registers is compared with the live champion before you request its promotion.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE);
        underWay.setId("recommendations-under-way");
        underWay.addValueChangeListener(e -> grid.getDataProvider().refreshAll());

        grid.setId("recommendations-grid");
        // one column that reads as well on a phone as on a desktop
        grid.addComponentColumn(RecommendationsView::what).setHeader("Recommendation").setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(q -> retraining.recommendations(VaadinSpringDataHelpers.toSpringPageRequest(q), underWay.getValue()).stream());
        grid.setEmptyStateText("No retraining recommendation. One appears here when a monitor alert of a model with a retraining "
                + "policy opens; untick \"Only those under way\" for the ones decided.");
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate("training/recommendations/" + e.getItem().id())));
        grid.setSizeFull();
        add(new H1("Retraining recommendations"), intro, underWay, grid);
    }

    private static Component what(RecommendationView r) {
        Span model = new Span(r.model() + " · " + r.deployment() + " v" + r.championVersion());
        model.setId("recommendation-" + r.id());
        model.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Display.BLOCK);
        Span alert = new Span("The " + r.alertCheck() + " alert recommends running " + r.job()
                + (r.alertsSeen() > 1 ? " (" + r.alertsSeen() + " alerts)" : ""));
        alert.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
        Span message = new Span(r.alertMessage());
        message.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        Span state = RetrainingWords.badge(r.state());
        Span raised = new Span(" raised " + Formats.dateTime(r.createdAt()));
        raised.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.TERTIARY);
        Div meta = new Div(state, raised);
        meta.addClassNames(LumoUtility.Margin.Top.XSMALL);
        Div d = new Div(model, alert, message, meta);
        d.getStyle().set("overflow-wrap", "anywhere");
        return d;
    }
}
