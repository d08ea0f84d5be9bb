package io.esteira.training.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.BrowserZone;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.shared.Formats;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.SearchToolbar;
import io.esteira.shared.ui.WhileAttached;
import io.esteira.training.TrainingJobView;
import io.esteira.training.TrainingRunView;
import io.esteira.training.TrainingService;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.data.domain.PageRequest;

/**
 * The current area's training jobs (what each trains, from which code, its schedule and last run) and its latest runs,
 * followed live while a run is under way.
 */
@Route("training")
@PageTitle("Training · Esteira")
@Menu(title = "Training", order = 42, icon = "vaadin:flask")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class TrainingView extends VerticalLayout {

    private final Grid<TrainingJobView> jobs = new Grid<>(TrainingJobView.class, false);
    private final Grid<TrainingRunView> runs = new Grid<>(TrainingRunView.class, false);
    private ZoneId zone = ZoneOffset.UTC;
    private final Clock clock;

    TrainingView(TrainingService training, AreaService areas, AreaAccess access, Clock clock) {
        this.clock = clock;
        addClassName("view");
        setId("training-view");
        setSizeFull();
        AreaSummary area = areas.currentArea().orElse(null);
        H1 title = new H1("Training");
        if (area == null) {
            add(title, new Paragraph("You do not work in any business area yet. An administrator can add you to one."));
            return;
        }
        boolean canAct = access.canAct(area.id());
        SearchToolbar toolbar = new SearchToolbar("Search by name", () -> jobs.getDataProvider().refreshAll(),
                "New training job", "new-training-job", () -> UI.getCurrent().navigate(TrainingJobWizardView.class));
        toolbar.getChildren().filter(c -> "new-training-job".equals(c.getId().orElse(null))).findFirst()
                .ifPresent(b -> ((Button) b).setVisible(canAct));
        // on a phone the button goes under the search field rather than past the screen's edge
        toolbar.setWrap(true);
        toolbar.getChildren().filter(c -> c instanceof com.vaadin.flow.component.textfield.TextField).findFirst()
                .ifPresent(c -> ((com.vaadin.flow.component.textfield.TextField) c).setMinWidth("12rem"));

        jobs.setId("training-jobs-grid");
        jobs.addComponentColumn(TrainingView::nameCell).setHeader("Job").setWidth("12rem").setFlexGrow(3);
        jobs.addColumn(TrainingJobView::model).setHeader("Trains").setWidth("10rem").setFlexGrow(2).setTooltipGenerator(TrainingJobView::model);
        jobs.addColumn(j -> j.sizeCode() + " · ≤ " + TrainingLabels.minutes(j.maxRunMinutes())).setHeader("Size · limit").setAutoWidth(true)
                .setFlexGrow(0);
        jobs.addColumn(j -> j.schedule() == null ? "by hand" : j.schedule().inWords()).setHeader("Runs").setWidth("10rem").setFlexGrow(2)
                .setTooltipGenerator(j -> j.schedule() == null ? "Only when someone presses Run now or calls the API" : j.schedule().inWords());
        jobs.addComponentColumn(this::lastRunCell).setHeader("Last run").setWidth("10rem").setFlexGrow(0);
        jobs.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        jobs.setItems(query -> training.jobs(area.id(), toolbar.searchText(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        jobs.setEmptyStateComponent(emptyState(area, canAct));
        jobs.addItemClickListener(e -> UI.getCurrent().navigate(TrainingJobPage.class, new com.vaadin.flow.router.RouteParameters("jobId",
                e.getItem().id().toString())));
        jobs.setWidthFull();
        jobs.setMinHeight("14rem");
        jobs.getStyle().set("flex", "1 1 60%");

        runs.setId("training-runs-grid");
        runs.addComponentColumn(r -> {
            Anchor link = new Anchor("training/runs/" + r.id(), r.job() + " #" + r.number());
            link.getStyle().set("overflow-wrap", "anywhere");
            return link;
        }).setHeader("Run").setWidth("11rem").setFlexGrow(2);
        runs.addComponentColumn(r -> TrainingLabels.state(r.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        runs.addColumn(r -> Formats.dateTimeWithSeconds(r.queuedAt(), zone)).setHeader("Queued").setAutoWidth(true).setFlexGrow(0);
        runs.addColumn(r -> TrainingLabels.duration(r, clock)).setHeader("Took").setAutoWidth(true).setFlexGrow(0);
        runs.addColumn(TrainingLabels::cost).setHeader("Cost").setAutoWidth(true).setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        runs.addComponentColumn(r -> r.modelVersion() == null ? new Span("—")
                : new Anchor(TrainingLabels.versionLink(r.model(), r.areaId(), r.modelVersion()), r.model() + " v" + r.modelVersion()))
                .setHeader("Registered").setWidth("9rem").setFlexGrow(1);
        runs.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        runs.setItems(query -> training.areaRuns(area.id(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        runs.setEmptyStateText("No runs yet in " + area.name() + ".");
        runs.setWidthFull();
        runs.setMinHeight("12rem");
        runs.getStyle().set("flex", "1 1 40%");

        Span subtitle = new Span(area.name());
        subtitle.addClassNames(LumoUtility.TextColor.SECONDARY);
        H2 latest = new H2("Latest runs");
        latest.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.Top.SMALL, LumoUtility.Margin.Bottom.NONE);
        add(title, subtitle, toolbar, jobs, latest, runs);

        addAttachListener(e -> zone = BrowserZone.of(e.getUI()));
        // while a run is under way, the lists follow it (read off the UI thread, pushed)
        // (and once more after the last one ends, so that its end shows)
        java.util.concurrent.atomic.AtomicBoolean wasActive = new java.util.concurrent.atomic.AtomicBoolean();
        WhileAttached.every(Duration.ofSeconds(3), this, () -> {
            boolean active = training.areaRuns(area.id(), PageRequest.of(0, 20)).stream().anyMatch(r -> !TrainingLabels.finished(r.state()));
            return active | wasActive.getAndSet(active) ? Boolean.TRUE : null;
        }, active -> {
            jobs.getDataProvider().refreshAll();
            runs.getDataProvider().refreshAll();
        });
    }

    private static Component nameCell(TrainingJobView j) {
        Span name = new Span(j.name());
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        name.getStyle().set("overflow-wrap", "anywhere");
        Div cell = new Div(name);
        String source = switch (j.source().kind()) {
            case "SAMPLE" -> "sample " + j.source().ref() + (j.source().path().isEmpty() ? "" : "/" + j.source().path());
            case "GIT" -> "Git " + j.source().ref() + (j.source().path().isEmpty() ? "" : ", " + j.source().path());
            default -> "workspace folder" + (j.source().path().isEmpty() ? "" : "/" + j.source().path());
        };
        Span what = new Span(source + " · " + j.entrypoint());
        what.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        what.getStyle().set("overflow-wrap", "anywhere");
        cell.add(what);
        return cell;
    }

    private Component lastRunCell(TrainingJobView j) {
        if (j.lastRun() == null) {
            Span never = new Span("never run");
            never.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
            return never;
        }
        Span state = TrainingLabels.state(j.lastRun().state());
        Span when = new Span("#" + j.lastRun().number() + " · " + Formats.dateTimeWithSeconds(j.lastRun().queuedAt(), zone));
        when.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        return new Div(state, when);
    }

    private static Component emptyState(AreaSummary area, boolean canAct) {
        Div box = new Div();
        box.setId("training-empty");
        box.addClassNames(LumoUtility.Padding.MEDIUM);
        Paragraph what = new Paragraph("A training job is a standard, repeatable way to train one of " + area.name()
                + "'s models: your code (a sample or a folder of your workspace) runs on a point-in-time training set from the feature "
                + "store, with its parameters, size and time limit. Every run is metered, keeps its log, and a run that succeeds "
                + "registers the next version of the model, so the registry's gates run as for any version.");
        what.addClassNames(LumoUtility.Margin.Top.NONE);
        box.add(what);
        box.add(new Paragraph(canAct ? "No training job in " + area.name() + " yet: \"New training job\" sets one up, with its cost before you create it."
                : "No training job in " + area.name() + " yet."));
        return box;
    }
}
