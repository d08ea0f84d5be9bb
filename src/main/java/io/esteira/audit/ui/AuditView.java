package io.esteira.audit.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaService.AreaRef;
import io.esteira.audit.AuditEntry;
import io.esteira.audit.AuditFilter;
import io.esteira.audit.AuditLog;
import io.esteira.audit.ChainVerification;
import io.esteira.shared.Formats;
import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.Actor;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import jakarta.annotation.security.RolesAllowed;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.MDC;
import org.springframework.core.task.TaskExecutor;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/** Reviewers and administrators search the audit log, read an event's detail, export, and check the chain. */
@Route("audit")
@PageTitle("Audit log · Esteira")
@Menu(title = "Audit log", order = 110, icon = "vaadin:clipboard-text")
@RolesAllowed({Role.REVIEWER_NAME, Role.ADMIN_NAME})
class AuditView extends VerticalLayout {

    private final AuditLog audit;
    private final TaskExecutor executor;
    private final Map<UUID, String> areaCodes;
    private final Grid<AuditEntry> grid = new Grid<>(AuditEntry.class, false);
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("To (UTC, inclusive)");
    private final TextField actor = new TextField("Actor");
    private final ComboBox<AreaRef> area = new ComboBox<>("Area");
    private final TextField action = new TextField("Action");
    private final TextField objectType = new TextField("Object type");
    private final TextField objectId = new TextField("Object id");
    private final ComboBox<String> outcome = new ComboBox<>("Outcome", List.of("SUCCESS", "DENIED", "FAILED"));
    private final Div detail = new Div();
    private final Span chainStatus = new Span();
    private final ProgressBar verifying = new ProgressBar();
    /** The filter as last applied; downloads run outside the session lock and read only this. */
    private volatile AuditFilter applied = AuditFilter.none();
    private final Clock clock;
    private final People people;

