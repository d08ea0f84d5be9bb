package io.esteira.workspaces.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
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
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.SearchToolbar;
import io.esteira.workspaces.WorkspaceService;
import io.esteira.workspaces.WorkspaceSummary;
import io.esteira.workspaces.provisioning.NotebookPaths;
import io.esteira.shared.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The workspaces of the current area, live: states change on screen as the provisioners report. */
@Route("workspaces")
@PageTitle("Workspaces · Esteira")
@Menu(title = "Workspaces", order = 10, icon = "vaadin:laptop")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class WorkspacesView extends VerticalLayout {

    private static final Set<String> IN_PROGRESS = Set.of("REQUESTED", "PROVISIONING", "STARTING", "STOPPING", "DELETING");

    private final WorkspaceService workspaces;
    private final WorkspaceUpdates updates;
    private final Grid<WorkspaceSummary> grid = new Grid<>(WorkspaceSummary.class, false);
    private final SignedInUser me = CurrentUser.require();
    private final AreaSummary area;
    private final boolean canAct;
    private Runnable unregister;
    private final Clock clock;

    WorkspacesView(WorkspaceService workspaces, WorkspaceUpdates updates, AreaService areas, AreaAccess access, Clock clock) {
        this.clock = clock;
        this.workspaces = workspaces;
        this.updates = updates;
        addClassName("view");
        setId("workspaces-view");
        setSizeFull();
        Optional<AreaSummary> current = areas.currentArea();
        this.area = current.orElse(null);
        this.canAct = area != null && access.canAct(area.id());

        H1 title = new H1("Workspaces");
        if (area == null) {
            add(title, new Paragraph("You do not work in any business area yet. An administrator can add you to one."));
            return;
        }
        SearchToolbar toolbar = new SearchToolbar("Search by name, owner or template", () -> grid.getDataProvider().refreshAll(),
                "New workspace", "new-workspace", () -> UI.getCurrent().navigate(NewWorkspaceView.class));
        toolbar.getChildren().filter(c -> "new-workspace".equals(c.getId().orElse(null))).findFirst()
                .ifPresent(b -> ((Button) b).setEnabled(canAct));

        grid.setId("workspaces-grid");
        grid.addComponentColumn(this::nameCell).setHeader("Name").setWidth("9rem").setFlexGrow(3);
        grid.addColumn(WorkspaceSummary::ownerName).setHeader("Owner").setWidth("7rem").setFlexGrow(1)
                .setTooltipGenerator(WorkspaceSummary::ownerName);
        grid.addColumn(w -> w.templateName() + " · " + w.size().code()).setHeader("Template · size").setWidth("9rem")
                .setFlexGrow(2).setTooltipGenerator(w -> w.templateName() + " · " + w.size().code() + ": " + w.size().describe());
        grid.addComponentColumn(this::stateCell).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(w -> Durations.since(w.createdAt(), clock)).setHeader("Age").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(this::idle).setHeader("Idle").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(w -> w.costSoFar().format(Locale.UK)).setHeader("Cost").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addComponentColumn(this::actions).setHeader("Actions").setWidth("15.5rem").setFlexGrow(0).setFrozenToEnd(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(query -> workspaces.list(area.id(), toolbar.searchText(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText(canAct ? "No workspaces in " + area.name() + " yet. Start one with \"New workspace\"."
                : "No workspaces in " + area.name() + ".");
        grid.setSizeFull();

        Span subtitle = new Span(area.name());
        subtitle.addClassNames(LumoUtility.TextColor.SECONDARY);
        add(title, subtitle, toolbar, grid);
    }

    private Component nameCell(WorkspaceSummary w) {
        Span name = new Span(w.name());
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        Div cell = new Div(name);
        if (w.stateReason() != null && !w.stateReason().isBlank() && !"RUNNING".equals(w.state())) {
            Span reason = new Span(w.stateReason());
            reason.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.Display.BLOCK,
                    "FAILED".equals(w.state()) ? LumoUtility.TextColor.ERROR : LumoUtility.TextColor.SECONDARY);
            cell.add(reason);
        }
        return cell;
    }

    private Component stateCell(WorkspaceSummary w) {
        Span state = new Span(w.state().charAt(0) + w.state().substring(1).toLowerCase());
        state.getElement().getThemeList().add("badge pill " + switch (w.state()) {
            case "RUNNING" -> "success";
            case "FAILED" -> "error";
            case "STOPPED" -> "contrast";
            default -> "";
        });
        state.addClassName("ws-state");
        HorizontalLayout cell = new HorizontalLayout(state);
        cell.setSpacing(false);
        cell.getStyle().set("gap", "var(--lumo-space-xs)").set("flex-wrap", "wrap");
        if (w.lifetimeEnding() && "RUNNING".equals(w.state())) {
            Span ending = new Span("Ends " + Formats.dateTime(w.expiresAt()));
            ending.getElement().getThemeList().add("badge pill warning");
            ending.getElement().setAttribute("title", "The maximum lifetime ends soon; Extend keeps it running");
            cell.add(ending);
        }
        return cell;
    }

    private String idle(WorkspaceSummary w) {
        if (!"RUNNING".equals(w.state())) {
            return "";
        }
        return w.busyKernels() > 0 ? "busy" : Durations.since(w.lastActivityAt(), clock);
    }

    private Component actions(WorkspaceSummary w) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setSpacing(false);
        actions.getStyle().set("gap", "var(--lumo-space-xs)");
        boolean mayChange = canAct && (w.mine() || me.isPlatformAdmin());
        boolean busy = IN_PROGRESS.contains(w.state());
        if ((w.mine() || (canAct && me.isPlatformAdmin())) && "RUNNING".equals(w.state())) {
            // a plain link to the portal's notebook path: the portal's proxy checks who opens it and audits it
            Button button = new Button("Open", VaadinIcon.EXTERNAL_LINK.create());
            button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
            button.setTabIndex(-1);
            Anchor open = new Anchor(NotebookPaths.basePath(w.id()), button);
            open.setTarget("_blank");
            open.getElement().setAttribute("router-ignore", true);
            open.getElement().setAttribute("aria-label", "Open " + w.name());
            open.setId("open-" + w.name());
            actions.add(open);
        }
        if (mayChange && ("STOPPED".equals(w.state()) || "FAILED".equals(w.state()))) {
            actions.add(action("Start", w, VaadinIcon.PLAY, () -> workspaces.start(w.id())));
        }
        if (mayChange && "RUNNING".equals(w.state())) {
            actions.add(action("Stop", w, VaadinIcon.STOP, () -> workspaces.stop(w.id())));
            actions.add(action("Extend", w, VaadinIcon.CLOCK, () -> {
                WorkspaceSummary extended = workspaces.extend(w.id());
                Notices.success(w.name() + " now runs until " + Formats.dateTime(extended.expiresAt()) + " at most");
            }));
        }
        if (w.mine() || me.isPlatformAdmin()) {
            actions.add(action("Log", w, VaadinIcon.FILE_TEXT_O, () -> showLog(w)));
        }
        if (mayChange && !busy) {
            Button delete = action("Delete", w, VaadinIcon.TRASH, () -> confirmDelete(w));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
            actions.add(delete);
        }
        return actions;
    }

    /** An icon button named for screen readers and explained by its tooltip. */
    private Button action(String text, WorkspaceSummary w, VaadinIcon icon, Runnable work) {
        Button button = new Button(icon.create(), e -> run(work));
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        button.getElement().setAttribute("aria-label", text + " " + w.name());
        button.setTooltipText(text);
        return button;
    }

    private void run(Runnable work) {
        try {
            work.run();
            grid.getDataProvider().refreshAll();
        } catch (InvalidRequestException | ForbiddenException | NotFoundException e) {
            Notices.error(e.getMessage());
            grid.getDataProvider().refreshAll();
        }
    }

    private void confirmDelete(WorkspaceSummary w) {
        ConfirmDialog confirm = new ConfirmDialog("Delete " + w.name() + "?",
                "The notebook server stops and the workspace's files are deleted. This cannot be undone.",
                "Delete", e -> run(() -> {
                    workspaces.delete(w.id());
                    Notices.success(w.name() + " is being deleted");
                }), "Cancel", e -> { });
        confirm.setConfirmButtonTheme("error primary");
        confirm.setId("confirm-delete");
        confirm.open();
    }

    private void showLog(WorkspaceSummary w) {
        Dialog dialog = new Dialog();
        dialog.setId("log-dialog");
        dialog.setHeaderTitle("Log of " + w.name());
        dialog.setWidth("min(960px, 95vw)");
        Pre text = new Pre();
        text.getStyle().set("max-height", "60vh").set("overflow", "auto").set("white-space", "pre-wrap")
                .set("font-size", "var(--lumo-font-size-xs)").set("margin", "0");
        Runnable load = () -> {
            try {
                text.setText(workspaces.log(w.id(), 300));
            } catch (ForbiddenException | NotFoundException e) {
                text.setText(e.getMessage());
            }
        };
        load.run();
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> load.run());
        Button close = new Button("Close", e -> dialog.close());
        dialog.add(text);
        dialog.getFooter().add(refresh, close);
        dialog.open();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        if (area == null) {
            return;
        }
        UI ui = attachEvent.getUI();
        Consumer<WorkspaceUpdates.Update> listener = update -> {
            if (!update.areaId().equals(area.id())) {
                return;
            }
            ui.access(() -> {
                grid.getDataProvider().refreshAll();
                if (update.message() != null && me.username().equals(update.ownerUsername())) {
                    Notification n = Notification.show(update.message(), 15000, Notification.Position.TOP_END);
                    n.addThemeVariants(NotificationVariant.LUMO_WARNING);
                }
            });
        };
        unregister = updates.register(listener);
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (unregister != null) {
            unregister.run();
            unregister = null;
        }
        super.onDetach(detachEvent);
    }
}
