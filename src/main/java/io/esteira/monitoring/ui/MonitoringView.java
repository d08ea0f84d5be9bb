package io.esteira.monitoring.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.monitoring.AlertView;
import io.esteira.monitoring.MonitorChangeService;
import io.esteira.monitoring.MonitoringAlerts;
import io.esteira.monitoring.MonitoringOverview;
import io.esteira.monitoring.MonitoringOverview.ReleaseHealth;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.MonitoringLinks;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.springframework.data.domain.PageRequest;

/**
 * Monitoring at a glance: the alerts not resolved (acted on by their area; reviewers read every
 * area's) and the health of the area's live deployments, from the precomputed rows.
 */
@Route("monitoring")
@PageTitle("Monitoring · Esteira")
@Menu(title = "Monitoring", order = 55, icon = "vaadin:line-chart")
@PermitAll
class MonitoringView extends VerticalLayout {

    private final MonitoringAlerts alerts;
    private final Grid<AlertView> alertGrid = new Grid<>();
    private final Grid<ReleaseHealth> health = new Grid<>();
    private final MonitoringOverview overview;
    private final AlertActions actions;

    private final MonitorChangeService monitors;
    private final Clock clock;
    private final People people;

    MonitoringView(MonitoringAlerts alerts, MonitoringOverview overview, AreaAccess access, MonitorChangeService monitors,
            io.esteira.areas.AreaService areas, Clock clock, UserDirectory users) {
        this.clock = clock;
        this.people = new People(users);
        this.monitors = monitors;
        Map<java.util.UUID, String> areaNames = overview.readsEveryArea() ? areas.names() : Map.of();
        this.alerts = alerts;
        this.overview = overview;
        this.actions = new AlertActions(alerts, access, this::refresh, clock);
        addClassName("view");
        setId("monitoring-view");
        Paragraph intro = new Paragraph((overview.readsEveryArea() ? "Live deployments of every area (read-only)"
                : "Live deployments of your areas") + ", from the metric and drift rows computed every few minutes; open one for its "
                + "traffic, drift, performance and alerts over time; "
                + "drift is judged against each model version's training data. An alert goes to its area, which acknowledges, snoozes "
                + "or resolves it. A monitor's settings change through a change request.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE);

        alertGrid.setId("monitoring-alerts");
        alertGrid.addComponentColumn(a -> {
            Span name = new Span(a.deployment());
            name.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Display.BLOCK);
            Span message = new Span(a.message());
            message.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
            return new Div(name, message);
        }).setHeader("Alert").setWidth("18rem").setFlexGrow(3);
        alertGrid.addComponentColumn(this::alertState).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        alertGrid.addComponentColumn(actions::buttons).setHeader("").setWidth("17rem").setFlexGrow(0);
        alertGrid.addColumn(a -> Formats.dateTime(a.openedAt())).setHeader("Opened").setAutoWidth(true).setFlexGrow(0);
        alertGrid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        alertGrid.setEmptyStateText("No open alerts.");
        alertGrid.setAllRowsVisible(true);
        alertGrid.setDataProvider(DataProvider.fromCallbacks(
                q -> people.knowing(alerts.page(PageRequest.of(q.getOffset() / Math.max(1, q.getLimit()), q.getLimit()), true).getContent(),
                        AlertView::acknowledgedBy).stream(),
                q -> (int) Math.min(200, alerts.page(PageRequest.of(0, 1), true).getTotalElements())));

        health.setId("monitoring-deployments");
        health.addComponentColumn(h -> {
            Anchor name = new Anchor(MonitoringLinks.deployment(h.deployment(), h.areaId(), h.canaryPercent() == null ? null : h.releaseId()),
                    h.deployment());
            name.setId("monitoring-open-" + h.releaseId());
            name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
            Span what = new Span((areaNames.containsKey(h.areaId()) ? areaNames.get(h.areaId()) + " · " : "") + h.model() + " v" + h.version()
                    + " · " + h.environment().toLowerCase(Locale.ROOT)
                    + (h.canaryPercent() == null ? "" : " · canary " + h.canaryPercent() + "%"));
            what.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK, LumoUtility.TextColor.SECONDARY);
            return new Div(name, what);
        }).setHeader("Deployment").setWidth("14rem").setFlexGrow(2);
        health.addComponentColumn(MonitoringView::drift).setHeader("Drift").setAutoWidth(true).setFlexGrow(0);
        health.addComponentColumn(h -> h.openAlerts() == 0 ? new Span("none") : badge(h.openAlerts() + " open", "error"))
                .setHeader("Alerts").setAutoWidth(true).setFlexGrow(0);
        health.addColumn(h -> Formats.count(h.calls24h())).setHeader("Calls, 24 h").setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(h -> "numeric");
        health.addComponentColumn(h -> h.errorRate24h() == null ? new Span(Formats.NONE)
                : h.errorRate24h() > 0.05 ? badge(percent(h.errorRate24h()), "error") : new Span(percent(h.errorRate24h())))
                .setHeader("Errors, 24 h").setAutoWidth(true).setFlexGrow(0);
        health.addColumn(h -> Figures.millis(h.p95Millis())).setHeader("p95, last hour")
                .setAutoWidth(true).setFlexGrow(0);
        health.addColumn(h -> h.sinceYesterday().isEmpty() ? Formats.NONE : String.join("; ", h.sinceYesterday())).setHeader("Since yesterday")
                .setWidth("11rem").setFlexGrow(1);
        health.addComponentColumn(this::monitorAction).setHeader("").setAutoWidth(true).setFlexGrow(0);
        health.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        health.setEmptyStateText(overview.readsEveryArea() ? "No deployment is live." : "None of your areas' deployments is live.");
        health.setAllRowsVisible(true);
        health.setItems(overview.live());

