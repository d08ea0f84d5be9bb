package io.esteira.training.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.Breadcrumb;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.MonitoringLinks;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import io.esteira.shared.ui.chart.ChartData;
import io.esteira.shared.ui.chart.DataChart;
import io.esteira.training.ComparisonView;
import io.esteira.training.RecommendationView;
import io.esteira.training.Retraining;
import io.esteira.training.TrainingEstimate;
import io.esteira.training.TrainingRunView;
import io.esteira.training.TrainingService;
import io.esteira.deployments.DeploymentService;
import io.esteira.areas.AreaService;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * A retraining recommendation: the alert and its evidence (drifted features, performance by day, label coverage), the
 * fresh training window and what a run costs, and what to do: accept (the job runs) or decline with a reason; then the
 * run, and the challenger against the champion on the same matured, labelled rows (a table and two charts), compared
 * again in the background on demand; and the request to promote it.
 */
@Route("training/recommendations/:id")
@PageTitle("Retraining recommendation · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class RecommendationPage extends VerticalLayout implements BeforeEnterObserver {

    private final People people;
    private final Retraining retraining;
    private final TrainingService training;
    private final DeploymentService deployments;
    private final AreaService areas;
    private final Div content = new Div();
    private UUID id;
    /** Which comparison the page still waits for; Stop waiting moves it on (the comparison itself runs to its end). */
    private int waitingFor;

    RecommendationPage(Retraining retraining, TrainingService training, DeploymentService deployments, AreaService areas,
            UserDirectory users) {
        this.people = new People(users);
        this.retraining = retraining;
        this.training = training;
        this.deployments = deployments;
        this.areas = areas;
        addClassName("view");
        setId("recommendation-page");
        content.setWidthFull();
        add(content);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            id = UUID.fromString(event.getRouteParameters().get("id").orElse(""));
            render();
        } catch (IllegalArgumentException | NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no retraining recommendation that you can see here.");
        }
    }

    private void render() {
        RecommendationView r = retraining.recommendation(id);
        boolean canAct = retraining.canAct(id);
        content.removeAll();
        content.add(new Breadcrumb(r.model(), "Retraining", "training/recommendations"));
        H1 title = new H1("Retraining " + r.model());
        title.setId("recommendation-title");
        title.getStyle().set("overflow-wrap", "anywhere");
        HorizontalLayout line = new HorizontalLayout(RetrainingWords.badge(r.state()), new Span("Raised " + Formats.dateTime(r.createdAt())
                + (r.automatic() ? " · the policy starts runs at once" : " · waits for a data scientist")));
        line.setAlignItems(FlexComponent.Alignment.CENTER);
        line.getStyle().set("flex-wrap", "wrap");
        content.add(title, line);

        // the alert
        content.add(heading("What the monitor saw"));
        Paragraph alert = new Paragraph("The " + r.alertCheck() + " alert of " + r.deployment() + " (champion " + r.model() + " v"
                + r.championVersion() + ") for the window of " + Formats.dateTime(r.alertWindow())
                + (r.alertsSeen() > 1 ? "; " + (r.alertsSeen() - 1) + " more alerts of the model came while this was under way" : "") + ":");
        Paragraph message = new Paragraph(r.alertMessage());
        message.setId("recommendation-alert");
        message.addClassNames(LumoUtility.Background.CONTRAST_5, LumoUtility.Padding.SMALL, LumoUtility.BorderRadius.MEDIUM);
        message.getStyle().set("overflow-wrap", "anywhere");
        Anchor monitoring = new Anchor(MonitoringLinks.deployment(r.deployment(), r.areaId(), r.releaseId()), "Open the deployment's monitoring");
        content.add(alert, message, monitoring);
        content.add(evidence(r));

        // the window and the decision
        content.add(heading("Training"));
        Paragraph window = new Paragraph("The job " + r.job() + " trains on " + Formats.dateTime(r.windowFrom()) + " to "
                + Formats.dateTime(r.windowTo()) + ", the policy's fresh window ending at the alert less the label delay.");
        window.setId("recommendation-window");
        content.add(window);
        if ("OPEN".equals(r.state())) {
            try {
                TrainingEstimate estimate = training.estimate(r.jobId());
                Paragraph cost = new Paragraph("A run (size " + estimate.sizeCode() + ") costs at most " + estimate.maximumRun().format(Locale.UK)
                        + " (" + estimate.hourly().format(Locale.UK) + " an hour); the area's budget has " + estimate.budgetRemaining()
                        .format(Locale.UK) + " left this month after it" + (estimate.policy() == null ? "." : ", over budget (" + estimate.policy()
                        .toLowerCase(Locale.ROOT) + ")."));
                cost.setId("recommendation-cost");
                cost.addClassNames(LumoUtility.FontSize.SMALL);
                content.add(cost);
            } catch (NotFoundException | InvalidRequestException e) {
                content.add(new Paragraph("The job cannot be priced: " + e.getMessage()));
            }
            if (canAct) {
                Button accept = new Button("Accept and run " + r.job(), e -> act(() -> retraining.accept(id, r.version()), "Run queued"));
                accept.setId("recommendation-accept");
                accept.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                Button decline = new Button("Decline…", e -> decline(r));
                decline.setId("recommendation-decline");
                HorizontalLayout actions = new HorizontalLayout(accept, decline);
                actions.getStyle().set("flex-wrap", "wrap");
                content.add(actions);
            }
        }
        if (r.decidedBy() != null || r.reason() != null) {
            Paragraph decided = new Paragraph(("DECLINED".equals(r.state()) ? "Declined by " : "Accepted by ") + people.actor(r.decidedBy()) + " "
                    + Formats.dateTime(r.decidedAt()) + (r.reason() == null ? "" : ": " + r.reason()));
            decided.setId("recommendation-decision");
            decided.getStyle().set("overflow-wrap", "anywhere");
            if (r.decidedBy() == null) {
                decided.setText(r.reason());
            }
            content.add(decided);
        }
        if (r.runId() != null) {
            TrainingRunView run = training.run(r.runId());
            Paragraph p = new Paragraph("Run " + run.number() + " of " + run.job() + ": " + run.state().toLowerCase(Locale.ROOT)
                    + (run.reason() == null ? "" : " — " + run.reason()) + (run.dataRows() == null ? "" : "; training set of " + run.dataRows()
                    + " rows"));
            p.setId("recommendation-run");
            p.getStyle().set("overflow-wrap", "anywhere");
            content.add(p);
            if ("TRAINING".equals(r.state())) {
                Button refresh = new Button("Refresh", e -> render());
                refresh.setId("recommendation-refresh");
                content.add(refresh);
            }
        }
        if (r.challengerVersion() != null) {
            content.add(comparison(r, canAct));
        }
        if (r.changeId() != null) {
            content.add(heading("Promotion"));
            Anchor change = new Anchor("changes/" + r.changeId(), "Open the change request of the challenger's release");
            change.setId("recommendation-change");
            Anchor release = new Anchor("deployments/" + r.deploymentId(), "Open the release");
            content.add(new Div(change), new Div(release));
        }
    }

    private static H2 heading(String text) {
        H2 h = new H2(text);
        h.addClassNames(LumoUtility.Margin.Top.LARGE, LumoUtility.Margin.Bottom.SMALL);
        return h;
    }

    private static Span label(String text) {
        Span s = new Span(text);
        s.addClassNames(LumoUtility.Display.BLOCK, LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Margin.Top.MEDIUM, LumoUtility.Margin.Bottom.XSMALL);
        return s;
    }

    private Component evidence(RecommendationView r) {
        Div box = new Div();
        box.setId("recommendation-evidence");
        box.setWidthFull();
        RecommendationView.Evidence e = r.evidence();
        Paragraph coverage = new Paragraph("Label coverage over " + e.window() + ": " + RetrainingWords.percent(e.labelCoverage()) + ".");
        coverage.setId("recommendation-coverage");
        coverage.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        box.add(coverage);
        Grid<RecommendationView.DriftedFeature> drifted = new Grid<>();
        drifted.setId("recommendation-drift");
        drifted.addColumn(RecommendationView.DriftedFeature::feature).setHeader("Feature").setFlexGrow(3)
                .setTooltipGenerator(RecommendationView.DriftedFeature::feature);
        drifted.addColumn(f -> f.verdict().toLowerCase(Locale.ROOT) + ", PSI " + RetrainingWords.number(f.psi())).setHeader("Drift")
                .setFlexGrow(2);
        drifted.addColumn(f -> Formats.dateTime(f.windowStart())).setHeader("Window").setFlexGrow(2);
        drifted.setItems(e.driftedFeatures());
        drifted.setAllRowsVisible(true);
        drifted.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        drifted.setEmptyStateText("No feature drifted around the alert.");
        Grid<RecommendationView.PerformanceDay> days = new Grid<>();
        days.setId("recommendation-performance");
        days.addColumn(d -> Formats.date(d.day())).setHeader("Day").setFlexGrow(2);
        days.addColumn(d -> d.labelledRows() + "/" + d.predictedRows() + (d.maturity() == null ? "" : ", "
                + d.maturity().toLowerCase(Locale.ROOT))).setHeader("Labelled").setFlexGrow(2);
        days.addColumn(d -> RetrainingWords.number(d.auc()) + " (" + RetrainingWords.number(d.estimatedAuc()) + ")")
                .setHeader("AUC (estimated)").setFlexGrow(2);
        days.setItems(e.performance());
        days.setAllRowsVisible(true);
        days.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        days.setEmptyStateText("No performance computed around the alert.");
        box.add(label("Drifted features around the alert"), drifted, label("Performance of the champion by day"), days);
        return box;
    }

    private Component comparison(RecommendationView r, boolean canAct) {
        Div box = new Div();
        box.setId("recommendation-comparison");
        box.setWidthFull();
        box.add(heading("Challenger v" + r.challengerVersion() + " against champion v" + r.championVersion()));
        ComparisonView c = retraining.comparison(id).orElse(null);
        ProgressBar progress = new ProgressBar();
        progress.setIndeterminate(true);
        progress.setVisible(false);
        Span status = new Span();
        status.setId("comparison-status");
        Button again = new Button(c == null ? "Compare" : "Compare again");
        again.setId("comparison-again");
        Button cancel = new Button("Stop waiting");
        cancel.setVisible(false);
        again.addClickListener(e -> {
            UI ui = UI.getCurrent();
            progress.setVisible(true);
            again.setEnabled(false);
            cancel.setVisible(true);
            status.setText("Scoring the matured, labelled rows with both versions…");
            int mine = ++waitingFor;
            CompletableFuture.runAsync(new DelegatingSecurityContextRunnable(() -> {
                String outcome;
                try {
                    ComparisonView done = retraining.compare(id);
                    outcome = done.done() ? "Compared on " + Formats.count(done.rows()) + " rows" : "Not compared: " + done.reason();
                } catch (RuntimeException ex) {
                    outcome = "Not compared: " + ex.getMessage();
                }
                String said = outcome;
                ui.access(() -> {
                    if (mine == waitingFor) {
                        Notices.success(said);
                        render();
                    }
                });
            }));
        });
        cancel.addClickListener(e -> {
            waitingFor++;
            progress.setVisible(false);
            again.setEnabled(true);
            cancel.setVisible(false);
            status.setText("Stopped waiting. A comparison already scoring finishes on its own and is stored; reload to see it.");
        });
        if (c == null) {
            box.add(new Paragraph("Not compared yet."));
        } else if (!c.done()) {
            Paragraph why = new Paragraph("Not compared: " + c.reason());
            why.setId("comparison-reason");
            box.add(why);
        } else {
            Paragraph on = new Paragraph("On " + c.rows() + " matured, labelled rows of " + r.deployment() + " (" + c.positives() + " positive) from "
                    + Formats.dateTime(c.windowFrom()) + " to " + Formats.dateTime(c.windowTo()) + ", " + c.matureHours()
                    + " mature hours; computed " + Formats.dateTime(c.computedAt()) + ".");
            on.setId("comparison-window");
            box.add(on, table(c), charts(c));
            Paragraph method = new Paragraph(c.method());
            method.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
            method.getStyle().set("overflow-wrap", "anywhere");
            box.add(method);
        }
        if (canAct && "TRAINED".equals(r.state())) {
            HorizontalLayout actions = new HorizontalLayout(again, cancel);
            if (c != null && c.done()) {
                Button promote = new Button("Request promotion…", e -> PromotionDialog.open(retraining, deployments, areas, r, this::render));
                promote.setId("recommendation-promote");
                promote.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                actions.addComponentAsFirst(promote);
            }
            actions.setAlignItems(FlexComponent.Alignment.CENTER);
            actions.getStyle().set("flex-wrap", "wrap");
            box.add(actions, progress, status);
        }
        return box;
    }

    private record MetricRow(String metric, Double champion, Double challenger, boolean lowerIsBetter, boolean latency) {
    }

    private static Component table(ComparisonView c) {
        List<MetricRow> rows = new ArrayList<>();
        add(rows, "AUC", c.champion().auc(), c.challenger().auc(), false, false);
        add(rows, "KS", c.champion().ks(), c.challenger().ks(), false, false);
        add(rows, "Brier score", c.champion().brier(), c.challenger().brier(), true, false);
        add(rows, "Expected calibration error", c.champion().ece(), c.challenger().ece(), true, false);
        add(rows, "Precision at " + c.threshold(), c.champion().precision(), c.challenger().precision(), false, false);
        add(rows, "Recall at " + c.threshold(), c.champion().recall(), c.challenger().recall(), false, false);
        add(rows, "MAE", c.champion().mae(), c.challenger().mae(), true, false);
        add(rows, "RMSE", c.champion().rmse(), c.challenger().rmse(), true, false);
        add(rows, "Latency, one row, median", c.champion().latencyP50Ms(), c.challenger().latencyP50Ms(), true, true);
        add(rows, "Latency, one row, 95th percentile", c.champion().latencyP95Ms(), c.challenger().latencyP95Ms(), true, true);
        add(rows, "Latency, all rows in one call", c.champion().batchMs(), c.challenger().batchMs(), true, true);
        Grid<MetricRow> grid = new Grid<>();
        grid.setId("comparison-table");
        grid.addColumn(MetricRow::metric).setHeader("Metric").setFlexGrow(2);
        grid.addColumn(m -> m.latency() ? RetrainingWords.ms(m.champion()) : RetrainingWords.number(m.champion()))
                .setHeader("Champion v" + c.champion().version()).setAutoWidth(true);
        grid.addColumn(m -> m.latency() ? RetrainingWords.ms(m.challenger()) : RetrainingWords.number(m.challenger()))
                .setHeader("Challenger v" + c.challenger().version()).setAutoWidth(true);
        grid.addComponentColumn(m -> {
            if (m.champion() == null || m.challenger() == null) {
                return new Span("");
            }
            double change = m.challenger() - m.champion();
            boolean better = m.lowerIsBetter() ? change < 0 : change > 0;
            Span s = new Span(String.format(Locale.ROOT, "%+.4f", change));
            if (!m.latency() && Math.abs(change) > 1e-9) {
                s.getElement().getThemeList().add(better ? "badge success small" : "badge error small");
            }
            return s;
        }).setHeader("Change").setAutoWidth(true);
        grid.setItems(rows);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        return grid;
    }

    private static void add(List<MetricRow> rows, String metric, Double champion, Double challenger, boolean lowerIsBetter, boolean latency) {
        if (champion != null || challenger != null) {
            rows.add(new MetricRow(metric, champion, challenger, lowerIsBetter, latency));
        }
    }

    private static Component charts(ComparisonView c) {
        Div charts = new Div();
        charts.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.MEDIUM);
        charts.setWidthFull();
        List<String> names = new ArrayList<>();
        List<Double> champion = new ArrayList<>();
        List<Double> challenger = new ArrayList<>();
        for (String[] m : new String[][] {{"AUC", "auc"}, {"KS", "ks"}, {"Brier", "brier"}, {"ECE", "ece"}}) {
            Double a = metric(c.champion(), m[1]);
            Double b = metric(c.challenger(), m[1]);
            if (a != null && b != null) {
                names.add(m[0]);
                champion.add(a);
                challenger.add(b);
            }
        }
        DataChart metrics = new DataChart("comparison-metrics", "Champion and challenger by metric", DataChart.Kind.BAR,
                "No classification metric to chart.");
        metrics.show(new ChartData("Metric", names, List.of(new ChartData.SeriesData("Champion v" + c.champion().version(), champion),
                new ChartData.SeriesData("Challenger v" + c.challenger().version(), challenger))));
        Div left = new Div(new Span("By metric (AUC and KS: higher is better; Brier and ECE: lower)"), metrics);
        left.getStyle().set("flex", "1 1 20rem").set("min-width", "0");
        charts.add(left);
        if (!c.champion().calibration().isEmpty() && !c.challenger().calibration().isEmpty()) {
            List<String> groups = new ArrayList<>();
            for (int i = 1; i <= Math.max(c.champion().calibration().size(), c.challenger().calibration().size()); i++) {
                groups.add(String.valueOf(i));
            }
            DataChart calibration = new DataChart("comparison-calibration", "Observed positive rate and mean score by score group",
                    DataChart.Kind.LINE, "No calibration to chart.");
            calibration.show(new ChartData("Score group (1 = lowest scores)", groups, List.of(
                    new ChartData.SeriesData("v" + c.champion().version() + " rate", c.champion().calibration().stream().map(ComparisonView.Bin::observedRate).toList()),
                    new ChartData.SeriesData("v" + c.champion().version() + " score", c.champion().calibration().stream().map(ComparisonView.Bin::meanScore).toList()),
                    new ChartData.SeriesData("v" + c.challenger().version() + " rate", c.challenger().calibration().stream().map(ComparisonView.Bin::observedRate).toList()),
                    new ChartData.SeriesData("v" + c.challenger().version() + " score", c.challenger().calibration().stream().map(ComparisonView.Bin::meanScore).toList()))));
            Div right = new Div(new Span("Calibration by score group: positive rate against mean score (calibrated: they match)"), calibration);
            right.getStyle().set("flex", "1 1 20rem").set("min-width", "0");
            charts.add(right);
        }
        return charts;
    }

    private static Double metric(ComparisonView.Side s, String name) {
        return switch (name) {
            case "auc" -> s.auc();
            case "ks" -> s.ks();
            case "brier" -> s.brier();
            default -> s.ece();
        };
    }

    private void decline(RecommendationView r) {
        Dialog dialog = new Dialog();
        dialog.setId("decline-dialog");
        dialog.setHeaderTitle("Decline retraining " + r.model());
        dialog.setWidth("min(36rem, 95vw)");
        TextArea reason = new TextArea("Reason");
        reason.setId("decline-reason");
        reason.setWidthFull();
        reason.setMaxLength(2000);
        reason.setHelperText("Why the model should not be retrained now; recorded in the audit log");
        Button ok = new Button("Decline", e -> {
            try {
                retraining.decline(id, reason.getValue(), r.version());
                dialog.close();
                Notices.success("Recommendation declined");
                render();
            } catch (InvalidRequestException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(ex.fieldErrors().getOrDefault("reason", ex.getMessage()));
            } catch (ObjectOptimisticLockingFailureException ex) {
                dialog.close();
                Notices.error("Someone acted on the recommendation meanwhile; here it is as it is now");
                render();
            }
        });
        ok.setId("decline-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        dialog.add(new Paragraph("The alert stays as it is; a later alert of the model may recommend retraining again."), reason);
        dialog.getFooter().add(cancel, ok);
        dialog.open();
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            Notices.success(done);
        } catch (InvalidRequestException e) {
            Notices.error(e.getMessage());
        } catch (ObjectOptimisticLockingFailureException e) {
            Notices.error("Someone acted on the recommendation meanwhile; here it is as it is now");
        }
        render();
    }
}