    AuditView(AuditLog audit, AreaService areas, TaskExecutor executor, Clock clock, UserDirectory users) {
        this.clock = clock;
        this.people = new People(users);
        this.audit = audit;
        this.executor = executor;
        List<AreaRef> directory = areas.directory();
        this.areaCodes = directory.stream().collect(Collectors.toMap(AreaRef::id, AreaRef::code));
        addClassName("view");
        setId("audit-view");
        setSizeFull();

        area.setItems(directory);
        area.setItemLabelGenerator(a -> a.name() + " (" + a.code() + ")");
        action.setPlaceholder("area.created, or area. for all");
        actor.setPlaceholder("exact user name");
        for (var field : List.of(actor, action, objectType, objectId)) {
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.setClearButtonVisible(true);
            field.addValueChangeListener(e -> refresh());
        }
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        area.addValueChangeListener(e -> refresh());
        outcome.addValueChangeListener(e -> refresh());
        area.setClearButtonVisible(true);
        outcome.setClearButtonVisible(true);
        actor.setId("filter-actor");
        action.setId("filter-action");
        area.setId("filter-area");
        FormLayout filters = new FormLayout(from, to, actor, area, action, outcome, objectType, objectId);
        // two a line on a phone too: eight fields one under the other left the log itself no room
        filters.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 2), new FormLayout.ResponsiveStep("880px", 4));

        grid.setId("audit-grid");
        // the object and everything else is in the detail panel beside the grid
        grid.addColumn(e -> Formats.dateTime(e.occurredAt())).setHeader("Time").setWidth("13.5rem").setFlexGrow(0)
                .setTooltipGenerator(e -> Formats.dateTimeWithSeconds(e.occurredAt()));
        grid.addColumn(People.renderer(this::actor, AuditView::username)).setHeader("Actor").setWidth("7rem")
                .setFlexGrow(1);
        grid.addColumn(AuditEntry::action).setHeader("Action").setWidth("9rem").setFlexGrow(1)
                .setTooltipGenerator(AuditEntry::action);
        grid.addColumn(e -> e.areaId() == null ? "" : areaCodes.getOrDefault(e.areaId(), "?")).setHeader("Area")
                .setWidth("6.5rem").setFlexGrow(0);
        grid.addColumn(AuditEntry::outcome).setHeader("Outcome").setWidth("7.5rem").setFlexGrow(0)
                .setPartNameGenerator(e -> "SUCCESS".equals(e.outcome()) ? null : "attention")
                .setFrozenToEnd(true); // kept in view on a phone, where the other columns scroll under it
        grid.setItems(query -> people.knowing(audit.search(applied, query.getOffset(), query.getLimit()), AuditView::username).stream());
        grid.setEmptyStateText("No audit events match these filters.");
        grid.asSingleSelect().addValueChangeListener(e -> showDetail(e.getValue()));
        grid.setSizeFull();

        detail.setId("audit-detail");
        detail.addClassNames(LumoUtility.Padding.MEDIUM);
        showDetail(null);
        SplitLayout split = new SplitLayout(grid, detail);
        split.setSplitterPosition(75);
        split.setSizeFull();
        split.setMinHeight("20rem"); // rows in view however little room the filters leave: the page scrolls instead
        // on a phone the detail goes under the grid, where it has the whole width
        addAttachListener(attach -> attach.getUI().getPage().retrieveExtendedClientDetails(details -> {
            if (details.getWindowInnerWidth() > 0 && details.getWindowInnerWidth() < 700) {
                split.setOrientation(SplitLayout.Orientation.VERTICAL);
                split.setSplitterPosition(65);
                split.setMinHeight("36rem");
            }
        }));

        Anchor export = new Anchor(csvDownload(), "Export CSV");
        export.setId("audit-export");
        export.getElement().setAttribute("download", true);

        chainStatus.setId("chain-status");
        verifying.setIndeterminate(true);
        verifying.setVisible(false);
        verifying.setWidth("10rem");
        HorizontalLayout toolbar = new HorizontalLayout(export, chainStatus, verifying);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        toolbar.setWrap(true);
        if (CurrentUser.require().has(Role.ADMIN)) {
            Button verify = new Button("Verify chain now", VaadinIcon.SHIELD.create(), e -> verifyInBackground(e.getSource()));
            verify.setId("verify-chain");
            verify.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            toolbar.add(verify);
        }
        showChainStatus(audit.lastVerification().orElse(null));

        add(new H1("Audit log"), filters, toolbar, split);
        setFlexGrow(1, split);
    }

    private DownloadHandler csvDownload() {
        return event -> {
            event.setFileName("audit-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".csv");
            event.setContentType("text/csv;charset=UTF-8");
            Writer out = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8);
            audit.exportCsv(applied, out);
            out.flush();
        };
    }

    private AuditFilter filter() {
        return new AuditFilter(
                from.getValue() == null ? null : from.getValue().atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                actor.getValue(), area.getValue() == null ? null : area.getValue().id(), action.getValue(),
                objectType.getValue(), objectId.getValue(), outcome.getValue());
    }

    private void refresh() {
        applied = filter();
        grid.getDataProvider().refreshAll();
    }

    private void showDetail(AuditEntry e) {
        detail.removeAll();
        if (e == null) {
            Span hint = new Span("Select an event to see its details.");
            hint.addClassNames(LumoUtility.TextColor.SECONDARY);
            detail.add(hint);
            return;
        }
        detail.add(new H3("Event " + e.seq()));
        detail.add(line("When", Formats.dateTimeWithSeconds(e.occurredAt())), actorLine(e),
                line("Action", e.action()), line("Object", e.objectType() + " " + (e.objectId() == null ? "" : e.objectId())),
                line("Area", e.areaId() == null ? "—" : areaCodes.getOrDefault(e.areaId(), e.areaId().toString())),
                line("Outcome", e.outcome()), line("From", e.clientAddress() == null ? "—" : e.clientAddress()),
                line("Correlation id", e.correlationId() == null ? "—" : e.correlationId()));
        Pre details = new Pre(e.details() == null ? "{}" : e.details());
        details.addClassNames(LumoUtility.FontSize.XSMALL);
        details.getStyle().set("white-space", "pre-wrap").set("word-break", "break-all");
        detail.add(details, line("Hash", e.hash()));
    }

    /**
     * The user name of who acted, when a signed-in person or pipeline did: a failed sign-in only claims a
     * name (shown as typed, never as that person), and the system is nobody.
     */
    private static String username(AuditEntry e) {
        return ActorType.ANONYMOUS.name().equals(e.actorType()) || ActorType.SYSTEM.name().equals(e.actorType()) ? null
                : Actor.of(e.actor()).username();
    }

    /** Who acted, by display name (their user name on hover), as in the grid. */
    private String actor(AuditEntry e) {
        return username(e) == null ? e.actor() : Actor.of(e.actor()).shown(people);
    }

    private Div actorLine(AuditEntry e) {
        Div line = line("Actor", actor(e) + " (" + e.actorType().toLowerCase() + ")");
        String username = username(e);
        if (username != null) {
            line.getElement().setAttribute("title", username);
            line.getElement().setAttribute("data-username", username);
        }
        return line;
    }

    private static Div line(String label, String value) {
        Span l = new Span(label + ": ");
        l.addClassNames(LumoUtility.TextColor.SECONDARY);
        Span v = new Span(value);
        v.getStyle().set("word-break", "break-all");
        Div div = new Div(l, v);
        div.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Margin.Bottom.XSMALL);
        return div;
    }

    private void showChainStatus(ChainVerification v) {
        if (v == null) {
            chainStatus.setText("Chain not verified yet.");
            return;
        }
        String when = Formats.dateTimeWithSeconds(v.finishedAt());
        chainStatus.setText(v.intact() ? "Chain intact: " + Formats.count(v.checkedRows()) + " rows, checked " + when
                : "Chain BROKEN at row " + v.firstBrokenSeq() + ": " + v.reason() + " (checked " + when + ")");
        if (v.protection() != null) {
            chainStatus.setTitle("Protection: " + v.protection());
        }
        chainStatus.getElement().getThemeList().clear();
        chainStatus.getElement().getThemeList().add(v.intact() ? "badge success" : "badge error");
    }

    /** The walk may take minutes on a large log: run it off the UI thread and push the result. */
    private void verifyInBackground(com.vaadin.flow.component.Component button) {
        UI ui = UI.getCurrent();
        button.getElement().setEnabled(false);
        verifying.setVisible(true);
        String who = CurrentUser.require().actorName();
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        CompletableFuture.supplyAsync(() -> audit.verify(who), r -> executor.execute(new DelegatingSecurityContextRunnable(() -> {
                    // the correlation id and client address travel with the work, for its audit record
                    MDC.setContextMap(logContext == null ? Map.of() : logContext);
                    try {
                        r.run();
                    } finally {
                        MDC.clear();
                    }
                })))
                .whenComplete((result, error) -> ui.access(() -> {
                    verifying.setVisible(false);
                    button.getElement().setEnabled(true);
                    if (error != null) {
                        Notices.error("The verification failed: " + error.getMessage());
                    } else {
                        showChainStatus(result);
                        refresh();
                    }
                }));
    }
}
