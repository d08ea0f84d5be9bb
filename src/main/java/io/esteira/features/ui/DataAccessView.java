package io.esteira.features.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.DataAccessRequestDraft;
import io.esteira.features.DataAccessRequestDraft.Kind;
import io.esteira.features.DataAccessRequestView;
import io.esteira.features.DataAccessRequests;
import io.esteira.features.DataSourceService;
import io.esteira.features.DataSourceSummary;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.PersonName;
import jakarta.annotation.security.RolesAllowed;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;

/**
 * Data access: the requests for what refused queries needed (a grant on a data source, or another
 * area's personal-data columns), where they are made (a refusal links here with what it needed)
 * and decided (administrators for grants, the owning area's manager for personal data).
 */
@Route("data-access")
@PageTitle("Data access · Esteira")
@Menu(title = "Data access", order = 105, icon = "vaadin:lock")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME})
class DataAccessView extends VerticalLayout implements BeforeEnterObserver {

    private final DataAccessRequests requests;
    private final DataSourceService sources;
    private final AreaService areas;
    private final AreaAccess access;
    private final Grid<DataAccessRequestView> grid = new Grid<>();

    DataAccessView(DataAccessRequests requests, DataSourceService sources, AreaService areas, AreaAccess access) {
        this.requests = requests;
        this.sources = sources;
        this.areas = areas;
        this.access = access;
        addClassName("view");
        setId("data-access-view");
        setSizeFull();
        Paragraph intro = new Paragraph("When the portal refuses a query on a data source, the refusal links here with what the query "
                + "needed. An administrator decides who queries a source (a schema or one table); a manager of the owning area decides "
                + "who reads its personal data. Nobody decides their own request, and every step is in the audit log.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE);

        grid.setId("data-access-requests");
        grid.addComponentColumn(r -> {
            Span source = new Span(r.source());
            source.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Display.BLOCK);
            Span what = new Span(r.what());
            what.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
            return new Div(source, what);
        }).setHeader("What").setWidth("14rem").setFlexGrow(3);
        grid.addComponentColumn(DataAccessView::state).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(this::actions).setHeader("").setWidth("10.5rem").setFlexGrow(0);
        grid.addColumn(DataAccessRequestView::requesterArea).setHeader("For").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(r -> {
            Span who = PersonName.of(r.requestedByName(), r.requestedBy());
            who.getElement().setAttribute("title", r.requestedBy() + ": " + r.justification());
            return who;
        }).setHeader("By").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> Formats.dateTime(r.requestedAt())).setHeader("Asked").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setEmptyStateText("No data-access requests. A refused query offers \"Request access…\" with what it needed.");
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(r -> {
            Paragraph details = new Paragraph(r.justification() + (r.decisionComment() == null ? ""
                    : " · Decision by " + r.decidedByName() + " on " + Formats.dateTime(r.decidedAt()) + ": " + r.decisionComment()));
            details.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Margin.NONE);
            return details;
        }));
        grid.setDataProvider(DataProvider.fromCallbacks(
                q -> requests.page(PageRequest.of(q.getOffset() / Math.max(1, q.getLimit()), q.getLimit())).stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, requests.page(PageRequest.of(0, 1)).getTotalElements())));
        grid.setSizeFull();
        add(new H1("Data access"), intro, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        if (!params.containsKey("source")) {
            return;
        }
        try {
            DataSourceSummary source = sources.get(UUID.fromString(params.get("source").getFirst()));
            Kind kind = Kind.valueOf(first(params, "kind", "GRANT"));
            requestDialog(source, kind, first(params, "schema", "*"), first(params, "table", ""), first(params, "columns", ""));
        } catch (IllegalArgumentException | NotFoundException e) {
            Notices.error("That link does not name a data source you can ask for");
        }
    }

    private static String first(Map<String, List<String>> params, String name, String otherwise) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? otherwise : values.getFirst();
    }

    private void requestDialog(DataSourceSummary source, Kind kind, String schemaName, String tableName, String columnNames) {
        List<AreaSummary> mine = areas.myAreas().stream().filter(a -> access.canAct(a.id())).toList();
        Dialog dialog = new Dialog();
        dialog.setId("data-access-request-dialog");
        dialog.setHeaderTitle(kind == Kind.GRANT ? "Ask to query " + source.name() : "Ask to read personal data on " + source.name());
        Paragraph who = new Paragraph(kind == Kind.GRANT ? "An administrator decides; the grant covers the schema, or only the table you name."
                : "A manager of the area whose personal data it is decides.");
        who.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.NONE);
        Select<AreaSummary> area = new Select<>();
        area.setId("data-access-area");
        area.setLabel("For the area");
        area.setItems(mine);
        area.setItemLabelGenerator(AreaSummary::name);
        if (!mine.isEmpty()) {
            area.setValue(mine.getFirst());
        }
        TextField schema = new TextField("Schema");
        schema.setId("data-access-schema");
        schema.setValue(schemaName);
        schema.setHelperText(kind == Kind.GRANT ? "* for every schema" : null);
        TextField table = new TextField("Table");
        table.setId("data-access-table");
        table.setValue(tableName);
        table.setHelperText(kind == Kind.GRANT ? "Leave empty for every table of the schema" : null);
        TextField columns = new TextField("Columns");
        columns.setId("data-access-columns");
        columns.setValue(columnNames);
        columns.setVisible(kind == Kind.PERSONAL_COLUMNS);
        columns.setWidthFull();
        TextArea why = new TextArea("Justification");
        why.setId("data-access-justification");
        why.setRequired(true);
        why.setWidthFull();
        why.setHelperText("What the data is for, in 20 to 2000 characters; the decider reads this");
        Button send = new Button("Send request", e -> {
            try {
                List<String> cols = Arrays.stream(columns.getValue().split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList();
                DataAccessRequestView sent = requests.request(source.id(), new DataAccessRequestDraft(area.getValue() == null ? null
                        : area.getValue().id(), kind, schema.getValue(), table.getValue(), cols, why.getValue()));
                dialog.close();
                Notices.success("Request sent: " + sent.decider() + " decides it");
                grid.getDataProvider().refreshAll();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("schema", schema, "table", table, "columns", columns, "justification", why, "kind", schema));
            } catch (ForbiddenException | NotFoundException ex) {
                Notices.error(ex.getMessage());
            }
        });
        send.setId("data-access-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout where = new HorizontalLayout(schema, table);
        where.getStyle().set("flex-wrap", "wrap");
        VerticalLayout form = new VerticalLayout(who, area, where, columns, why);
        form.setPadding(false);
        form.setWidth("min(34rem, 90vw)");
        dialog.add(form);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), send);
        dialog.open();
    }

    private static Span state(DataAccessRequestView r) {
        Span badge = new Span(switch (r.state()) {
            case "REQUESTED" -> "Waiting for " + r.decider();
            case "APPROVED" -> "Approved";
            case "REJECTED" -> "Rejected";
            default -> "Revoked";
        });
        badge.getElement().getThemeList().add("badge" + switch (r.state()) {
            case "APPROVED" -> " success";
            case "REJECTED", "REVOKED" -> " error";
            default -> " contrast";
        });
        return badge;
    }

    private HorizontalLayout actions(DataAccessRequestView r) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setSpacing(false);
        if (!r.mayDecide()) {
            return actions;
        }
        if ("REQUESTED".equals(r.state())) {
            actions.add(decision(r, "Approve"), decision(r, "Reject"));
        } else if ("APPROVED".equals(r.state())) {
            actions.add(decision(r, "Revoke"));
        }
        return actions;
    }

    private Button decision(DataAccessRequestView r, String label) {
        Button button = new Button(label, e -> {
            Dialog dialog = new Dialog();
            dialog.setId("data-access-decision-dialog");
            dialog.setHeaderTitle(label + ": " + r.what());
            TextArea comment = new TextArea("Comment");
            comment.setId("data-access-comment");
            comment.setRequired(true);
            comment.setWidthFull();
            Button confirm = new Button(label, c -> {
                try {
                    switch (label) {
                        case "Approve" -> requests.approve(r.id(), comment.getValue());
                        case "Reject" -> requests.reject(r.id(), comment.getValue());
                        default -> requests.revoke(r.id(), comment.getValue());
                    }
                    dialog.close();
                    Notices.success(r.requesterArea() + ": " + label.toLowerCase(Locale.ROOT) + "d");
                    grid.getDataProvider().refreshAll();
                } catch (InvalidRequestException ex) {
                    Notices.fieldErrors(ex, Map.of("comment", comment, "state", comment));
                } catch (ForbiddenException | NotFoundException ex) {
                    Notices.error(ex.getMessage());
                }
            });
            confirm.setId("data-access-confirm");
            confirm.addThemeVariants(label.equals("Approve") ? ButtonVariant.LUMO_PRIMARY : ButtonVariant.LUMO_ERROR);
            Paragraph what = new Paragraph(r.requestedByName() + " for " + r.requesterArea() + ": " + r.justification());
            VerticalLayout body = new VerticalLayout(what, comment);
            body.setPadding(false);
            body.setWidth("min(32rem, 90vw)");
            dialog.add(body);
            dialog.getFooter().add(new Button("Cancel", c -> dialog.close()), confirm);
            dialog.open();
        });
        button.setId("data-access-" + label.toLowerCase(Locale.ROOT) + "-" + r.id());
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        return button;
    }
}
