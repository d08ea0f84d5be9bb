package io.esteira.training.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.Breadcrumb;
import io.esteira.shared.ui.BrowserZone;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.costs.BudgetPolicy;
import io.esteira.costs.CostQuote;
import io.esteira.costs.ui.CostQuotePanel;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import io.esteira.shared.ui.WhileAttached;
import io.esteira.training.TrainingJobDraft;
import io.esteira.training.TrainingJobView;
import io.esteira.training.TrainingRunView;
import io.esteira.training.TrainingService;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A training job: what it trains and from what, its schedule, its runs (state, when, how long, cost, the version each
 * registered), and what its area's data scientists do with it: run it now (after seeing what a run costs), edit, delete.
 */
@Route("training/jobs/:jobId")
@PageTitle("Training job · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class TrainingJobPage extends VerticalLayout implements BeforeEnterObserver {

    private final People people;
    private final TrainingService training;
    private final AreaAccess access;
    private final Map<UUID, String> areaNames;
    private final Grid<TrainingRunView> runs = new Grid<>(TrainingRunView.class, false);
    private volatile TrainingJobView job;
    private ZoneId zone = ZoneOffset.UTC;
    private final Clock clock;

    TrainingJobPage(TrainingService training, AreaAccess access, AreaService areas, Clock clock, UserDirectory users) {
        this.people = new People(users);
        this.clock = clock;
        this.training = training;
        this.access = access;
        this.areaNames = areas.names();
        addClassName("view");
        setId("training-job-page");
        setMaxWidth("72rem");
        addAttachListener(e -> zone = BrowserZone.of(e.getUI()));
        runs.setId("training-job-runs");
        runs.addComponentColumn(r -> {
            Anchor link = new Anchor("training/runs/" + r.id(), "#" + r.number());
            link.setId("run-link-" + r.number());
            return link;
        }).setHeader("Run").setAutoWidth(true).setFlexGrow(0);
        runs.addComponentColumn(r -> TrainingLabels.state(r.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        runs.addColumn(r -> Formats.dateTimeWithSeconds(r.startedAt() == null ? r.queuedAt() : r.startedAt(), zone)
                + (r.scheduledFor() == null ? "" : " · scheduled")).setHeader("Started").setAutoWidth(true).setFlexGrow(0);
        runs.addColumn(r -> TrainingLabels.duration(r, clock)).setHeader("Took").setAutoWidth(true).setFlexGrow(0);
        runs.addColumn(TrainingLabels::cost).setHeader("Cost").setAutoWidth(true).setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        runs.addComponentColumn(r -> r.modelVersion() == null ? new Span(r.reason() == null ? "—" : "") : version(r))
                .setHeader("Registered").setAutoWidth(true).setFlexGrow(0);
        runs.addColumn(r -> r.reason() == null || r.state().equals("SUCCEEDED") ? "" : r.reason()).setHeader("Why it failed or stopped")
                .setFlexGrow(1).setTooltipGenerator(TrainingRunView::reason);
        runs.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        runs.setEmptyStateText("No runs yet: \"Run now\" starts one.");
        runs.setHeight("16rem");
        runs.addItemClickListener(e -> UI.getCurrent().navigate(TrainingRunPage.class, new RouteParameters("runId", e.getItem().id().toString())));
        WhileAttached.every(Duration.ofSeconds(3), this, () -> {
            TrainingJobView shown = job;
            if (shown == null) {
                return null;
            }
            TrainingJobView now = training.job(shown.id());
            boolean active = now.lastRun() != null && !TrainingLabels.finished(now.lastRun().state());
            boolean changed = shown.lastRun() == null ? now.lastRun() != null : !shown.lastRun().equals(now.lastRun());
            return active || changed ? now : null;
        }, now -> {
            job = now;
            runs.getDataProvider().refreshAll();
        });
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            job = training.job(UUID.fromString(event.getRouteParameters().get("jobId").orElse("")));
        } catch (IllegalArgumentException | NotFoundException e) {
            job = null;
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such training job, or it is not yours to see.");
            return;
        }
        render();
    }

    private void render() {
        removeAll();
        UUID id = job.id();
        runs.setItems(query -> training.runs(id, VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        add(breadcrumb(), header(), actions(), section("Definition"), definition(), section("Runs"), runs);
    }

    private Component breadcrumb() {
        return new Breadcrumb(job.name(), "Training", "training").linkIds("training-breadcrumb");
    }

    private Component header() {
        H1 title = new H1(job.name());
        title.setId("training-job-title");
        title.getStyle().set("overflow-wrap", "anywhere");
        title.addClassNames(LumoUtility.Margin.Bottom.XSMALL);
        Span what = new Span(new Text("Trains " + job.model() + " · " + areaNames.getOrDefault(job.areaId(), "") + " · created by "),
                people.actorSpan(job.createdBy()));
        what.addClassNames(LumoUtility.TextColor.SECONDARY);
        what.getStyle().set("overflow-wrap", "anywhere");
        Div head = new Div(title, what);
        if (job.description() != null && !job.description().isBlank()) {
            Paragraph description = new Paragraph(job.description());
            description.addClassNames(LumoUtility.Margin.Vertical.SMALL);
            head.add(description);
        }
        head.setWidthFull();
        return head;
    }

    private Component actions() {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setWrap(true);
        actions.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        if (!access.canAct(job.areaId())) {
            Span readOnly = new Span("You may read this job; its area's data scientists run and change it.");
            readOnly.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            actions.add(readOnly);
            return actions;
        }
        Button run = new Button("Run now", VaadinIcon.PLAY.create(), e -> confirmRun());
        run.setId("training-run-now");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button edit = new Button("Edit", VaadinIcon.EDIT.create(), e -> UI.getCurrent().navigate("training/jobs/" + job.id() + "/edit"));
        edit.setId("training-edit");
        Button delete = new Button("Delete…", VaadinIcon.TRASH.create(), e -> confirmDelete());
        delete.setId("training-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        actions.add(run, edit, delete);
        return actions;
    }

    /** What a run costs before it starts (by the function that bills it, against the area's budget); then it starts, or not. */
    private void confirmRun() {
        Dialog dialog = new Dialog();
        dialog.setId("training-run-dialog");
        dialog.setHeaderTitle("Run " + job.name() + " now?");
        dialog.setWidth("min(44rem, 95vw)");
        CostQuotePanel panel = new CostQuotePanel();
        panel.setId("training-run-cost");
        boolean refused = false;
        try {
            CostQuote q = training.quote(job.areaId(), job.sizeCode(), job.maxRunMinutes());
            panel.showRun(q, areaNames.getOrDefault(job.areaId(), "the area"), "size " + job.sizeCode() + " for "
                    + TrainingLabels.minutes(job.maxRunMinutes()), "start it");
            refused = q.overBudget() && q.policy() == BudgetPolicy.REFUSE;
        } catch (InvalidRequestException | NotFoundException e) {
            panel.showMessage("No price available: " + e.getMessage());
        }
        Paragraph what = new Paragraph("It trains " + job.model() + " on its training set as the job is defined now; if it succeeds, it "
                + "registers the next version of " + job.model() + ".");
        what.addClassNames(LumoUtility.FontSize.SMALL);
        dialog.add(what, panel);
        Button start = new Button("Start run", VaadinIcon.PLAY.create(), e -> {
            try {
                TrainingRunView started = training.start(job.id());
                dialog.close();
                Notices.success("Run " + started.number() + " of " + job.name() + " is queued");
                UI.getCurrent().navigate(TrainingRunPage.class, new RouteParameters("runId", started.id().toString()));
            } catch (InvalidRequestException | ForbiddenException | NotFoundException ex) {
                dialog.close();
                Notices.error(ex.getMessage());
            }
        });
        start.setId("training-run-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.setEnabled(!refused);
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.setId("training-run-cancel");
        dialog.getFooter().add(cancel, start);
        dialog.open();
    }

    private void confirmDelete() {
        ConfirmDialog confirm = new ConfirmDialog("Delete " + job.name() + "?", "Its schedule goes; its runs, their logs and the versions "
                + "they registered stay. A job with a run under way cannot be deleted.", "Delete", c -> {
            try {
                training.delete(job.id());
                Notices.success("Deleted " + job.name());
                UI.getCurrent().navigate(TrainingView.class);
            } catch (InvalidRequestException | ForbiddenException | NotFoundException e) {
                Notices.error(e.getMessage());
            }
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private Component definition() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Code", TrainingLabels.source(job.source()) + (Boolean.TRUE.equals(job.source().tokenStored()) ? " (with a stored token)" : "")
                + " · runs " + job.entrypoint() + " with " + job.environment() + " on the " + job.runner() + " runner");
        lines.put("Parameters", (job.parameters().isEmpty() ? "none" : job.parameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "))) + " · seed " + job.seed());
        TrainingJobDraft.Inputs in = job.inputs();
        lines.put("Training set", in.groups().stream().map(g -> g.name() + (g.version() == null ? " (published)" : " v" + g.version())
                + (g.features() == null || g.features().isEmpty() ? "" : ": " + String.join(", ", g.features()))).collect(Collectors.joining("; "))
                + " · label column " + (in.label() == null ? "label" : in.label())
                + (in.from() == null && in.to() == null ? "" : " · " + (in.from() == null ? "…" : Formats.dateTime(in.from()))
                + " to " + (in.to() == null ? "…" : Formats.dateTime(in.to()))));
        lines.put("Entities query", in.sql());
        lines.put("Size", job.sizeCode() + " · stopped after " + TrainingLabels.minutes(job.maxRunMinutes()));
        lines.put("Schedule", job.schedule() == null ? "none: it runs when someone presses Run now or a pipeline calls the API"
                : job.schedule().inWords() + " · runs as " + people.actor(job.schedule().owner())
                + (job.schedule().nextRun() == null ? " · no next run" : " · next " + Formats.weekdayDateTime(job.schedule().nextRun(), zone)));
        Div list = new Div();
        list.setId("training-job-definition");
        list.setWidthFull();
        lines.forEach((k, v) -> list.add(line(k, v, k.equals("Entities query"))));
        if (job.schedule() != null && job.schedule().skippedReason() != null) {
            Paragraph skipped = new Paragraph(job.schedule().skippedReason());
            skipped.setId("training-schedule-skipped");
            skipped.addClassNames(LumoUtility.TextColor.WARNING, LumoUtility.FontSize.SMALL);
            list.add(skipped);
        }
        return list;
    }

    static Component line(String key, String value, boolean code) {
        Span k = new Span(key);
        k.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.TextColor.SECONDARY);
        // beside its value where there is room for both (8 + 16 rem), above it on a phone: the same for every line
        k.getStyle().set("flex", "0 0 8rem");
        Span v = new Span(value);
        v.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere").set("min-width", "0").set("flex", "1 1 16rem");
        if (code) {
            v.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)").set("font-size", "var(--lumo-font-size-s)");
        }
        HorizontalLayout line = new HorizontalLayout(k, v);
        line.setWidthFull();
        line.getStyle().set("flex-wrap", "wrap").set("row-gap", "0");
        return line;
    }

    static H2 section(String text) {
        H2 h = new H2(text);
        h.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.Top.MEDIUM, LumoUtility.Margin.Bottom.XSMALL);
        return h;
    }

    private static Component version(TrainingRunView r) {
        Anchor link = new Anchor(TrainingLabels.versionLink(r.model(), r.areaId(), r.modelVersion()), r.model() + " v" + r.modelVersion());
        link.setId("version-link-" + r.number());
        return link;
    }
}