        add(new H1("Monitoring"), intro, new H2("Open alerts"), alertGrid, new H2("Live deployments"), health);
    }

    /** The area's data scientists propose monitor changes; readers see nothing to press. */
    private Component monitorAction(ReleaseHealth h) {
        if (!monitors.mayPropose(h.areaId())) {
            return new Span();
        }
        Button change = new Button("Monitor…", e -> {
            try {
                new MonitorChangeDialog(monitors, h.releaseId()).open();
            } catch (NotFoundException | ForbiddenException ex) {
                Notices.error(ex.getMessage());
            }
        });
        change.setId("monitor-change-" + h.deployment());
        change.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return change;
    }

    private static Span drift(ReleaseHealth h) {
        if (h.drift() == null) {
            Span none = new Span("not evaluated yet");
            none.addClassNames(LumoUtility.TextColor.SECONDARY);
            return none;
        }
        Span badge = switch (h.drift()) {
            case OK -> badge("No drift", "success");
            case WARNING -> badge("Warning", "contrast");
            case BREACH -> badge("Drift", "error");
            case INSUFFICIENT_DATA -> badge("Too few rows", "");
        };
        badge.getElement().setAttribute("title", "Latest hour evaluated: " + Formats.dateTime(h.driftWindow()));
        return badge;
    }

    private Span alertState(AlertView a) {
        return switch (a.state()) {
            case "OPEN" -> badge("Open", "error");
            case "ACKNOWLEDGED" -> {
                Span badge = badge("Acknowledged by " + people.name(a.acknowledgedBy()), "contrast");
                if (a.acknowledgedBy() != null) {
                    badge.getElement().setAttribute("title", a.acknowledgedBy());
                    badge.getElement().setAttribute("data-username", a.acknowledgedBy());
                }
                yield badge;
            }
            case "SNOOZED" -> badge("Snoozed until " + Formats.dateTime(a.snoozedUntil()), "");
            default -> badge("Resolved", "success");
        };
    }

    private static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add(("badge " + theme).strip());
        return badge;
    }

    private static String percent(double share) {
        return Formats.percent(share);
    }

    private void refresh() {
        alertGrid.getDataProvider().refreshAll();
        health.setItems(overview.live());
    }
}
