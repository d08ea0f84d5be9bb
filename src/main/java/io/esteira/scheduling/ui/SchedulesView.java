package io.esteira.scheduling.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.contextmenu.ContextMenu;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.costs.ui.CostQuotePanel;
import io.esteira.scheduling.AlertView;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.RunView;
import io.esteira.scheduling.ScheduleDefinitions;
import io.esteira.scheduling.ScheduleOptions;
import io.esteira.scheduling.SchedulePreviews;
import io.esteira.scheduling.ScheduleQueries;
import io.esteira.scheduling.ScheduleQuote;
import io.esteira.scheduling.ScheduleRunner;
import io.esteira.scheduling.ScheduleView;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * The area's scheduled queries: the schedule in words, next and last run, and the actions; a
 * schedule's runs open in a dialog, where a failed run can be run again.
 */
@Route("schedules")
@PageTitle("Schedules · Esteira")
@Menu(title = "Schedules", order = 30, icon = "vaadin:clock")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class SchedulesView extends VerticalLayout {

    private final ScheduleQueries queries;
    private final ScheduleRunner runner;
    private final ScheduleDefinitions definitions;
    private final SchedulePreviews previews;
    private final AreaAccess access;
    private final AreaService areas;
    private final Grid<ScheduleView> grid = new Grid<>(ScheduleView.class, false);
    /** A shown run is still going: the list polls until it is over. */
    private boolean running;
    private final Clock clock;

    SchedulesView(ScheduleQueries queries, ScheduleRunner runner, ScheduleDefinitions definitions, SchedulePreviews previews,
            AreaAccess access, AreaService areas, Clock clock) {
        this.clock = clock;
        this.queries = queries;
        this.runner = runner;
        this.definitions = definitions;
        this.previews = previews;
        this.access = access;
        this.areas = areas;
        addClassName("view");
        setId("schedules-view");
        setSizeFull();
        grid.setId("schedules-grid");
        grid.addComponentColumn(SchedulesView::name).setHeader("Schedule").setWidth("12rem").setFlexGrow(2);
        grid.addColumn(ScheduleView::source).setHeader("Source").setWidth("7rem").setFlexGrow(1);
        grid.addComponentColumn(SchedulesView::when).setHeader("When").setWidth("11rem").setFlexGrow(2);
        grid.addComponentColumn(SchedulesView::lastRun).setHeader("Last run").setWidth("9rem").setFlexGrow(0);
        grid.addColumn(ScheduleView::owner).setHeader("Owner").setWidth("6rem").setFlexGrow(1);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(query -> {
            var page = queries.list(VaadinSpringDataHelpers.toSpringPageRequest(query));
            if (page.stream().anyMatch(s -> s.lastRun() != null && s.lastRun().state().equals("RUNNING"))) {
                running = true;
            }
            return page.stream();
        });
        grid.setEmptyStateText("Your areas have no scheduled queries yet. \"New schedule\" creates one; pipelines use /api/v1/schedules.");
        grid.addItemClickListener(e -> runs(e.getItem()));
        grid.setSizeFull();
        Button create = new Button("New schedule", VaadinIcon.PLUS.create(), e -> UI.getCurrent().navigate(ScheduleWizardView.class));
        create.setId("new-schedule");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(CurrentUser.require().roles().contains(Role.DATA_SCIENTIST) || CurrentUser.require().isPlatformAdmin());
        HorizontalLayout header = new HorizontalLayout(new H1("Schedules"), create);
        header.setWidthFull();
        header.setJustifyContentMode(com.vaadin.flow.component.orderedlayout.FlexComponent.JustifyContentMode.BETWEEN);
        header.setDefaultVerticalComponentAlignment(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.CENTER);
        add(header, grid);
        addAttachListener(e -> {
            e.getUI().setPollInterval(2000);
            var poll = e.getUI().addPollListener(p -> {
                if (running) {
                    running = false;
                    grid.getDataProvider().refreshAll();
                }
            });
            addDetachListener(d -> {
                poll.remove();
                d.getUI().setPollInterval(-1);
            });
        });
    }

    private static Component name(ScheduleView s) {
        Span name = new Span(s.name());
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        Span target = new Span(s.targetTable() == null ? "no target" : s.targetMode().toLowerCase() + " → " + s.targetTable());
        target.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        return new Div(name, target);
    }

    private static Component when(ScheduleView s) {
        Span words = new Span(s.inWords());
        Span next = new Span(s.state().equals("PAUSED") ? "paused" : s.nextFires().isEmpty() ? "no next run"
                : "next " + Formats.dateTime(s.nextFires().getFirst(), ZoneId.of(s.zone())));
        next.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        if (s.state().equals("PAUSED")) {
            next.getElement().getThemeList().add("badge contrast small");
        }
        return new Div(words, next);
    }

    private static Component lastRun(ScheduleView s) {
        if (s.lastRun() == null) {
            return new Span("never");
        }
        return state(s.lastRun());
    }

    static Component state(RunView r) {
        Span state = new Span(r.state().toLowerCase() + (r.finishedAt() == null ? "" : " · " + duration(r)));
        state.getElement().getThemeList().add("badge small " + switch (r.state()) {
            case "SUCCEEDED" -> "success";
            case "FAILED" -> "error";
            default -> "";
        });
        if (r.error() != null) {
            state.getElement().setAttribute("title", r.error());
        }
        return state;
    }

    private static String duration(RunView r) {
        Duration d = Duration.between(r.startedAt(), r.finishedAt());
        return d.toSeconds() < 1 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private Component actions(ScheduleView s) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setSpacing(false);
        if (!access.canAct(s.areaId())) {
            return actions;
        }
        actions.add(action("Run now", "run-" + s.name(), () -> {
            runner.runNow(s.id());
            running = true;
            return "Running " + s.name();
        }));
        if (s.managedBy() != null) {
            // its deployment resumes, pauses and changes it
            Span owner = new Span("Runs " + s.managedBy());
            owner.setId("managed-" + s.name());
            owner.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Padding.Horizontal.SMALL);
            actions.add(owner);
            return actions;
        }
        actions.add(s.state().equals("PAUSED")
                ? action("Resume", "resume-" + s.name(), () -> "Resumed " + definitions.resume(s.id()).name())
                : action("Pause", "pause-" + s.name(), () -> "Paused " + definitions.pause(s.id()).name()));
        // the rarer actions wait in a menu, so that the list keeps room for names at 1280 px
        Button more = new Button(VaadinIcon.ELLIPSIS_DOTS_V.create());
        more.setId("more-" + s.name());
        more.setAriaLabel("More actions for " + s.name());
        more.setTooltipText("Edit, backfill, delete");
        more.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        ContextMenu menu = new ContextMenu(more);
        menu.setOpenOnClick(true);
        menu.addItem("Edit", e -> UI.getCurrent().navigate("schedules/" + s.id() + "/edit")).setId("edit-" + s.name());
        menu.addItem("Backfill…", e -> new BackfillDialog(runner, s, () -> {
            running = true;
            grid.getDataProvider().refreshAll();
        }, clock).open()).setId("backfill-" + s.name());
        MenuItem delete = menu.addItem("Delete…", e -> {
            ConfirmDialog confirm = new ConfirmDialog("Delete " + s.name() + "?",
                    "Its trigger and run history go; tables it wrote stay.", "Delete", c -> act(() -> {
                        definitions.delete(s.id());
                        return "Deleted " + s.name();
                    }));
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        delete.setId("delete-" + s.name());
        delete.addClassNames(LumoUtility.TextColor.ERROR);
        actions.add(more);
        return actions;
    }

    private Button action(String label, String id, Supplier<String> work) {
        Button button = new Button(label, e -> act(work));
        button.setId(id);
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        return button;
    }

    private void act(Supplier<String> work) {
        try {
            Notices.success(work.get());
            grid.getDataProvider().refreshAll();
        } catch (InvalidRequestException | ForbiddenException | NotFoundException e) {
            Notices.error(e.getMessage());
        }
    }

    /** Its runs priced by the function that bills them (at the average of its recent runs), against the area's budget. */
    private Component cost(ScheduleView s) {
        CostQuotePanel panel = new CostQuotePanel();
        panel.setId("schedule-cost");
        panel.addClassNames(LumoUtility.Margin.Bottom.MEDIUM);
        try {
            ScheduleQuote q = previews.quote(s.id());
            panel.showRuns(q.cost(), areas.get(s.areaId()).name(), q.basisInWords(), s.state().equals("PAUSED") ? "resume it" : "let it run");
        } catch (InvalidRequestException | NotFoundException e) {
            panel.showMessage("No price available: " + e.getMessage());
        }
        if (!s.state().equals("PAUSED")) {
            return panel;
        }
        Paragraph paused = new Paragraph("Paused, it costs nothing; resumed, it would cost:");
        paused.setId("schedule-cost-paused");
        paused.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Margin.NONE);
        return new Div(paused, panel);
    }

    /** The schedule's SQL and runs, newest first, loaded lazily; a failed run can be run again. */
    private void runs(ScheduleView s) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(s.name());
        dialog.setWidth("min(60rem, 95vw)");
        Pre sql = new Pre(s.sql());
        sql.addClassNames(LumoUtility.FontSize.SMALL);
        sql.getStyle().set("white-space", "pre-wrap");
        Paragraph next = new Paragraph(s.inWords() + (s.nextFires().isEmpty() ? "" : " · next: " + String.join(", ",
                s.nextFires().stream().map(t -> Formats.dateTime(t, ZoneId.of(s.zone()))).toList())));
        next.addClassNames(LumoUtility.FontSize.SMALL);
        Grid<RunView> runs = new Grid<>(RunView.class, false);
        runs.setId("runs-grid");
        runs.addColumn(r -> Formats.dateTime(r.scheduledFor(), ZoneId.of(s.zone()))).setHeader("Scheduled (" + s.zone() + ")").setAutoWidth(true);
        runs.addColumn(r -> r.trigger().toLowerCase() + (r.attempt() > 1 ? " #" + r.attempt() : "")).setHeader("How").setAutoWidth(true);
        runs.addComponentColumn(SchedulesView::state).setHeader("State").setAutoWidth(true);
        runs.addColumn(r -> r.startedAt() == null ? "" : Formats.dateTimeWithSeconds(r.startedAt(), ZoneId.of(s.zone()))).setHeader("Started").setAutoWidth(true);
        runs.addColumn(r -> r.rowsRead() == null ? "" : Formats.count(r.rowsRead())).setHeader("Read").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        runs.addColumn(r -> r.rowsWritten() == null ? "" : Formats.count(r.rowsWritten())).setHeader("Written").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        runs.addColumn(r -> r.error() == null ? "" : r.error()).setHeader("Error").setFlexGrow(1).setTooltipGenerator(RunView::error);
        if (access.canAct(s.areaId())) {
            runs.addComponentColumn(r -> {
                if (!r.state().equals("FAILED")) {
                    return new Span();
                }
                Button again = new Button("Run again", e -> {
                    act(() -> "Running " + s.name() + " again for " + runner.rerun(r.id()).runDate());
                    runs.getDataProvider().refreshAll();
                });
                again.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                return again;
            }).setAutoWidth(true).setFlexGrow(0);
        }
        boolean[] unfinished = {false};
        runs.setItems(query -> {
            List<RunView> page = queries.runs(s.id(), VaadinSpringDataHelpers.toSpringPageRequest(query)).getContent();
            unfinished[0] = page.stream().anyMatch(r -> r.state().equals("RUNNING"));
            return page.stream();
        });
        // runs still going (a backfill, a run now) are followed until they end, on the view's poll
        var follow = com.vaadin.flow.component.UI.getCurrent().addPollListener(p -> {
            if (unfinished[0]) {
                runs.getDataProvider().refreshAll();
            }
        });
        dialog.addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                follow.remove();
            }
        });
        // a click on a run opens its log below it
        runs.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(r -> {
            Pre log = new Pre(r.log() == null ? "The run is still going." : r.log());
            log.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.Margin.NONE);
            log.getStyle().set("white-space", "pre-wrap");
            log.addClassName("run-log");
            return log;
        }));
        runs.setEmptyStateText("No runs yet.");
        runs.setHeight("20rem");
        runs.addThemeVariants(GridVariant.LUMO_COMPACT);
        ScheduleOptions o = s.options();
        Paragraph options = new Paragraph("Time limit " + s.timeoutSeconds() + " s · " + (o.retries() == 0 ? "no retries"
                : o.retries() + " retries from " + o.retryDelaySeconds() + " s") + " · missed runs: " + o.misfire().label().toLowerCase()
                + (o.deadlineMinutes() == null ? "" : " · deadline " + o.deadlineMinutes() + " min")
                + (s.calendar().equals("NONE") ? "" : " · " + BusinessCalendar.valueOf(s.calendar()).label()));
        options.setId("schedule-options");
        options.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Grid<AlertView> alerts = new Grid<>(AlertView.class, false);
        alerts.setId("alerts-grid");
        alerts.addColumn(a -> Formats.dateTime(a.raisedAt(), ZoneId.of(s.zone()))).setHeader("Raised").setAutoWidth(true).setFlexGrow(0);
        alerts.addColumn(a -> a.kind().equals("FAILED") ? "failed" : "missed deadline").setHeader("Alert").setAutoWidth(true).setFlexGrow(0);
        alerts.addColumn(AlertView::message).setHeader("What happened").setFlexGrow(1).setTooltipGenerator(AlertView::message);
        alerts.setItems(query -> queries.alerts(s.id(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        alerts.setEmptyStateText("No alerts: no run failed for good or missed its deadline.");
        alerts.setHeight("9rem");
        alerts.addThemeVariants(GridVariant.LUMO_COMPACT);
        com.vaadin.flow.component.html.H4 alertsTitle = new com.vaadin.flow.component.html.H4("Alerts");
        alertsTitle.addClassNames(LumoUtility.Margin.Top.MEDIUM, LumoUtility.Margin.Bottom.SMALL);
        com.vaadin.flow.component.html.H4 costTitle = new com.vaadin.flow.component.html.H4("What it costs");
        costTitle.addClassNames(LumoUtility.Margin.Top.SMALL, LumoUtility.Margin.Bottom.SMALL);
        dialog.add(sql, next, options, costTitle, cost(s), runs, alertsTitle, alerts);
        dialog.getFooter().add(new Button("Close", e -> dialog.close()));
        dialog.open();
    }

}
