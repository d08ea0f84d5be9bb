package io.esteira.features.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.ColumnInfo;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.DataSourceService;
import io.esteira.features.DataSourceSummary;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureGroupDraft;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.QueryPreview;
import io.esteira.features.SourceExplorer;
import io.esteira.features.SourceQuery;
import io.esteira.features.TableRef;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.ui.BackgroundWork;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.WizardFooter;
import io.esteira.shared.ui.WizardSteps;
import io.esteira.shared.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.regex.Pattern;
import org.springframework.data.domain.PageRequest;

/**
 * "Register feature group": source and table (or a SELECT) with a preview, entity keys and event
 * time, features, validation rules, then name and review. Statistics run in the background once
 * registered; the group's page shows their progress and publishes the version.
 */
@Route("features/new")
@PageTitle("Register feature group · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.ADMIN_NAME})
class RegisterFeatureGroupView extends VerticalLayout {

    private static final List<String> STEPS = List.of("Source", "Keys", "Features", "Rules", "Review");
    private static final Pattern NAME = Pattern.compile(FeatureGroupDraft.NAME_PATTERN);

    private final SourceExplorer explorer;
    private final FeatureGroupService groups;
    private final WizardSteps stepper = new WizardSteps("fg-steps", STEPS);
    private final Div content = new Div();
    private final Button register = new Button("Register", VaadinIcon.CHECK.create());
    private final WizardFooter footer;
    private int step;

    // step 1
    private final Select<DataSourceSummary> source = new Select<>();
    private final RadioButtonGroup<String> mode = new RadioButtonGroup<>();
    private final ComboBox<TableRef> table = new ComboBox<>("Table");
    private final TextArea sql = new TextArea("SELECT");
    private final Div preview = new Div();
    private final Span sourceError = WizardSteps.errorLine("source-error");
    private final Button run = new Button("Preview", VaadinIcon.TABLE.create(), e -> runPreview());
    private final BackgroundWork previewing = new BackgroundWork("fg-previewing");
    private final BackgroundWork listing = new BackgroundWork("fg-listing");
    private final Div tableAndListing = new Div(table, listing);
    private QueryPreview previewed;
    private SourceQuery previewedQuery;
    // step 2
    private final MultiSelectComboBox<String> keys = new MultiSelectComboBox<>("Entity keys");
    private final Select<String> eventTime = new Select<>();
    private final Span keysError = WizardSteps.errorLine("keys-error");
    // steps 3 and 4
    private final List<FeatureRow> rows = new ArrayList<>();
    private final Span featuresError = WizardSteps.errorLine("features-error");
    private final Span rulesError = WizardSteps.errorLine("rules-error");
    // step 5
    private final Select<AreaSummary> domain = new Select<>();
    private final TextField name = new TextField("Name");
    private final TextField tags = new TextField("Tags");
    private final TextArea description = new TextArea("Description");
    private final Span reviewError = WizardSteps.errorLine("review-error");
    private final BackgroundWork registering = new BackgroundWork("fg-registering");

    RegisterFeatureGroupView(SourceExplorer explorer, FeatureGroupService groups, DataSourceService sources, AreaService areas,
            AreaAccess access) {
        this.explorer = explorer;
        this.groups = groups;
        addClassName("view");
        setId("register-feature-group-view");
        setMaxWidth("1100px");

        source.setId("fg-source");
        source.setWidth("min(28rem, 100%)");
        source.setLabel("Data source");
        source.setItems(sources.list("", PageRequest.of(0, 200)).getContent());
        source.setItemLabelGenerator(s -> s.name() + " · " + s.classification().name());
        source.addValueChangeListener(e -> loadTables());
        mode.setId("fg-mode");
        mode.setItems("Table", "SELECT");
        mode.setValue("Table");
        // the table or the SELECT, shown in place: rebuilding the step would stop the listing of the tables and lose the focus
        mode.addValueChangeListener(e -> showMode());
        table.setId("fg-table");
        table.setItemLabelGenerator(t -> (t.schema() == null ? "" : t.schema() + ".") + t.name());
        table.setWidth("min(28rem, 100%)");
        sql.setId("fg-sql");
        sql.addClassName("sql-editor");
        sql.setWidthFull();
        sql.setMinHeight("8rem");
        sql.setPlaceholder("select customer_id, event_time, amount from bank.card_transactions");
        preview.setId("fg-preview");
        preview.setWidthFull();
        run.setId("fg-preview-run");
        sql.addValueChangeListener(e -> sql.setInvalid(false));
        // a preview is of the source and query on the page: a change stops it and forgets what it showed
        listing.disabling(table);
        previewing.disabling(run).clearOn(this::forgetPreview, mode, table, sql); // and the source: loadTables

        keys.setId("fg-keys");
        keys.setHelperText("The columns that identify an entity, e.g. customer_id");
        keys.addValueChangeListener(e -> keysError.setText(""));
        eventTime.setId("fg-event-time");
        eventTime.setLabel("Event time");
        eventTime.setHelperText("When each row's values became true; point-in-time joins use it");

        List<AreaSummary> mine = areas.myAreas().stream().filter(a -> a.active() && access.canAct(a.id())).toList();
        domain.setId("fg-domain");
        domain.setLabel("Domain (owning area)");
        domain.setItems(mine);
        domain.setItemLabelGenerator(AreaSummary::name);
        areas.currentArea().flatMap(c -> mine.stream().filter(a -> a.id().equals(c.id())).findFirst())
                .or(() -> mine.stream().findFirst()).ifPresent(domain::setValue);
        name.setId("fg-name");
        name.setHelperText(FeatureGroupDraft.NAME_RULE);
        tags.setId("fg-tags");
        tags.setHelperText("Comma-separated, e.g. cards, fraud");
        description.setId("fg-description");

        content.setWidthFull();
        register.setId("fg-register");
        footer = new WizardFooter("fg", STEPS.size(), content, register, this::valid, this::go,
                () -> UI.getCurrent().navigate(FeaturesView.class), this::submit);
        // Next waits for the preview, Back and Register for the registration; leaving the page stops either
        footer.waitsFor(previewing).waitsFor(registering);
        registering.disabling(domain, name, tags, description);
        add(new H1("Register feature group"), stepper, content, footer);
        go(0);
    }

    /** The source's tables: listing them can take a while on a big warehouse, so it runs as any long work. */
    private void loadTables() {
        forgetPreview();
        table.clear();
        table.setItems(List.of());
        sourceError.setText("");
        if (source.getValue() == null) {
            return;
        }
        java.util.UUID sourceId = source.getValue().id();
        previewing.stop();
        listing.start("Listing the tables of " + source.getValue().name(), progress -> explorer.tables(sourceId),
                table::setItems, e -> WizardSteps.showError(sourceError, e));
    }

    private void forgetPreview() {
        preview.removeAll();
        previewed = null;
        previewedQuery = null;
        rows.clear();
        keys.clear();
        keys.setItems(List.<String>of());
        eventTime.clear();
        eventTime.setItems(List.<String>of());
    }

    private void go(int target) {
        step = Math.max(0, Math.min(STEPS.size() - 1, target));
        stepper.show(step);
        showStep();
        footer.at(step);
    }

    private void showStep() {
        content.removeAll();
        switch (step) {
            case 0 -> {
                showMode();
                content.add(new H3("Where the rows come from"), source, mode, tableAndListing, sql, run, sourceError, previewing, preview);
            }
            case 1 -> {
                FormLayout form = new FormLayout(keys, eventTime);
                form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 2));
                content.add(new H3("Entity and event time"), form, keysError);
            }
            case 2 -> content.add(new H3("Features"), new Paragraph("Pick the columns that are features; describe them and flag personal data."),
                    featureGrid(), featuresError);
            case 3 -> content.add(new H3("Validation rules"), new Paragraph("Rows that break a rule are counted on every statistics run; "
                    + "a version with broken rules cannot be published."), ruleGrid(), rulesError);
            default -> {
                FormLayout form = new FormLayout(domain, name, tags, description);
                form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 2));
                form.setColspan(description, 2);
                Paragraph summary = new Paragraph(summaryText());
                summary.setId("fg-review");
                content.add(new H3("Name and review"), form, summary, reviewError, registering);
            }
        }
    }

    private void showMode() {
        tableAndListing.setVisible("Table".equals(mode.getValue()));
        sql.setVisible(!"Table".equals(mode.getValue()));
    }

    /** The first rows run in the background: the page stays usable, shows the time taken, and Cancel stops the query. */
    private void runPreview() {
        sourceError.setText("");
        sql.setInvalid(false);
        forgetPreview();
        if (source.getValue() == null) {
            sourceError.setText("Pick a data source");
            return;
        }
        SourceQuery query = "Table".equals(mode.getValue())
                ? (table.getValue() == null ? null : SourceQuery.table(table.getValue().schema(), table.getValue().name()))
                : SourceQuery.select(sql.getValue());
        if (query == null) {
            sourceError.setText("Pick a table");
            return;
        }
        java.util.UUID sourceId = source.getValue().id();
        previewing.start("Reading the first 20 rows", progress -> explorer.preview(sourceId, query, 20), result -> {
            previewed = result;
            previewedQuery = query;
            preview.add(previewGrid(result));
            List<String> columns = result.columns().stream().map(ColumnInfo::name).toList();
            keys.setItems(columns);
            eventTime.setItems(result.columns().stream().filter(c -> c.kind() == Kind.TIME).map(ColumnInfo::name).toList());
            rows.clear();
            result.columns().forEach(c -> rows.add(new FeatureRow(c)));
        }, e -> WizardSteps.showError(sourceError, e, java.util.Map.of("sql", sql, "table", table)));
    }

    private static Grid<List<String>> previewGrid(QueryPreview result) {
        Grid<List<String>> grid = new Grid<>();
        grid.setId("fg-preview-grid");
        for (int i = 0; i < result.columns().size(); i++) {
            int index = i;
            ColumnInfo c = result.columns().get(i);
            grid.addColumn(row -> row.get(index)).setHeader(c.name() + " · " + c.typeName().toLowerCase()).setAutoWidth(true);
        }
        grid.setItems(result.rows());
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setHeight("22rem");
        return grid;
    }

    private Grid<FeatureRow> featureGrid() {
        Grid<FeatureRow> grid = new Grid<>();
        grid.setId("fg-features");
        grid.addComponentColumn(r -> {
            Checkbox include = new Checkbox(r.include);
            include.setAriaLabel("Feature " + r.column.name());
            include.addValueChangeListener(e -> r.include = e.getValue());
            return include;
        }).setHeader("Feature").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.column.name()).setHeader("Column").setAutoWidth(true);
        grid.addColumn(r -> r.column.kind().name().toLowerCase()).setHeader("Type").setAutoWidth(true);
        grid.addComponentColumn(r -> text(r.description, v -> r.description = v, "Meaning of " + r.column.name())).setHeader("Description").setFlexGrow(2);
        grid.addComponentColumn(r -> text(r.unit, v -> r.unit = v, "Unit of " + r.column.name())).setHeader("Unit").setWidth("7rem").setFlexGrow(0);
        grid.addComponentColumn(r -> {
            Checkbox pii = new Checkbox(r.pii);
            pii.setAriaLabel("Personal data " + r.column.name());
            pii.addValueChangeListener(e -> r.pii = e.getValue());
            return pii;
        }).setHeader("PII").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(rows.stream().filter(r -> !keys.getValue().contains(r.column.name())
                && !r.column.name().equals(eventTime.getValue())).toList());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        return grid;
    }

    private Grid<FeatureRow> ruleGrid() {
        Grid<FeatureRow> grid = new Grid<>();
        grid.setId("fg-rules");
        grid.addColumn(r -> r.column.name()).setHeader("Feature").setAutoWidth(true);
        grid.addComponentColumn(r -> {
            Checkbox notNull = new Checkbox("not null", r.notNull);
            notNull.addValueChangeListener(e -> r.notNull = e.getValue());
            return notNull;
        }).setHeader("Required").setAutoWidth(true);
        grid.addComponentColumn(r -> r.column.kind() == Kind.NUMBER ? number(r.min, v -> r.min = v, "Min " + r.column.name()) : new Span())
                .setHeader("Minimum").setWidth("8rem");
        grid.addComponentColumn(r -> r.column.kind() == Kind.NUMBER ? number(r.max, v -> r.max = v, "Max " + r.column.name()) : new Span())
                .setHeader("Maximum").setWidth("8rem");
        grid.addComponentColumn(r -> r.column.kind() == Kind.TEXT ? text(r.allowed, v -> r.allowed = v, "Allowed " + r.column.name()) : new Span())
                .setHeader("Allowed values (comma-separated)").setFlexGrow(2);
        grid.setItems(selected());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        return grid;
    }

    private static TextField text(String value, java.util.function.Consumer<String> set, String label) {
        TextField field = new TextField();
        field.setValue(value == null ? "" : value);
        field.setWidthFull();
        field.setAriaLabel(label);
        field.addValueChangeListener(e -> set.accept(e.getValue()));
        return field;
    }

    private static NumberField number(Double value, java.util.function.Consumer<Double> set, String label) {
        NumberField field = new NumberField();
        field.setValue(value);
        field.setWidthFull();
        field.setAriaLabel(label);
        field.addValueChangeListener(e -> set.accept(e.getValue()));
        return field;
    }

    private List<FeatureRow> selected() {
        return rows.stream().filter(r -> r.include && !keys.getValue().contains(r.column.name())
                && !r.column.name().equals(eventTime.getValue())).toList();
    }

    private boolean valid(int current) {
        return switch (current) {
            case 0 -> {
                if (previewed == null) {
                    sourceError.setText("Preview the table or SELECT first, so its columns are known");
                    yield false;
                }
                yield true;
            }
            case 1 -> {
                if (keys.getValue().isEmpty()) {
                    keysError.setText("Pick at least one entity key");
                    yield false;
                }
                if (eventTime.getValue() == null) {
                    keysError.setText(eventTime.getListDataView().getItemCount() == 0
                            ? "The source has no date or time column; a feature group needs an event time"
                            : "Pick the event time column");
                    yield false;
                }
                keysError.setText("");
                yield true;
            }
            case 2 -> {
                if (selected().isEmpty()) {
                    featuresError.setText("Pick at least one feature");
                    yield false;
                }
                featuresError.setText("");
                yield true;
            }
            case 3 -> {
                for (FeatureRow r : selected()) {
                    if (r.min != null && r.max != null && r.min > r.max) {
                        rulesError.setText("The range of " + r.column.name() + " is empty: minimum above maximum");
                        yield false;
                    }
                }
                rulesError.setText("");
                yield true;
            }
            default -> true;
        };
    }

    private String summaryText() {
        if (previewed == null) {
            return "";
        }
        return "From " + source.getValue().name() + " · " + describe(previewedQuery) + " · entity " + String.join(", ", keys.getValue())
                + " · event time " + eventTime.getValue() + " · " + selected().size() + " features ("
                + selected().stream().filter(r -> r.pii).count() + " personal) · statistics are computed after registering";
    }

    private static String describe(SourceQuery q) {
        return q.isTable() ? (q.schema() == null ? "" : q.schema() + ".") + q.table() : "a SELECT";
    }

    private void submit() {
        reviewError.setText("");
        name.setInvalid(false);
        if (domain.getValue() == null) {
            reviewError.setText("Pick the domain");
            return;
        }
        if (!NAME.matcher(name.getValue().strip()).matches()) {
            name.setErrorMessage(name.getValue().isBlank() ? "Name the feature group" : "Not a valid name: no capitals, spaces or other signs");
            name.setInvalid(true);
            return;
        }
        List<String> tagList = Arrays.stream(tags.getValue().split(",")).map(String::strip).map(String::toLowerCase)
                .filter(t -> !t.isEmpty()).distinct().toList();
        List<FeatureDraft> features = selected().stream().map(FeatureRow::draft).toList();
        FeatureGroupDraft draft = new FeatureGroupDraft(domain.getValue().id(), name.getValue().strip(),
                description.getValue(), tagList, source.getValue().id(), previewedQuery, List.copyOf(keys.getValue()),
                eventTime.getValue(), features);
        // registering checks the columns against the source again: as long as a preview, so in the background too
        registering.start("Registering: checking the columns against " + source.getValue().name(), progress -> groups.register(draft), view -> {
            Notices.success("Feature group " + view.name() + " registered; its statistics are being computed");
            UI.getCurrent().navigate(FeatureGroupPage.class, view.name());
        }, e -> {
            if (e instanceof InvalidRequestException invalid && invalid.fieldErrors().containsKey("name")) {
                name.setErrorMessage(invalid.fieldErrors().get("name"));
                name.setInvalid(true);
            } else {
                WizardSteps.showError(reviewError, e);
            }
        });
    }

    /** What the author says about one column, kept across Back and Next. */
    static final class FeatureRow {
        final ColumnInfo column;
        boolean include = true;
        String description = "";
        String unit = "";
        boolean pii;
        boolean notNull;
        Double min;
        Double max;
        String allowed = "";

        FeatureRow(ColumnInfo column) {
            this.column = column;
            this.include = column.kind() != Kind.OTHER;
        }

        FeatureDraft draft() {
            List<String> allowedValues = Arrays.stream(allowed.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
            return new FeatureDraft(column.name(), column.kind(), description, unit, pii, notNull, min, max,
                    column.kind() == Kind.TEXT ? allowedValues : List.of());
        }
    }

}
