package io.esteira.features.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaService.AreaRef;
import io.esteira.features.DataSourceSummary;
import io.esteira.features.SourceAccess;
import io.esteira.features.SourceAccess.ColumnClassView;
import io.esteira.features.SourceAccess.GrantView;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import java.util.List;
import java.util.Map;

/**
 * Who may query a platform-wide source (areas, per schema) and which of its columns are personal
 * data of which area; both audited by the service.
 */
class SourceAccessDialog extends Dialog {

    private final SourceAccess access;
    private final DataSourceSummary source;
    private final People people;
    private final Grid<GrantView> grants = new Grid<>(GrantView.class, false);
    private final Grid<ColumnClassView> columns = new Grid<>(ColumnClassView.class, false);

    SourceAccessDialog(SourceAccess access, DataSourceSummary source, List<AreaRef> areas, UserDirectory users) {
        this.people = new People(users);
        this.access = access;
        this.source = source;
        setId("source-access-dialog");
        setHeaderTitle("Who may query " + source.name());
        setWidth("min(820px, 95vw)");

        Paragraph intro = new Paragraph("Only the areas granted here query this source, in the schemas (or tables) granted; areas ask "
                + "for more under Data access. Personal-data columns are read only by their area, or by another area once that area's "
                + "manager approves an access request.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);

        grants.setId("source-grants");
        grants.addColumn(GrantView::area).setHeader("Area").setFlexGrow(1);
        grants.addColumn(g -> "*".equals(g.schema()) ? "every schema" : g.schema()).setHeader("Schema").setFlexGrow(1);
        grants.addColumn(g -> "*".equals(g.table()) ? "every table" : g.table()).setHeader("Table").setFlexGrow(1);
        grants.addColumn(People.renderer(g -> people.name(g.grantedBy()) + " · " + Formats.dateTime(g.grantedAt()), GrantView::grantedBy))
                .setComparator(GrantView::grantedAt).setHeader("Granted").setAutoWidth(true).setFlexGrow(0);
        grants.addComponentColumn(g -> {
            Button revoke = new Button("Revoke", e -> {
                access.revoke(source.id(), g.areaId(), g.schema(), g.table());
                Notices.success(g.area() + " no longer queries " + source.name() + ("*".equals(g.schema()) ? "" : " in " + g.schema())
                        + ("*".equals(g.table()) ? "" : "." + g.table()));
                refresh();
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return revoke;
        }).setAutoWidth(true).setFlexGrow(0);
        grants.setAllRowsVisible(true);
        grants.addThemeVariants(GridVariant.LUMO_COMPACT);
        grants.setEmptyStateText("No area queries this source yet.");

        ComboBox<AreaRef> area = new ComboBox<>("Area");
        area.setId("grant-area");
        area.setItems(areas);
        area.setItemLabelGenerator(AreaRef::name);
        TextField schema = new TextField("Schema");
        schema.setId("grant-schema");
        schema.setPlaceholder("* for every schema");
        TextField grantTable = new TextField("Table");
        grantTable.setId("grant-table");
        grantTable.setPlaceholder("every table");
        Button grant = new Button("Grant", VaadinIcon.PLUS.create(), e -> {
            try {
                access.grant(source.id(), area.getValue() == null ? null : area.getValue().id(), schema.getValue(), grantTable.getValue());
                Notices.success(area.getValue().name() + " may query " + source.name());
                area.clear();
                schema.clear();
                grantTable.clear();
                refresh();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("areaId", area, "schema", schema, "table", grantTable));
            }
        });
        grant.setId("grant-add");
        HorizontalLayout addGrant = new HorizontalLayout(area, schema, grantTable, grant);
        addGrant.setAlignItems(Alignment.BASELINE);
        addGrant.getStyle().set("flex-wrap", "wrap");

        columns.setId("source-personal-columns");
        columns.addColumn(c -> c.schema() + "." + c.table() + "." + c.column()).setHeader("Column").setFlexGrow(2);
        columns.addColumn(ColumnClassView::ownerArea).setHeader("Personal data of").setFlexGrow(1);
        columns.addColumn(ColumnClassView::origin).setHeader("Classified by").setFlexGrow(1);
        columns.addComponentColumn(c -> {
            Button remove = new Button("Remove", e -> {
                access.declassify(source.id(), c.schema(), c.table(), c.column());
                Notices.success(c.column() + " is no longer classified by an administrator");
                refresh();
            });
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            remove.setVisible("administrator".equals(c.origin()));
            return remove;
        }).setAutoWidth(true).setFlexGrow(0);
        columns.setAllRowsVisible(true);
        columns.addThemeVariants(GridVariant.LUMO_COMPACT);
        columns.setEmptyStateText("No column of this source is classified as personal data.");

        TextField columnSchema = new TextField("Schema");
        columnSchema.setId("class-schema");
        TextField table = new TextField("Table");
        table.setId("class-table");
        TextField column = new TextField("Column");
        column.setId("class-column");
        ComboBox<AreaRef> owner = new ComboBox<>("Personal data of");
        owner.setId("class-owner");
        owner.setItems(areas);
        owner.setItemLabelGenerator(AreaRef::name);
        Button classify = new Button("Classify", VaadinIcon.LOCK.create(), e -> {
            try {
                access.classify(source.id(), columnSchema.getValue(), table.getValue(), column.getValue(),
                        owner.getValue() == null ? null : owner.getValue().id());
                Notices.success(column.getValue() + " is personal data of " + owner.getValue().name());
                column.clear();
                refresh();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("schema", columnSchema, "table", table, "column", column, "ownerAreaId", owner));
            }
        });
        classify.setId("class-add");
        HorizontalLayout addColumn = new HorizontalLayout(columnSchema, table, column, owner, classify);
        addColumn.setAlignItems(Alignment.BASELINE);
        addColumn.getStyle().set("flex-wrap", "wrap");

        add(intro, new H4("Areas"), grants, addGrant, new H4("Personal-data columns"), columns, addColumn);
        Button close = new Button("Close", e -> close());
        close.setId("source-access-close");
        getFooter().add(close);
        refresh();
    }

    private void refresh() {
        try {
            grants.setItems(people.knowing(access.grants(source.id()), GrantView::grantedBy));
            columns.setItems(access.columns(source.id()));
        } catch (NotFoundException e) {
            close();
        }
    }
}
