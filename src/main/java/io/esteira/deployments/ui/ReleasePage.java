package io.esteira.deployments.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import io.esteira.shared.ui.Breadcrumb;
import io.esteira.shared.ui.BrowserZone;
import io.esteira.scheduling.RunView;
import io.esteira.scheduling.ScheduleView;
import io.esteira.deployments.batch.BatchDeployments;
import io.esteira.shared.Formats;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.Actor;
import io.esteira.shared.ui.People;
import org.springframework.data.domain.PageRequest;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.DeploymentWords;
import io.esteira.deployments.ServingFigures;
import io.esteira.deployments.ServingMode;
import io.esteira.models.ModelRegistry;
import io.esteira.models.TensorSpec;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * One release of a deployment: where it stands (with the reason when it failed or was retired), its
 * change request, its settings, how it serves and how to call it, the endpoint's releases, and what
 * its area's data scientists may do with it (promote a canary, roll back, retire), each off with
 * its reason when the rules say no. State and figures are read again every few seconds.
 */
@Route("deployments/:releaseId")
@PageTitle("Deployment · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME, Role.REVIEWER_NAME}) // reviewers open it from a change request
class ReleasePage extends VerticalLayout implements BeforeEnterObserver {

    private final People people;
    private final DeploymentService deployments;
    private final BatchDeployments batch;
    private final ChangeQueries changeQueries;
    private final ModelRegistry registry;
    private final AreaAccess access;
    private final Map<UUID, String> areaNames;
    private final Div figuresBox = new Div();
    private Grid<RunView> batchRuns;
    private volatile UUID id;
    private DeploymentView release;
    private List<DeploymentView> releases = List.of();
    private String baseUrl = "https://esteira.bank.example";
    private ZoneId zone = ZoneId.of("UTC");

    ReleasePage(DeploymentService deployments, BatchDeployments batch, ChangeQueries changeQueries, ModelRegistry registry, AreaAccess access,
            AreaService areas, UserDirectory users) {
        this.people = new People(users);
        this.deployments = deployments;
        this.batch = batch;
        this.changeQueries = changeQueries;
        this.registry = registry;
        this.access = access;
        this.areaNames = areas.names();
        addClassName("view");
        setId("release-page");
        setMaxWidth("72rem");
        figuresBox.setId("release-figures");
        figuresBox.setWidthFull();
        addAttachListener(e -> zone = BrowserZone.of(e.getUI()));
        EveryFewSeconds.whileAttached(this, () -> {
            UUID shown = id;
            if (shown == null) {
                return null;
            }
            DeploymentView now = deployments.get(shown);
            return new Reading(now, deployments.releases(now.name(), now.areaId()),
                    deployments.figures(List.of(shown)).getOrDefault(shown, ServingFigures.NONE));
        }, reading -> {
            if (reading == null) {
                return;
            }
            boolean changed = !reading.release().equals(release) || !reading.releases().equals(releases);
            showFigures(reading.figures());
            if (batchRuns != null && !changed) {
                batchRuns.getDataProvider().refreshAll(); // a run started here or by the schedule finishes meanwhile
            }
            if (changed) {
                release = reading.release();
                releases = reading.releases();
                render(reading.figures());
            }
        });
    }

    private record Reading(DeploymentView release, List<DeploymentView> releases, ServingFigures figures) {
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            id = UUID.fromString(event.getRouteParameters().get("releaseId").orElse(""));
            release = deployments.get(id);
            releases = deployments.releases(release.name(), release.areaId());
        } catch (IllegalArgumentException | NotFoundException e) {
            id = null;
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such deployment, or it is not yours to see.");
            return;
        }
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        if (request != null) {
            var http = request.getHttpServletRequest();
            baseUrl = http.getScheme() + "://" + http.getServerName()
                    + (http.getServerPort() == 80 || http.getServerPort() == 443 ? "" : ":" + http.getServerPort()) + http.getContextPath();
        }
        render(deployments.figures(List.of(id)).getOrDefault(id, ServingFigures.NONE));
    }

    private void render(ServingFigures figures) {
        removeAll();
        batchRuns = null;
        add(new Breadcrumb(release.name(), "Deployments", "deployments"), header(), actions());
        add(section("How it serves"), figuresBox);
        showFigures(figures);
        if (release.rollout() == io.esteira.deployments.Rollout.SHADOW) {
            add(section("Shadow against the live answers"), shadowComparison());
        }
        if (release.mode() != ServingMode.BATCH) {
            add(section("How to call it"), howToCall());
        } else {
            add(section("Runs of " + release.name()), batchRuns());
        }
        add(section("Settings"), settings());
        add(section("Releases of " + release.name()), history());
    }

    /** What the shadow answered to the mirrored calls, compared with what the live release answered them. */
    private Component shadowComparison() {
        Div box = new Div();
        box.setId("shadow-comparison");
        Optional<io.esteira.deployments.ShadowResults> found = deployments.shadowResults(release.id());
        if (found.isEmpty()) {
            Paragraph none = new Paragraph(release.state() == DeploymentState.SHADOW ? "No call mirrored yet: every call that "
                    + release.name() + " answers is scored by this shadow too, and compared here."
                    : "It mirrored no call while it ran.");
            none.addClassNames(LumoUtility.TextColor.SECONDARY);
            box.add(none);
            return box;
        }
        io.esteira.deployments.ShadowResults r = found.get();
        Map<String, String> lines = new LinkedHashMap<>(DeploymentWords.shadow(r));
        lines.put("Mirrored", Formats.dateTime(r.firstAt(), zone) + " – " + Formats.dateTime(r.lastAt(), zone));
        box.add(keyValues("shadow-figures", lines));
        return box;
    }

    // ------------------------------------------------------------------ what it is

    private Component header() {
        H1 title = new H1(release.name());
        title.setId("release-title");
        title.getStyle().set("overflow-wrap", "anywhere");
        title.addClassNames(LumoUtility.Margin.Bottom.XSMALL);
        Span state = DeploymentLabels.state(release.state());
        state.setId("release-state");
        Span what = new Span(release.model() + " v" + release.modelVersion() + " · " + areaNames.getOrDefault(release.areaId(), "") + " · "
                + release.environment().name().toLowerCase(Locale.ROOT) + " · " + DeploymentWords.modeShort(release.mode()) + " · "
                + release.target());
        what.addClassNames(LumoUtility.TextColor.SECONDARY);
        what.getStyle().set("overflow-wrap", "anywhere");
        HorizontalLayout line = new HorizontalLayout(state, what);
        line.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        line.setWrap(true);
        Div head = new Div(title, line);
        head.setWidthFull();
        String reason = release.state() == DeploymentState.RETIRED ? release.retiredReason() : release.failureReason();
        if (reason != null) {
            Paragraph why = new Paragraph((release.state() == DeploymentState.RETIRED ? "Retired: " : words(release.state()) + ": ") + reason);
            why.setId("release-reason");
            why.addClassNames(release.state() == DeploymentState.RETIRED ? LumoUtility.TextColor.SECONDARY : LumoUtility.TextColor.ERROR);
            why.getStyle().set("overflow-wrap", "anywhere");
            head.add(why);
        }
        head.add(changeLine());
        Anchor model = new Anchor("models/" + release.model() + "?version=" + release.modelVersion(), "Model version " + release.model() + " v"
                + release.modelVersion());
        model.setId("release-model-link");
        Div links = new Div(model);
        links.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.Column.MEDIUM);
        if (release.liveAt() != null) { // it served: its traffic, drift and alerts
            Anchor monitoring = new Anchor(io.esteira.shared.ui.MonitoringLinks.deployment(release.name(), release.areaId(),
                    release.canaryPercent() == null && release.live() ? null : release.id()), "Monitoring");
            monitoring.setId("release-monitoring-link");
            links.add(monitoring);
        }
        head.add(links);
        return head;
    }

    private Component changeLine() {
        Paragraph line = new Paragraph();
        line.setId("release-change");
        line.addClassNames(LumoUtility.Margin.Vertical.XSMALL);
        if (release.changeId() == null) {
            line.setText("No change request yet.");
            return line;
        }
        Anchor link = new Anchor("changes/" + release.changeId(), "Change request");
        link.setId("release-change-link");
        line.add(link);
        try {
            ChangeRequestView c = changeQueries.get(release.changeId());
            String state = c.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            line.add(new Span(": " + c.type().name().toLowerCase(Locale.ROOT) + " change, " + state
                    + (c.stillNeeded() == null || c.stillNeeded().isBlank() ? "" : " — still needed: " + c.stillNeeded())));
        } catch (NotFoundException e) {
            line.add(new Span(" (not readable)"));
        }
        return line;
    }

    private static String words(DeploymentState state) {
        return DeploymentLabels.words(state);
    }

    // ------------------------------------------------------------------ what may be done

    private Component actions() {
        HorizontalLayout bar = new HorizontalLayout();
        bar.setId("release-actions");
        bar.setWrap(true);
        boolean member = access.canAct(release.areaId());
        String notMember = "Only data scientists of " + areaNames.getOrDefault(release.areaId(), "its area") + " change its deployments";
        List<DeploymentView> live = releases.stream().filter(DeploymentView::live).toList();
        Optional<DeploymentView> inProgress = releases.stream().filter(d -> d.state() == DeploymentState.PENDING_APPROVAL
                || d.state() == DeploymentState.APPROVED || d.state() == DeploymentState.DEPLOYING).findFirst();
        boolean canary = release.live() && release.canaryPercent() != null;

        Button promote = new Button("Promote", VaadinIcon.ARROW_CIRCLE_UP_O.create());
        promote.setId("promote-release");
        String promoteNo = !member ? notMember : !canary ? "Only a live canary is promoted" : null;
        promote.addClickListener(e -> ReasonDialog.confirm("promote-dialog", "Promote v" + release.modelVersion() + "?", "v" + release.modelVersion()
                + " takes all the calls of " + release.name() + "; the release it splits them with is retired.", "Promote",
                () -> act(promote, () -> deployments.promote(release.id()), d -> "v" + d.modelVersion() + " takes all the calls")));

        Optional<Integer> previous = deployments.rollbackTarget(release.id()).map(DeploymentView::modelVersion);
        Button rollback = new Button("Roll back" + previous.map(v -> " to v" + v).orElse(""), VaadinIcon.ROTATE_LEFT.create());
        rollback.setId("rollback-release");
        String rollbackNo = !member ? notMember : !release.live() ? "Only a live release is rolled back"
                : inProgress.isPresent() ? "v" + inProgress.get().modelVersion() + " is " + words(inProgress.get().state()).toLowerCase(Locale.ROOT)
                        + "; withdraw its change request first"
                : previous.isEmpty() ? release.name() + " has no previous live version to roll back to" : null;
        rollback.addClickListener(e -> ReasonDialog.withReason("rollback-dialog", "Roll " + release.name() + " back to v" + previous.orElse(0) + "?",
                "A new release of v" + previous.orElse(0) + ", all at once. It is a pre-approved standard change, so it goes live at once; "
                        + "what is live now is retired. Audited with your reason.", "Roll back",
                reason -> act(rollback, () -> deployments.rollback(release.id(), reason), d -> "Rolling back to v" + d.modelVersion(), true)));

        Button retire = new Button("Retire…", VaadinIcon.STOP.create());
        retire.setId("retire-release");
        boolean stableWithCanary = release.live() && release.canaryPercent() == null && live.size() > 1;
        boolean shadow = release.state() == DeploymentState.SHADOW;
        String retireNo = !member ? notMember : !release.live() && !shadow ? "Only a live release or a shadow is retired"
                : stableWithCanary ? "A canary splits the calls with this release; promote the canary or retire it first" : null;
        retire.addThemeVariants(ButtonVariant.LUMO_ERROR);
        retire.addClickListener(e -> ReasonDialog.withReason("retire-dialog", "Retire v" + release.modelVersion() + " of " + release.name() + "?",
                shadow ? "The shadow stops scoring a mirror of the calls; the live release answers them as before."
                        : canary ? "The canary stops taking calls; the stable release takes them all again."
                        : "The deployment then serves nothing: calls are answered 409 until a new release goes live.", "Retire",
                reason -> act(retire, () -> deployments.retire(release.id(), reason), d -> "Retired v" + d.modelVersion(), false)));

        bar.add(allowedUnless(promote, promoteNo), allowedUnless(rollback, rollbackNo), allowedUnless(retire, retireNo));
        return bar;
    }

    /**
     * The button, enabled unless there is a reason not to; then disabled, in a wrapper that shows the
     * reason on hover (a disabled button gets no pointer events).
     */
    private static Component allowedUnless(Button button, String reason) {
        if (reason == null) {
            return button;
        }
        button.setEnabled(false);
        button.getElement().setAttribute("title", reason);
        Span wrapper = new Span(button);
        wrapper.getElement().setAttribute("title", reason);
        wrapper.setId(button.getId().orElse("") + "-why");
        return wrapper;
    }

    private void act(Button button, Supplier<DeploymentView> work, Function<DeploymentView, String> said) {
        act(button, work, said, false);
    }

    /** The work may reach a serving target (Kubernetes): it runs off the UI thread, the page follows when it is done. */
    private void act(Button button, Supplier<DeploymentView> work, Function<DeploymentView, String> said,
            boolean open) {
        button.setEnabled(false);
        UI ui = UI.getCurrent();
        Thread.ofVirtual().name("deployment-action").start(new DelegatingSecurityContextRunnable(() -> {
            try {
                DeploymentView done = work.get();
                ui.access(() -> {
                    Notices.success(said.apply(done));
                    if (open && !done.id().equals(id)) {
                        ui.navigate("deployments/" + done.id());
                    } else {
                        refresh();
                    }
                });
            } catch (RuntimeException e) {
                ui.access(() -> {
                    Notices.error(e.getMessage());
                    button.setEnabled(true);
                });
            }
        }));
    }

    private void refresh() {
        release = deployments.get(id);
        releases = deployments.releases(release.name(), release.areaId());
        render(deployments.figures(List.of(id)).getOrDefault(id, ServingFigures.NONE));
    }

    // ------------------------------------------------------------------ how it serves

    private void showFigures(ServingFigures f) {
        figuresBox.removeAll();
        Div tiles = new Div();
        tiles.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(9rem, 1fr))").set("gap", "var(--lumo-space-m)");
        tiles.add(tile("figure-calls", "Calls so far", Formats.count(f.calls())),
                tile("figure-calls-per-minute", "Calls per minute", DeploymentLabels.callsPerMinute(f)),
                tile("figure-p95", "p95 latency", DeploymentLabels.p95(f)),
                tile("figure-error-rate", "Error rate", DeploymentLabels.errorRate(f)),
                tile("figure-last-call", "Last call", Formats.dateTime(f.lastCall(), zone)));
        Span note = new Span("Per minute, p95 and errors over the last five minutes, from the prediction log of every node; "
                + "read again every " + EveryFewSeconds.PERIOD.toSeconds() + " seconds."
                + (release.live() ? " Traffic of " + release.name() + ": " + DeploymentLabels.split(release, releases) + "." : ""));
        note.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK, LumoUtility.Margin.Top.SMALL);
        figuresBox.add(tiles, note);
    }

    private static Component tile(String id, String label, String value) {
        Span v = new Span(value);
        v.addClassNames(LumoUtility.FontSize.XLARGE, LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Display.BLOCK);
        v.addClassName("figure-value");
        Span l = new Span(label);
        l.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
        Div tile = new Div(v, l);
        tile.setId(id);
        tile.addClassNames(LumoUtility.Padding.MEDIUM, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Background.CONTRAST_5);
        return tile;
    }

    private Component howToCall() {
        String path = "/api/v1/serving/" + release.name() + (release.mode() == ServingMode.ONLINE_ASYNC ? "/predict-async" : "/predict");
        String row;
        try {
            row = registry.versionById(release.modelVersionId()).signature().inputs().stream()
                    .map(t -> "\"" + t.name() + "\": " + example(t)).collect(Collectors.joining(", ", "{", "}"));
        } catch (NotFoundException e) {
            row = "{}";
        }
        String curl = "curl -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n  " + baseUrl + path
                + " \\\n  -d '{\"rows\": [" + row + "]}'";
        if (release.mode() == ServingMode.ONLINE_ASYNC) {
            curl += "\n# answered 202 with a request id; then:\ncurl -H \"Authorization: Bearer $TOKEN\" " + baseUrl + "/api/v1/serving/"
                    + release.name() + "/requests/$REQUEST_ID";
        }
        Pre code = new Pre(curl);
        code.setId("release-curl");
        code.addClassNames(LumoUtility.Padding.MEDIUM, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Background.CONTRAST_5, LumoUtility.FontSize.SMALL);
        code.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere").set("margin", "0");
        Span token = new Span("$TOKEN: an API token of " + areaNames.getOrDefault(release.areaId(), "the area")
                + " (Settings › API tokens); a token of another area is answered 404. Up to 1,000 rows a call; the answer names the version that answered.");
        token.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
        return new Div(code, token);
    }

    private static String example(TensorSpec t) {
        return switch (t.type()) {
            case "string" -> "\"" + t.name().replace('_', ' ') + "\"";
            case "bool" -> "true";
            case "float", "double", "float16" -> "1.5";
            default -> "1";
        };
    }

    private Component settings() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Mode", DeploymentWords.mode(release.mode(), release.name()));
        lines.put("Target", DeploymentWords.target(release.target()));
        lines.put("Rollout", DeploymentWords.rollout(release.rollout(), release.canaryPercent()));
        lines.put("Resources", DeploymentWords.resources(release.replicas(), release.cpu(), release.memory()));
        lines.put("Change window", DeploymentWords.window(release.windowStart(), release.windowEnd()));
        if (release.mode() == ServingMode.BATCH) {
            batch.settings(release.id()).forEach(line -> lines.put(line.get(0), line.get(1)));
        }
        lines.put("Prediction log", release.logSamplePercent() == 100 ? "every call with its inputs and outputs"
                : "every call counted; inputs and outputs of " + release.logSamplePercent() + "% of calls");
        lines.put("Justification", release.justification());
        lines.put("Rollback plan", release.rollbackPlan() == null ? "—" : release.rollbackPlan());
        lines.put("Requested", Formats.dateTime(release.requestedAt(), zone) + " by " + people.actor(release.requestedBy()));
        if (release.liveAt() != null) {
            lines.put("Live since", Formats.dateTime(release.liveAt(), zone));
        }
        if (release.retiredAt() != null) {
            lines.put("Retired", Formats.dateTime(release.retiredAt(), zone));
        }
        return keyValues("release-settings", lines);
    }

    static Div keyValues(String id, Map<String, String> lines) {
        Div list = new Div();
        list.setId(id);
        list.setWidthFull();
        lines.forEach((k, v) -> {
            Span key = new Span(k);
            key.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.TextColor.SECONDARY);
            key.setWidth("9rem");
            key.getStyle().set("flex", "none");
            Span value = new Span(v == null ? "—" : v);
            value.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere").set("min-width", "0");
            HorizontalLayout line = new HorizontalLayout(key, value);
            line.setWidthFull();
            line.addClassNames(LumoUtility.Padding.Vertical.XSMALL);
            list.add(line);
        });
        return list;
    }

    private Component history() {
        Grid<DeploymentView> grid = new Grid<>(DeploymentView.class, false);
        grid.setId("release-history");
        grid.addColumn(d -> "v" + d.modelVersion()).setHeader("Version").setWidth("5.5rem").setFlexGrow(0);
        grid.addComponentColumn(d -> {
            Span s = DeploymentLabels.state(d.state());
            if (d.id().equals(release.id())) {
                Span here = new Span("this release");
                here.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
                return new Div(s, here);
            }
            return s;
        }).setHeader("State").setWidth("10rem").setFlexGrow(0);
        grid.addColumn(d -> DeploymentWords.rollout(d.rollout(), d.canaryPercent())).setHeader("Rollout").setWidth("10rem").setFlexGrow(1);
        grid.addColumn(People.renderer(d -> Formats.dateTime(d.requestedAt(), zone) + " · " + Actor.of(d.requestedBy()).shown(people),
                d -> Actor.of(d.requestedBy()).username())).setComparator(DeploymentView::requestedAt).setHeader("Requested").setWidth("15rem")
                .setFlexGrow(1);
        grid.addColumn(d -> Formats.dateTime(d.liveAt(), zone)).setHeader("Live since").setWidth("13.5rem").setFlexGrow(0);
        grid.addColumn(d -> d.state() == DeploymentState.RETIRED ? d.retiredReason() : d.failureReason() == null ? "" : d.failureReason())
                .setHeader("Why it ended").setWidth("12rem").setFlexGrow(2).setTooltipGenerator(d -> d.retiredReason() != null ? d.retiredReason()
                        : d.failureReason());
        grid.setItems(people.knowing(releases, d -> Actor.of(d.requestedBy()).username()));
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.addItemClickListener(e -> {
            if (!e.getItem().id().equals(id)) {
                UI.getCurrent().navigate("deployments/" + e.getItem().id());
            }
        });
        return grid;
    }

    /** The batch endpoint's schedule and its runs (shared by its releases), newest first, paged lazily; Run now for members. */
    private Component batchRuns() {
        VerticalLayout box = new VerticalLayout();
        box.setPadding(false);
        box.setSpacing(false);
        Optional<ScheduleView> schedule = batch.schedule(release.id());
        Span when = new Span(schedule.map(s -> "Schedule " + s.name() + ": " + s.inWords() + ", "
                + s.state().toLowerCase(Locale.ROOT) + (s.nextFires().isEmpty() || !"ACTIVE".equals(s.state()) ? ""
                        : "; next " + Formats.dateTime(s.nextFires().getFirst(), zone))).orElse("No schedule yet"));
        when.setId("batch-schedule");
        Button runNow = new Button("Run now", VaadinIcon.PLAY.create());
        runNow.setId("batch-run-now");
        String runNowNo = !access.canAct(release.areaId()) ? "Only data scientists of the area run it"
                : releases.stream().noneMatch(DeploymentView::live) ? "Nothing is live to score with" : null;
        runNow.setEnabled(runNowNo == null);
        Grid<RunView> runs = new Grid<>(RunView.class, false);
        runs.setId("batch-runs");
        runs.addColumn(r -> Formats.dateTime(r.scheduledFor(), zone)).setHeader("Due").setWidth("13.5rem").setFlexGrow(0);
        runs.addColumn(r -> r.trigger().toLowerCase(Locale.ROOT) + (r.attempt() > 1 ? " #" + r.attempt() : "")).setHeader("How")
                .setWidth("7rem").setFlexGrow(0);
        runs.addColumn(r -> r.state().toLowerCase(Locale.ROOT)).setHeader("State").setWidth("7rem").setFlexGrow(0);
        runs.addColumn(r -> r.rowsRead() == null ? "" : Formats.count(r.rowsRead())).setHeader("Rows read").setWidth("8rem")
                .setFlexGrow(0);
        runs.addColumn(r -> r.rowsWritten() == null ? "" : Formats.count(r.rowsWritten())).setHeader("Rows written")
                .setWidth("8rem").setFlexGrow(0);
        runs.addColumn(r -> r.error() == null ? "" : r.error()).setHeader("Error").setFlexGrow(1).setTooltipGenerator(RunView::error);
        runs.setItems(query -> batch.runs(release.id(), PageRequest.of(query.getPage(), query.getPageSize())).stream());
        runs.setHeight("16rem");
        runs.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        runs.setEmptyStateText("No runs yet: the schedule runs once a release is live, or use Run now");
        runNow.addClickListener(e -> {
            runNow.setEnabled(false);
            UI ui = UI.getCurrent();
            Thread.ofVirtual().name("batch-run-now").start(new DelegatingSecurityContextRunnable(() -> {
                String said;
                try {
                    batch.runNow(release.id());
                    said = "Started a run of " + release.name();
                } catch (RuntimeException ex) {
                    said = ex.getMessage();
                }
                String message = said;
                ui.access(() -> {
                    Notification.show(message, 5000, Notification.Position.BOTTOM_START);
                    runs.getDataProvider().refreshAll();
                    runNow.setEnabled(true);
                });
            }));
        });
        HorizontalLayout line = new HorizontalLayout(when, allowedUnless(runNow, runNowNo));
        line.setAlignItems(FlexComponent.Alignment.CENTER);
        line.setWidthFull();
        line.expand(when);
        box.add(line, runs);
        batchRuns = runs;
        return box;
    }

    private static H3 section(String title) {
        H3 h = new H3(title);
        h.addClassNames(LumoUtility.Margin.Top.LARGE, LumoUtility.Margin.Bottom.SMALL);
        return h;
    }
}
