package io.esteira.deployments.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.BrowserZone;
import io.esteira.areas.AreaService;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.DeploymentWords;
import io.esteira.deployments.ServingFigures;
import io.esteira.shared.Formats;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The releases of the caller's areas' deployments: state, version, mode, the endpoint's traffic
 * split, and how they serve (calls per minute, p95 latency, error rate over the last five minutes),
 * read again every few seconds off the UI thread so the figures move as calls come in.
 */
@Route("deployments")
@PageTitle("Deployments · Esteira")
@Menu(title = "Deployments", order = 50, icon = "vaadin:cloud-upload-o")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class DeploymentsView extends VerticalLayout {

    private final DeploymentService deployments;
    private final Grid<DeploymentView> grid = new Grid<>(DeploymentView.class, false);
    private final Checkbox showRetired = new Checkbox("Show retired, failed and rejected");
    private final Map<UUID, String> areaNames;
    /** The releases of the pages loaded, for the traffic split of an endpoint's two live releases. */
    private final Map<UUID, DeploymentView> loaded = new LinkedHashMap<>();
    private final Map<UUID, ServingFigures> figures = new HashMap<>();
    /** What the background reading asks figures for: the ids of the releases loaded last. */
    private volatile List<UUID> watched = List.of();
    private ZoneId zone = ZoneId.of("UTC");
    private final Clock clock;

    DeploymentsView(DeploymentService deployments, AreaService areas, Clock clock) {
        this.clock = clock;
        this.deployments = deployments;
        this.areaNames = areas.names();
        addClassName("view");
        setId("deployments-view");
        setSizeFull();

        showRetired.setId("show-retired");
        showRetired.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        HorizontalLayout header = new HorizontalLayout(new H1("Deployments"), showRetired);
        header.setWidthFull();
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWrap(true);
        Paragraph intro = new Paragraph("Your areas' model versions in service. Calls per minute, p95 latency and error rate are over "
                + "the last five minutes, from the prediction log, and refresh every " + EveryFewSeconds.PERIOD.toSeconds() + " seconds.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE, LumoUtility.FontSize.SMALL);

        grid.setId("deployments-grid");
        grid.addComponentColumn(this::name).setHeader("Deployment").setWidth("12rem").setFlexGrow(2);
        grid.addComponentColumn(this::state).setHeader("State").setWidth("9.5rem").setFlexGrow(0);
        grid.addComponentColumn(DeploymentsView::version).setHeader("Version").setWidth("9rem").setFlexGrow(1);
        grid.addColumn(d -> split(d)).setHeader("Traffic").setWidth("9rem").setFlexGrow(1)
                .setTooltipGenerator(d -> split(d));
        grid.addComponentColumn(this::callsPerMinute).setHeader("Calls/min").setWidth("6.5rem").setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(d -> DeploymentLabels.p95(figures(d))).setHeader("p95").setWidth("6rem").setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(d -> DeploymentLabels.errorRate(figures(d))).setHeader("Errors").setWidth("5rem").setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(query -> {
            if (query.getOffset() == 0) {
                loaded.clear();
            }
            List<DeploymentView> page = deployments.list(VaadinSpringDataHelpers.toSpringPageRequest(query), showRetired.getValue()).getContent();
            page.forEach(d -> loaded.put(d.id(), d));
            List<UUID> missing = page.stream().map(DeploymentView::id).filter(id -> !figures.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                remember(missing, deployments.figures(missing));
            }
            watched = List.copyOf(loaded.keySet());
            return page.stream();
        });
        grid.setEmptyStateComponent(emptyState());
        grid.addItemClickListener(e -> UI.getCurrent().navigate("deployments/" + e.getItem().id()));
        grid.setSizeFull();
        add(header, intro, grid);

        addAttachListener(e -> zone = BrowserZone.of(e.getUI()));
        EveryFewSeconds.whileAttached(this, () -> {
            List<UUID> ids = watched;
            return new Reading(ids, ids.isEmpty() ? Map.of() : deployments.figures(ids));
        }, reading -> {
            remember(reading.ids(), reading.figures());
            grid.getDataProvider().refreshAll();
        });
    }

    private record Reading(List<UUID> ids, Map<UUID, ServingFigures> figures) {
    }

    private void remember(List<UUID> ids, Map<UUID, ServingFigures> read) {
        ids.forEach(id -> figures.put(id, read.getOrDefault(id, ServingFigures.NONE)));
    }

    private ServingFigures figures(DeploymentView d) {
        return figures.getOrDefault(d.id(), ServingFigures.NONE);
    }

    private String split(DeploymentView d) {
        return DeploymentLabels.split(d, loaded.values());
    }

    private Component name(DeploymentView d) {
        Anchor name = new Anchor("deployments/" + d.id(), d.name());
        name.setId("deployment-" + d.name() + "-v" + d.modelVersion() + "-" + d.state().name().toLowerCase(Locale.ROOT));
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        name.getStyle().set("overflow-wrap", "anywhere");
        Span where = new Span(areaNames.getOrDefault(d.areaId(), "") + " · " + d.environment().name().toLowerCase(Locale.ROOT));
        where.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        return new Div(name, where);
    }

    /** The badge, and since when: live since, or when it was requested while it waits. */
    private Component state(DeploymentView d) {
        Span state = DeploymentLabels.state(d.state());
        String reason = d.failureReason() != null ? d.failureReason() : d.retiredReason();
        if (reason != null) {
            state.getElement().setAttribute("title", reason);
        }
        Span since = new Span(d.live() ? "since " + Formats.dateTime(d.liveAt(), zone)
                : d.liveAt() != null ? "live from " + Formats.dateTime(d.liveAt(), zone)
                : "requested " + Formats.dateTime(d.requestedAt(), zone));
        since.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        since.addClassName("live-since");
        if (d.liveAt() != null) {
            since.getElement().setAttribute("title", "Live " + (d.live() ? "since " : "from ") + Formats.dateTime(d.liveAt(), zone));
        }
        return new Div(state, since);
    }

    private static Component version(DeploymentView d) {
        Span model = new Span(d.model() + " v" + d.modelVersion());
        model.getStyle().set("overflow-wrap", "anywhere");
        Span mode = new Span(DeploymentWords.modeShort(d.mode()));
        mode.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        return new Div(model, mode);
    }

    private Component callsPerMinute(DeploymentView d) {
        ServingFigures f = figures(d);
        Span perMinute = new Span(DeploymentLabels.callsPerMinute(f));
        perMinute.addClassName("calls-per-minute");
        Span total = new Span(DeploymentLabels.calls(f));
        total.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK, "calls-total");
        Div cell = new Div(perMinute, total);
        cell.setId("calls-" + d.id());
        return cell;
    }

    private Component emptyState() {
        boolean deploys = CurrentUser.require().has(Role.DATA_SCIENTIST);
        Span text = new Span(deploys
                ? "Nothing is deployed in your areas yet. To deploy a model, open one of its versions that passed its quality gates "
                        + "under Models and choose \"Deploy…\": it is served once its change request is approved."
                : "Nothing is deployed in your areas yet. Data scientists deploy a model version from its page under Models.");
        Anchor models = new Anchor("models", "Go to Models");
        models.setId("deployments-empty-models");
        Div empty = new Div(text, new Div(models));
        empty.setId("deployments-empty");
        empty.addClassNames(LumoUtility.Padding.MEDIUM);
        empty.getStyle().set("white-space", "normal");
        return empty;
    }
}
