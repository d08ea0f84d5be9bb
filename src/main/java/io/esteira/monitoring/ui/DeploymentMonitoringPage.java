package io.esteira.monitoring.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.Breadcrumb;
import io.esteira.areas.AreaAccess;
import io.esteira.deployments.DeploymentState;
import io.esteira.monitoring.DashboardWindow;
import io.esteira.monitoring.MonitoringAlerts;
import io.esteira.monitoring.MonitoringDashboard;
import io.esteira.monitoring.MonitoringDashboard.Header;
import io.esteira.monitoring.MonitoringDashboard.ReleaseChoice;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.MonitoringLinks;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A deployment's monitoring: operational health, data drift and alerts of one release over a
 * window the reader picks (?window=24h|7d|30d|90d; ?release= picks a canary or an earlier release),
 * each section filled by one call reading precomputed rows. The area's people read it and act on
 * alerts; managers and reviewers read. A deployment the reader may not read is not found.
 */
@Route("monitoring/:deployment")
@PermitAll
class DeploymentMonitoringPage extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final Map<String, DashboardWindow> WINDOWS = new LinkedHashMap<>();

    static {
        WINDOWS.put("24h", DashboardWindow.LAST_24_HOURS);
        WINDOWS.put("7d", DashboardWindow.LAST_7_DAYS);
        WINDOWS.put("30d", DashboardWindow.LAST_30_DAYS);
        WINDOWS.put("90d", DashboardWindow.LAST_90_DAYS);
    }

    private final MonitoringDashboard dashboard;
    private final OperationalSection operational = new OperationalSection();
    private final DriftSection drift;
    private final DistributionPanel distribution = new DistributionPanel();
    private final PerformanceSection performance = new PerformanceSection();
    private final AlertTimeline alerts;
    private Header header;
    private DashboardWindow window = DashboardWindow.LAST_7_DAYS;
    private String segment = io.esteira.monitoring.LiveProfiles.ALL;
    private String title = "Monitoring · Esteira";
    private final Clock clock;

    DeploymentMonitoringPage(MonitoringDashboard dashboard, MonitoringAlerts monitoringAlerts, AreaAccess access, Clock clock,
            UserDirectory users) {
        this.clock = clock;
        this.dashboard = dashboard;
        this.drift = new DriftSection(this::showFeature);
        this.alerts = new AlertTimeline(new AlertActions(monitoringAlerts, access, this::refreshAlerts, clock), new People(users));
        addClassName("view");
        setId("deployment-monitoring");
        setMaxWidth("80rem");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        window = WINDOWS.getOrDefault(first(query, "window").orElse("7d"), DashboardWindow.LAST_7_DAYS);
        segment = first(query, "segment").filter(s -> !s.isBlank() && s.length() <= 400).orElse(io.esteira.monitoring.LiveProfiles.ALL);
        try {
            String name = event.getRouteParameters().get("deployment").orElse("");
            header = dashboard.header(name, first(query, "area").map(UUID::fromString).orElse(null),
                    first(query, "release").map(UUID::fromString).orElse(null));
        } catch (IllegalArgumentException | NotFoundException | InvalidRequestException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such deployment, or it is not yours to see.");
            return;
        }
        title = header.deployment() + " · Monitoring · Esteira";
        render();
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private void render() {
        removeAll();
        add(top());
        operational.show(dashboard.operational(header.releaseId(), window, segment), window, segment);
        drift.show(dashboard.drift(header.releaseId(), window, segment), window, header.deployment());
        distribution.setVisible(false);
        performance.show(dashboard.performance(header.releaseId(), window, segment), window, header.deployment());
        alerts.show(dashboard.alerts(header.releaseId(), window), window, header.deployment());
        add(operational, drift, distribution, performance, alerts);
    }

    private VerticalLayout top() {
        Breadcrumb back = new Breadcrumb(header.deployment(), "Monitoring", "monitoring").linkIds("monitoring-back");

        H1 name = new H1(header.deployment());
        name.setId("monitoring-deployment-name");
        name.addClassNames(LumoUtility.Margin.NONE);
        name.getStyle().set("overflow-wrap", "anywhere");
        HorizontalLayout titleLine = new HorizontalLayout(name, state());
        titleLine.setAlignItems(FlexComponent.Alignment.BASELINE);
        titleLine.getStyle().set("flex-wrap", "wrap");

        Span what = new Span(header.model() + " v" + header.version() + " · " + header.area() + " · " + header.environment()
                + (header.canaryPercent() == null ? "" : " · canary " + header.canaryPercent() + "%")
                + (header.liveAt() == null ? "" : " · live since " + Formats.dateTime(header.liveAt())));
        what.setId("monitoring-deployment-what");
        what.addClassNames(LumoUtility.TextColor.SECONDARY);

        HorizontalLayout controls = new HorizontalLayout();
        controls.setAlignItems(FlexComponent.Alignment.END);
        controls.getStyle().set("flex-wrap", "wrap");
        Select<String> pick = new Select<>();
        pick.setId("monitoring-window");
        pick.setLabel("Window");
        pick.setItems(WINDOWS.keySet());
        pick.setItemLabelGenerator(k -> WINDOWS.get(k).label());
        pick.setValue(WINDOWS.entrySet().stream().filter(e -> e.getValue() == window).findFirst().orElseThrow().getKey());
        pick.addValueChangeListener(e -> navigate(header.releaseId(), e.getValue(), segment));
        controls.add(pick);
        List<String> segments = dashboard.segments(header.releaseId(), window);
        if (!segments.isEmpty() || !segment.equals(io.esteira.monitoring.LiveProfiles.ALL)) {
            Select<String> segmentPick = new Select<>();
            segmentPick.setId("monitoring-segment");
            segmentPick.setLabel("Traffic");
            segmentPick.setTooltipText("Every section shows the traffic chosen here: all of it, or one segment of the monitor's segment features");
            List<String> choices = new java.util.ArrayList<>(List.of(io.esteira.monitoring.LiveProfiles.ALL));
            choices.addAll(segments);
            if (!choices.contains(segment)) {
                choices.add(segment);
            }
            segmentPick.setItems(choices);
            segmentPick.setItemLabelGenerator(s -> s.equals(io.esteira.monitoring.LiveProfiles.ALL) ? "All traffic" : s.replace("=", " = "));
            segmentPick.setValue(segment);
            segmentPick.addValueChangeListener(e -> navigate(header.releaseId(), pick.getValue(), e.getValue()));
            controls.add(segmentPick);
        }
        if (header.releases().size() > 1) {
            Select<ReleaseChoice> release = new Select<>();
            release.setId("monitoring-release");
            release.setLabel("Release");
            release.setItems(header.releases());
            release.setItemLabelGenerator(DeploymentMonitoringPage::label);
            release.setValue(header.releases().stream().filter(r -> r.releaseId().equals(header.releaseId())).findFirst().orElse(null));
            release.addValueChangeListener(e -> {
                if (e.getValue() != null) {
                    navigate(e.getValue().releaseId(), pick.getValue(), io.esteira.monitoring.LiveProfiles.ALL);
                }
            });
            controls.add(release);
        }
        Anchor version = new Anchor("models/" + header.model() + "?version=" + header.version(), "Model version");
        version.setId("monitoring-model-link");
        controls.add(version);
        if (CurrentUser.get().map(u -> u.has(Role.DATA_SCIENTIST) || u.has(Role.MANAGER) || u.has(Role.ADMIN)).orElse(false)) {
            Anchor release = new Anchor("deployments/" + header.releaseId(), "Release page");
            release.setId("monitoring-release-page");
            controls.add(release);
        }
        VerticalLayout top = new VerticalLayout(back, titleLine, what, controls);
        top.setPadding(false);
        top.setSpacing(false);
        top.addClassNames(LumoUtility.Gap.XSMALL);
        return top;
    }

    private Span state() {
        DeploymentState s = header.state();
        Span badge = Figures.badge(s.name().toLowerCase(Locale.ROOT).replace('_', ' '), s == DeploymentState.LIVE ? "success"
                : s == DeploymentState.FAILED ? "error" : "contrast");
        badge.setId("monitoring-deployment-state");
        return badge;
    }

    private static String label(ReleaseChoice r) {
        return "v" + r.version() + " · " + r.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (r.canaryPercent() == null ? "" : " (canary " + r.canaryPercent() + "%)");
    }

    private void navigate(UUID releaseId, String windowKey, String segmentShown) {
        String link = MonitoringLinks.deployment(header.deployment(), header.areaId(), releaseId) + "&window=" + windowKey
                + (segmentShown == null || segmentShown.equals(io.esteira.monitoring.LiveProfiles.ALL) ? ""
                        : "&segment=" + java.net.URLEncoder.encode(segmentShown, java.nio.charset.StandardCharsets.UTF_8));
        UI.getCurrent().navigate(link);
    }

    private void showFeature(String feature) {
        try {
            distribution.show(dashboard.distribution(header.releaseId(), feature, window), window, header.deployment());
            distribution.scrollIntoView();
        } catch (InvalidRequestException | NotFoundException e) {
            Notices.error(e.getMessage());
        }
    }

    private void refreshAlerts() {
        alerts.show(dashboard.alerts(header.releaseId(), window), window, header.deployment());
    }

    private static Optional<String> first(QueryParameters query, String name) {
        List<String> values = query.getParameters().getOrDefault(name, List.of());
        return values.isEmpty() || values.getFirst().isBlank() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
