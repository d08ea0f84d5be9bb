package io.esteira.training.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.Breadcrumb;
import io.esteira.shared.ui.BrowserZone;
import io.esteira.areas.AreaAccess;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import io.esteira.shared.ui.WhileAttached;
import io.esteira.shared.ui.chart.ChartData;
import io.esteira.shared.ui.chart.DataChart;
import io.esteira.training.TrainingRunView;
import io.esteira.training.TrainingService;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One training run: where it is and why, its live log and progress against its time limit, what it has cost so far,
 * its metrics beside the job's earlier runs', the version it registered, and the code and data it saw. While it runs,
 * the page reads it and its log again every two seconds off the UI thread and pushes them.
 */
@Route("training/runs/:runId")
@PageTitle("Training run · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class TrainingRunPage extends VerticalLayout implements BeforeEnterObserver {

    private static final int LOG_BYTES = 256 * 1024;

    private final People people;
    private final TrainingService training;
    private final AreaAccess access;
    private final Div top = new Div();
    private final Div figures = new Div();
    private final Div progressBox = new Div();
    private final Pre log = new Pre();
    private final Div logBox = new Div(log);
    private final Div metricsBox = new Div();
    private final Div lineage = new Div();
    private volatile UUID id;
    private TrainingRunView run;
    private String shownLog = "";
    private ZoneId zone = ZoneOffset.UTC;
    private final Clock clock;

    TrainingRunPage(TrainingService training, AreaAccess access, Clock clock, UserDirectory users) {
        this.people = new People(users);
        this.clock = clock;
        this.training = training;
        this.access = access;
        addClassName("view");
        setId("training-run-page");
        setMaxWidth("72rem");
        top.setWidthFull();
        figures.setId("training-run-figures");
        figures.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.MEDIUM);
        figures.setWidthFull();
        progressBox.setWidthFull();
        log.setId("training-run-log");
        log.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.Margin.NONE);
        log.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
        logBox.setId("training-run-log-box");
        logBox.setWidthFull();
        logBox.getStyle().set("max-height", "24rem").set("overflow", "auto").set("background", "var(--lumo-contrast-5pct)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("padding", "var(--lumo-space-s)").set("box-sizing", "border-box");
        metricsBox.setWidthFull();
        lineage.setWidthFull();
        addAttachListener(e -> zone = BrowserZone.of(e.getUI()));
        WhileAttached.every(Duration.ofSeconds(2), this, () -> {
            UUID shown = id;
            TrainingRunView before = run;
            if (shown == null || before == null || TrainingLabels.finished(before.state())) {
                return null;
            }
            TrainingRunView now = training.run(shown);
            return new Reading(now, training.log(shown, LOG_BYTES), TrainingLabels.finished(now.state()) ? training.compared(shown) : null);
        }, reading -> {
            boolean ended = !Objects.equals(reading.run().state(), run.state());
            run = reading.run();
            showLog(reading.log());
            if (ended) {
                render(reading.compared());
            } else {
                showFigures();
                showProgress();
            }
        });
    }

    private record Reading(TrainingRunView run, String log, List<TrainingRunView> compared) {
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            id = UUID.fromString(event.getRouteParameters().get("runId").orElse(""));
            run = training.run(id);
        } catch (IllegalArgumentException | NotFoundException e) {
            id = null;
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such training run, or it is not yours to see.");
            return;
        }
        showLog(training.log(id, LOG_BYTES));
        render(TrainingLabels.finished(run.state()) ? training.compared(id) : null);
    }

    private void render(List<TrainingRunView> compared) {
        removeAll();
        showTop();
        showFigures();
        showProgress();
        add(top, figures, progressBox);
        if (compared != null && !run.metrics().isEmpty()) {
            showMetrics(compared);
            add(TrainingJobPage.section("Metrics"), metricsBox);
        }
        add(TrainingJobPage.section("Log"), logBox);
        showLineage();
        add(TrainingJobPage.section("What it ran with"), lineage);
    }

    private void showTop() {
        top.removeAll();
        Breadcrumb crumbs = new Breadcrumb("run " + run.number(), "Training", "training", run.job(), "training/jobs/" + run.jobId())
                .linkIds("training-breadcrumb", "training-run-job-link");
        H1 title = new H1("Run " + run.number() + " of " + run.job());
        title.setId("training-run-title");
        title.getStyle().set("overflow-wrap", "anywhere");
        title.addClassNames(LumoUtility.Margin.Bottom.XSMALL);
        Span state = TrainingLabels.state(run.state());
        state.setId("training-run-state");
        Span who = new Span(new Text(run.scheduledFor() == null ? "started by " : "scheduled, as "), people.actorSpan(run.requestedBy()),
                new Text(" · " + run.runner() + " runner" + (run.node() == null ? "" : ", node " + run.node())));
        who.addClassNames(LumoUtility.TextColor.SECONDARY);
        HorizontalLayout line = new HorizontalLayout(state, who);
        line.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        line.setWrap(true);
        top.add(crumbs, title, line);
        if (run.reason() != null && !run.state().equals("SUCCEEDED")) {
            Paragraph why = new Paragraph((run.state().equals("FAILED") ? "Why it failed: " : run.state().equals("LOST") ? "Lost: " : "")
                    + run.reason());
            why.setId("training-run-reason");
            why.addClassNames(run.state().equals("CANCELLED") ? LumoUtility.TextColor.SECONDARY : LumoUtility.TextColor.ERROR);
            why.getStyle().set("overflow-wrap", "anywhere");
            top.add(why);
        }
        if (run.modelVersion() != null) {
            Anchor version = new Anchor(TrainingLabels.versionLink(run.model(), run.areaId(), run.modelVersion()),
                    "Registered " + run.model() + " version " + run.modelVersion());
            version.setId("training-run-version-link");
            Div links = new Div(version);
            links.addClassNames(LumoUtility.Margin.Top.SMALL);
            top.add(links);
        }
    }

    private void showFigures() {
        figures.removeAll();
        String cost = TrainingLabels.cost(run);
        String most = run.estimatedCost() == null ? "" : "at most " + Formats.money(run.estimatedCost().amount(), run.estimatedCost().currency());
        figures.add(tile("training-run-started", "Started", run.startedAt() == null ? "not yet" : Formats.dateTimeWithSeconds(run.startedAt(), zone), "queued "
                + Formats.dateTimeWithSeconds(run.queuedAt(), zone)));
        figures.add(tile("training-run-took", TrainingLabels.finished(run.state()) ? "Took" : "Running for", TrainingLabels.duration(run, clock),
                "limit " + TrainingLabels.minutes(run.maxRunMinutes())));
        figures.add(tile("training-run-cost", TrainingLabels.finished(run.state()) ? "Cost" : "Cost so far", cost.replace(" so far", ""), most));
        figures.add(tile("training-run-rows", "Training set", run.dataRows() == null ? "—" : Formats.count(run.dataRows()) + " rows", String.join(", ", run.dataGroups())));
    }

    private static Component tile(String id, String label, String value, String note) {
        Span l = new Span(label);
        l.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        Span v = new Span(value);
        v.setId(id);
        v.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Display.BLOCK);
        Span n = new Span(note);
        n.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        n.getStyle().set("overflow-wrap", "anywhere");
        Div card = new Div(l, v, n);
        card.addClassNames("stat-card", LumoUtility.Padding.SMALL, LumoUtility.Border.ALL, LumoUtility.BorderRadius.MEDIUM);
        card.getStyle().set("min-width", "9rem").set("flex", "1 1 9rem");
        return card;
    }

    /** While it runs: how much of its time limit it has used, and a cancel button for its area's data scientists. */
    private void showProgress() {
        progressBox.removeAll();
        if (TrainingLabels.finished(run.state())) {
            return;
        }
        ProgressBar bar = new ProgressBar();
        bar.setId("training-run-progress");
        Span label = new Span();
        label.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        if (run.startedAt() == null || run.state().equals("QUEUED")) {
            bar.setIndeterminate(true);
            label.setText("Queued: a node takes it as soon as it has room");
        } else {
            double used = Duration.between(run.startedAt(), clock.instant()).toMillis() / (double) Duration.ofMinutes(run.maxRunMinutes()).toMillis();
            bar.setValue(Math.max(0, Math.min(1, used)));
            label.setText((run.state().equals("STARTING") ? "Preparing its code and training set · " : "Running · ")
                    + TrainingLabels.duration(run, clock) + " of its " + TrainingLabels.minutes(run.maxRunMinutes()) + " limit"
                    + (run.cancelRequested() ? " · stopping" : ""));
        }
        progressBox.add(label, bar);
        if (access.canAct(run.areaId()) && !run.cancelRequested()) {
            Button cancel = new Button("Cancel run", VaadinIcon.STOP.create(), e -> confirmCancel());
            cancel.setId("training-run-cancel");
            cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
            progressBox.add(cancel);
        }
    }

    private void confirmCancel() {
        ConfirmDialog confirm = new ConfirmDialog("Cancel run " + run.number() + "?", "Its process and whatever it started are stopped; it "
                + "registers nothing. It is billed for the time it ran.", "Cancel run", c -> {
            try {
                run = training.cancel(run.id());
                Notices.success("Cancelling run " + run.number());
                showTop();
                showProgress();
            } catch (InvalidRequestException | ForbiddenException | NotFoundException e) {
                Notices.error(e.getMessage());
            }
        });
        confirm.setCancelable(true);
        confirm.setCancelText("Keep it running");
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private void showLog(String text) {
        if (text == null || text.equals(shownLog)) {
            return;
        }
        shownLog = text;
        log.setText(text.isEmpty() ? "Nothing logged yet." : text);
        // follow the end of the log, as a terminal does
        logBox.getElement().executeJs("requestAnimationFrame(() => { this.scrollTop = this.scrollHeight; })");
    }

    /** Its metrics beside the job's earlier succeeded runs' (newest first), from their metrics.json, with the figures as a table. */
    private void showMetrics(List<TrainingRunView> compared) {
        metricsBox.removeAll();
        List<TrainingRunView> shown = new ArrayList<>(compared);
        // scores and rates (AUC, log loss, accuracy: within ±1) share a scale; counts (rows) would flatten them, so they are
        // only written out
        List<String> names = new ArrayList<>(new LinkedHashSet<>(run.metrics().keySet())).stream()
                .filter(n -> shown.stream().map(r -> r.metrics().get(n)).allMatch(v -> v == null || Math.abs(v) <= 1.0)).toList();
        List<ChartData.SeriesData> series = new ArrayList<>();
        java.util.Collections.reverse(shown); // oldest first, this run last
        for (TrainingRunView r : shown) {
            series.add(new ChartData.SeriesData("Run " + r.number() + (r.id().equals(run.id()) ? " (this)" : ""),
                    names.stream().map(n -> r.metrics().get(n)).toList()));
        }
        DataChart chart = new DataChart("training-run-metrics", "Metrics of run " + run.number() + (shown.size() > 1
                ? " and the job's earlier succeeded runs" : ""), DataChart.Kind.BAR, "The run wrote no metrics");
        chart.chart().setHeight("260px");
        chart.show(new ChartData("Metric", names, series));
        Map<String, String> figures = new LinkedHashMap<>();
        run.metrics().forEach((k, v) -> figures.put(k, v == Math.rint(v) && Math.abs(v) >= 1 ? Formats.decimal(v, 0)
                : Formats.decimal(v, 4)));
        Span list = new Span(figures.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" · ")));
        list.setId("training-run-metrics-figures");
        list.addClassNames(LumoUtility.FontSize.SMALL);
        metricsBox.add(list);
        if (!names.isEmpty()) {
            metricsBox.add(chart);
        }
    }

    private void showLineage() {
        lineage.removeAll();
        lineage.add(TrainingJobPage.line("Parameters", (run.parameters().isEmpty() ? "none" : run.parameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))) + " · seed " + run.seed(), false));
        lineage.add(TrainingJobPage.line("Size", run.sizeCode() + " · limit " + TrainingLabels.minutes(run.maxRunMinutes()), false));
        lineage.add(TrainingJobPage.line("Code", TrainingLabels.code(run.codeHash()), true));
        lineage.add(TrainingJobPage.line("Data", run.dataHash() == null ? "not built yet" : run.dataHash() + (run.dataFrom() == null
                && run.dataTo() == null ? "" : " · " + Formats.dateTime(run.dataFrom()) + " to "
                + Formats.dateTime(run.dataTo())), true));
        if (run.scheduledFor() != null) {
            lineage.add(TrainingJobPage.line("Schedule", "the fire due " + Formats.dateTime(run.scheduledFor(), zone), false));
        }
    }
}
