package io.esteira.scheduling.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.ui.CostQuotePanel;
import io.esteira.features.DataSourceService;
import io.esteira.features.DataSourceSummary;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.MisfirePolicy;
import io.esteira.scheduling.QueryRows;
import io.esteira.scheduling.ScheduleDefinitions;
import io.esteira.scheduling.ScheduleDraft;
import io.esteira.scheduling.ScheduleOptions;
import io.esteira.scheduling.SchedulePreviews;
import io.esteira.scheduling.ScheduleQueries;
import io.esteira.scheduling.ScheduleQuote;
import io.esteira.scheduling.ScheduleTiming;
import io.esteira.scheduling.ScheduleView;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.BackgroundWork;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.WizardFooter;
import io.esteira.shared.ui.WizardSteps;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;

/**
 * "New schedule" in six steps: data source, the query (checked and previewed), the target, when it
 * runs (presets or cron, in words, with the next five times), how runs are looked after, and review.
 * The same wizard edits a schedule ({@code /schedules/{id}/edit}).
 */
@Route("schedules/new")
@RouteAlias("schedules/:scheduleId/edit")
@PageTitle("Schedule · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.ADMIN_NAME})
class ScheduleWizardView extends VerticalLayout implements BeforeEnterObserver {

    private static final List<String> STEPS = List.of("Source", "Query", "Target", "When", "Options", "Review");
    private static final String NAME_RULE = "2 to 80 lower-case letters, digits, '_' or '-', starting with a letter";

    /** What the form edits; the draft is made from it on submit. */
    static final class Form {
        AreaSummary area;
        DataSourceSummary source;
        String name = "";
        String description = "";
        String sql = "";
        TargetMode mode = TargetMode.NONE;
        String table = "";
        Integer timeout = 600;
        Integer retries = 0;
        Integer retryDelay = 60;
        MisfirePolicy misfire = MisfirePolicy.RUN_ONCE;
        Integer deadline;
        boolean notify = true;
        String webhook = "";
    }

    private final ScheduleQueries queries;
    private final SchedulePreviews previews;
    private final ScheduleDefinitions definitions;
    private final AreaService areas;
    private final Form form = new Form();
    private final Binder<Form> binder = new Binder<>();
    private final WizardSteps stepper = new WizardSteps("schedule-steps", STEPS);
    private final Div content = new Div();
    private final H1 title = new H1("New schedule");
    private WizardFooter footer;
    private final Button save = new Button("Create schedule", VaadinIcon.CHECK.create());
    private final Span[] errors = new Span[STEPS.size()];
    private int step;
    private ScheduleView editing;

    // 1 · source
    private final Select<AreaSummary> area = new Select<>();
    private final Select<DataSourceSummary> source = new Select<>();
    private final TextField name = new TextField("Name");
    private final TextArea description = new TextArea("Description");
    // 2 · query
    private final TextArea sql = new TextArea("SQL");
    private final Span checked = new Span();
    private final Div preview = new Div();
    private final BackgroundWork previewing = new BackgroundWork("schedule-previewing");
    private final Button check = new Button("Check", VaadinIcon.CHECK_SQUARE_O.create(), e -> checkSql());
    private final Button run = new Button("Preview first " + SchedulePreviews.PREVIEW_ROWS + " rows", VaadinIcon.TABLE.create(), e -> runPreview());
    private List<String> columns = List.of();
    // 3 · target
    private final RadioButtonGroup<TargetMode> mode = new RadioButtonGroup<>("What happens to the rows");
    private final TextField table = new TextField("Target table");
    private final MultiSelectComboBox<String> keys = new MultiSelectComboBox<>("Key columns");
    // 4 · when
    private final ScheduleStep when;
    // 5 · options
    private final IntegerField timeout = new IntegerField("Time limit (seconds)");
    private final IntegerField retries = new IntegerField("Automatic retries");
    private final IntegerField retryDelay = new IntegerField("First retry after (seconds)");
    private final RadioButtonGroup<MisfirePolicy> misfire = new RadioButtonGroup<>("Missed runs");
    private final IntegerField deadline = new IntegerField("Deadline (minutes after the scheduled time)");
    private final Checkbox notify = new Checkbox("Tell me in the portal (and by e-mail) when a run fails for good or misses its deadline");
    private final TextField webhook = new TextField("Webhook for failures and missed deadlines");
    private final Clock clock;

    ScheduleWizardView(ScheduleQueries queries, SchedulePreviews previews, ScheduleDefinitions definitions, AreaService areas,
            AreaAccess access, DataSourceService sources, Clock clock) {
        this.clock = clock;
        this.queries = queries;
        this.previews = previews;
        this.definitions = definitions;
        this.areas = areas;
        addClassName("view");
        setId("schedule-wizard");
        setMaxWidth("1100px");
        for (int i = 0; i < errors.length; i++) {
            errors[i] = WizardSteps.errorLine("schedule-error-" + i);
        }
        when = new ScheduleStep("schedule", errors[3], clock);

        List<AreaSummary> mine = areas.myAreas().stream().filter(a -> a.active() && access.canAct(a.id())).toList();
        area.setId("schedule-area");
        area.setLabel("Area");
        area.setItems(mine);
        area.setItemLabelGenerator(AreaSummary::name);
        area.setHelperText("Pays for the runs; its schema area_<code> receives the target table");
        source.setId("schedule-source");
        source.setLabel("Data source");
        source.setItems(sources.list("", PageRequest.of(0, 200)).getContent());
        source.setItemLabelGenerator(s -> s.name() + " · " + s.classification().name());
        source.setEmptySelectionAllowed(false);
        name.setId("schedule-name");
        name.setHelperText(NAME_RULE);
        name.setMaxLength(80);
        description.setId("schedule-description");
        description.setMaxLength(2000);
        remember(binder.forField(area).asRequired("Pick an area").bind(f -> f.area, (f, v) -> f.area = v));
        remember(binder.forField(source).asRequired("Pick a data source").bind(f -> f.source, (f, v) -> f.source = v));
        remember(binder.forField(name).asRequired("Name the schedule").withValidator(v -> v.matches("[a-z][a-z0-9_-]{1,79}"),
                        "Not a valid name: no capitals, spaces or other signs")
                .bind(f -> f.name, (f, v) -> f.name = v));
        remember(binder.forField(description).bind(f -> f.description, (f, v) -> f.description = v));

        sql.setId("schedule-sql");
        sql.setWidthFull();
        sql.setMinHeight("10rem");
        sql.addClassName("sql-editor");
        sql.setPlaceholder("select segment, count(*) as customers from bank.customers where customer_since <= ${run_date} group by segment");
        Span sqlHelp = new Span("One SELECT (or WITH … SELECT). ${run_date} and ${run_ts} are bound as parameters of each run.");
        sql.setHelperComponent(sqlHelp);
        sql.setMaxLength(20_000);
        // on change (leaving the field), not lazily: a click on Check right after typing must see the text as typed
        sql.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.ON_CHANGE);
        sql.addValueChangeListener(e -> {
            checked.setText("");
            errors[1].setText("");
            sql.setInvalid(false);
        });
        // a preview is of the query and source on the page: a change stops it and clears what it showed
        previewing.disabling(run, check).clearOn(() -> {
            preview.removeAll();
            columns = List.of();
        }, sql, source, area);
        remember(binder.forField(sql).asRequired("Write the query").bind(f -> f.sql, (f, v) -> f.sql = v));
        checked.setId("schedule-sql-checked");
        checked.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SUCCESS);
        preview.setId("schedule-preview");
        preview.setWidthFull();
        check.setId("schedule-check");
        run.setId("schedule-preview-run");

        mode.setId("schedule-mode");
        mode.setItems(TargetMode.values());
        mode.setItemLabelGenerator(m -> switch (m) {
            case NONE -> "Nothing: only run the query";
            case REPLACE -> "Replace the table's rows";
            case APPEND -> "Append to the table";
            case UPSERT -> "Upsert by key";
        });
        mode.addValueChangeListener(e -> showStep());
        table.setId("schedule-table");
        table.setMaxLength(63);
        table.setWidth("min(32rem, 100%)");
        keys.setId("schedule-keys");
        keys.setHelperText("The columns that identify a row; rows with the same key are replaced");
        keys.setWidth("min(32rem, 100%)");
        remember(binder.forField(mode).asRequired("Pick what happens to the rows").bind(f -> f.mode, (f, v) -> f.mode = v));
        remember(binder.forField(table).withValidator(v -> mode.getValue() == TargetMode.NONE || (v != null && v.matches("[a-z][a-z0-9_]{0,62}")),
                "A table name: lower-case letters, digits and '_', starting with a letter").bind(f -> f.table, (f, v) -> f.table = v));


        timeout.setId("schedule-timeout");
        timeout.setStepButtonsVisible(true);
        retries.setId("schedule-retries");
        retries.setStepButtonsVisible(true);
        retries.setHelperText("0 to 5; each retry waits twice as long as the one before");
        retryDelay.setId("schedule-retry-delay");
        misfire.setId("schedule-misfire");
        misfire.setItems(MisfirePolicy.values());
        misfire.setItemLabelGenerator(MisfirePolicy::label);
        deadline.setId("schedule-deadline");
        deadline.setHelperText("Optional: an alert when a run has not succeeded by then");
        deadline.setClearButtonVisible(true);
        notify.setId("schedule-notify");
        webhook.setId("schedule-webhook");
        webhook.setHelperText("Optional, https: receives the alert as JSON");
        webhook.setWidthFull();
        remember(binder.forField(timeout).asRequired("Give a time limit").withValidator(v -> v >= 1 && v <= 21_600, "1 second to 6 hours")
                .bind(f -> f.timeout, (f, v) -> f.timeout = v));
        remember(binder.forField(retries).asRequired("Give a number, 0 for none").withValidator(v -> v >= 0 && v <= 5, "0 to 5 retries")
                .bind(f -> f.retries, (f, v) -> f.retries = v));
        remember(binder.forField(retryDelay).asRequired("Give a delay").withValidator(v -> v >= 10 && v <= 3600, "10 seconds to 1 hour")
                .bind(f -> f.retryDelay, (f, v) -> f.retryDelay = v));
        remember(binder.forField(misfire).asRequired("Pick what happens to missed runs").bind(f -> f.misfire, (f, v) -> f.misfire = v));
        remember(binder.forField(deadline).withValidator(v -> v == null || (v >= 1 && v <= 2880), "1 minute to 48 hours")
                .bind(f -> f.deadline, (f, v) -> f.deadline = v));
        remember(binder.forField(notify).bind(f -> f.notify, (f, v) -> f.notify = v));
        remember(binder.forField(webhook).withValidator(v -> v == null || v.isBlank() || v.matches("https?://\\S+"), "An address such as https://hooks.example.com/esteira")
                .bind(f -> f.webhook, (f, v) -> f.webhook = v));

        areas.currentArea().flatMap(c -> mine.stream().filter(a -> a.id().equals(c.id())).findFirst())
                .or(() -> mine.stream().findFirst()).ifPresent(a -> form.area = a);
        binder.readBean(form);

        content.setWidthFull();
        save.setId("schedule-save");
        footer = new WizardFooter("schedule", STEPS.size(), save, this::valid, this::go,
                () -> UI.getCurrent().navigate(SchedulesView.class), this::submit);
        add(title, stepper, content, footer);
        go(0);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var id = event.getRouteParameters().get("scheduleId");
        if (id.isEmpty()) {
            return;
        }
        try {
            editing = queries.get(UUID.fromString(id.get()));
        } catch (IllegalArgumentException | NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such schedule, or it is not yours to see.");
            return;
        }
        title.setText("Edit " + editing.name());
        save.setText("Save changes");
        area.setReadOnly(true);
        name.setReadOnly(true);
        form.area = areas.myAreas().stream().filter(a -> a.id().equals(editing.areaId())).findFirst().orElse(null);
        form.source = source.getListDataView().getItems().filter(s -> s.id().equals(editing.sourceId())).findFirst().orElse(null);
        form.name = editing.name();
        form.description = editing.description();
        form.sql = editing.sql();
        form.mode = TargetMode.valueOf(editing.targetMode());
        form.table = editing.targetTable() == null ? "" : editing.targetTable();
        form.timeout = editing.timeoutSeconds();
        ScheduleOptions o = editing.options();
        form.retries = o.retries();
        form.retryDelay = o.retryDelaySeconds();
        form.misfire = o.misfire();
        form.deadline = o.deadlineMinutes();
        form.notify = o.notifyOnFailure();
        form.webhook = o.webhookUrl() == null ? "" : o.webhookUrl();
        binder.readBean(form);
        keys.setItems(editing.targetKeys());
        keys.select(editing.targetKeys());
        when.show(editing.cron(), editing.zone(), BusinessCalendar.valueOf(editing.calendar()));
        go(0);
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
                FormLayout layout = twoColumns(area, source, name, description);
                layout.setColspan(description, 2);
                content.add(new H3("Where the query runs"), layout, errors[0]);
            }
            case 1 -> {
                HorizontalLayout actions = new HorizontalLayout(check, run, checked);
                actions.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
                content.add(new H3("The query"), sql, actions, errors[1], previewing, preview);
            }
            case 2 -> {
                VerticalLayout target = new VerticalLayout(mode);
                target.setPadding(false);
                if (mode.getValue() != null && mode.getValue() != TargetMode.NONE) {
                    String schema = form.area == null ? "area_<code>" : "area_" + form.area.code().toLowerCase(Locale.ROOT);
                    table.setPrefixComponent(new Span(schema + "."));
                    table.setHelperText("In your area's schema on " + (form.source == null ? "the source" : form.source.name())
                            + "; created at the first run. Replace swaps in a new copy, so a failed run leaves it as it was.");
                    java.util.Set<String> picked = new java.util.LinkedHashSet<>(keys.getSelectedItems());
                    List<String> offered = new java.util.ArrayList<>(columns);
                    picked.stream().filter(k -> !offered.contains(k)).forEach(offered::add);
                    keys.setItems(offered); // forgets the selection
                    keys.select(picked);
                    target.add(table);
                    if (mode.getValue() == TargetMode.UPSERT) {
                        target.add(keys);
                    }
                }
                content.add(new H3("Where the rows go"), target, errors[2]);
            }
            case 3 -> content.add(new H3("When it runs"), when, errors[3]);
            case 4 -> {
                FormLayout layout = twoColumns(timeout, retries, retryDelay, deadline, misfire, notify, webhook);
                layout.setColspan(misfire, 2);
                layout.setColspan(notify, 2);
                layout.setColspan(webhook, 2);
                content.add(new H3("How runs are looked after"), layout, errors[4]);
            }
            default -> content.add(new H3("Review"), review(), new H3("What it costs"), cost(), errors[5]);
        }
    }

    private static FormLayout twoColumns(Component... fields) {
        FormLayout layout = new FormLayout(fields);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 2));
        return layout;
    }

    private void checkSql() {
        errors[1].setText("");
        sql.setInvalid(false);
        checked.setText("");
        try {
            previews.checkQuery(sql.getValue());
            checked.setText("One read-only SELECT: fine");
        } catch (InvalidRequestException e) {
            WizardSteps.showError(errors[1], e, Map.of("sql", sql));
        }
    }

    /** The preview may take up to its time limit: it runs in the background, with its progress and a Cancel that stops the query. */
    private void runPreview() {
        errors[1].setText("");
        preview.removeAll();
        if (form.area == null || source.getValue() == null) {
            errors[1].setText("Pick the area and data source first (step 1)");
            return;
        }
        UUID areaId = form.area.id();
        UUID sourceId = source.getValue().id();
        String query = sql.getValue();
        previewing.start("Running the query for its first " + SchedulePreviews.PREVIEW_ROWS + " rows",
                progress -> previews.preview(areaId, sourceId, query),
                rows -> {
                    columns = rows.columns();
                    preview.add(previewGrid(rows));
                },
                e -> WizardSteps.showError(errors[1], e, Map.of("sql", sql)));
    }

    private static Component previewGrid(QueryRows result) {
        Grid<List<String>> grid = new Grid<>();
        grid.setId("schedule-preview-grid");
        for (int i = 0; i < result.columns().size(); i++) {
            int index = i;
            grid.addColumn(row -> row.get(index)).setHeader(result.columns().get(i)).setAutoWidth(true).setResizable(true);
        }
        grid.setItems(result.rows());
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setHeight("18rem");
        grid.setEmptyStateText("The query returns no rows today.");
        Span count = new Span(result.rows().size() + (result.more() ? "+ rows (the first " + result.rows().size() + " shown)" : " rows"));
        count.setId("schedule-preview-count");
        count.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        return new Div(count, grid);
    }

    private final List<Binder.Binding<Form, ?>> bindings = new java.util.ArrayList<>();

    private void remember(Binder.Binding<Form, ?> binding) {
        bindings.add(binding);
    }

    /**
     * Checks the fields of one step only: validating the whole binder would mark the empty required
     * fields of the next steps, which would then open already red.
     */
    private boolean fieldsValid(com.vaadin.flow.component.HasValue<?, ?>... fields) {
        List<com.vaadin.flow.component.HasValue<?, ?>> wanted = List.of(fields);
        boolean ok = true;
        for (Binder.Binding<Form, ?> binding : bindings) {
            if (wanted.contains(binding.getField())) {
                ok &= !binding.validate().isError();
            }
        }
        return ok;
    }

    private boolean valid(int current) {
        errors[current].setText("");
        boolean ok = switch (current) {
            case 0 -> fieldsValid(area, source, name);
            case 1 -> {
                if (!fieldsValid(sql)) {
                    yield false;
                }
                try {
                    previews.checkQuery(sql.getValue());
                    yield true;
                } catch (InvalidRequestException e) {
                    WizardSteps.showError(errors[1], e, Map.of("sql", sql));
                    yield false;
                }
            }
            case 2 -> {
                boolean fields = fieldsValid(table, mode);
                if (fields && mode.getValue() == TargetMode.UPSERT && keys.getSelectedItems().isEmpty()) {
                    keys.setInvalid(true);
                    keys.setErrorMessage("Upsert needs the key columns that identify a row");
                    yield false;
                }
                keys.setInvalid(false);
                yield fields;
            }
            case 3 -> when.timing() != null;
            case 4 -> fieldsValid(timeout, retries, retryDelay, misfire, deadline, webhook);
            default -> true;
        };
        if (ok) {
            binder.writeBeanAsDraft(form, true);
        }
        return ok;
    }

    private ScheduleDraft draft() {
        binder.writeBeanAsDraft(form, true);
        ScheduleTiming chosen = when.timing();
        boolean writes = form.mode != TargetMode.NONE;
        return new ScheduleDraft(form.area == null ? null : form.area.id(), form.name, form.description,
                form.source == null ? null : form.source.id(), form.sql, writes ? form.table : null, form.mode,
                form.mode == TargetMode.UPSERT ? List.copyOf(keys.getSelectedItems()) : List.of(),
                chosen == null ? null : chosen.cron(), chosen == null ? when.zone() : chosen.zone(), when.calendar(),
                form.timeout == null ? 0 : form.timeout,
                new ScheduleOptions(form.retries, form.retryDelay, form.misfire, form.deadline, form.notify,
                        form.webhook == null || form.webhook.isBlank() ? null : form.webhook.strip()));
    }

    private Component review() {
        ScheduleDraft d = draft();
        ScheduleTiming chosen = when.timing();
        Div list = new Div();
        list.setId("schedule-review");
        Map<String, String> lines = new java.util.LinkedHashMap<>();
        lines.put("Name", d.name() + (form.area == null ? "" : " · " + form.area.name()));
        lines.put("Source", form.source == null ? "—" : form.source.name());
        lines.put("Query", d.sql());
        lines.put("Target", d.targetMode() == TargetMode.NONE ? "none: the rows are only counted"
                : d.targetMode().name().toLowerCase() + " → area_" + form.area.code().toLowerCase(Locale.ROOT) + "." + d.targetTable()
                        + (d.targetKeys().isEmpty() ? "" : " by " + String.join(", ", d.targetKeys())));
        lines.put("When", chosen == null ? "—" : chosen.inWords() + (d.calendarOrDefault() == BusinessCalendar.NONE ? ""
                : ", only on " + d.calendarOrDefault().label()));
        ScheduleOptions o = d.optionsOrDefault();
        lines.put("Runs", "time limit " + d.timeoutSeconds() + " s; " + (o.retries() == 0 ? "no retries" : o.retries()
                + " retries, the first after " + o.retryDelaySeconds() + " s") + "; missed runs: " + o.misfire().label().toLowerCase());
        lines.put("Alerts", (o.deadlineMinutes() == null ? "no deadline" : "deadline " + o.deadlineMinutes() + " min after the scheduled time")
                + "; " + (o.notifyOnFailure() ? "you are told of failures" : "no notifications") + (o.webhookUrl() == null ? "" : "; webhook " + o.webhookUrl()));
        lines.forEach((k, v) -> {
            Span key = new Span(k);
            key.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.TextColor.SECONDARY);
            key.setWidth("7rem");
            key.getStyle().set("flex", "none");
            Span value = new Span(v);
            value.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
            if (k.equals("Query")) {
                value.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
            }
            HorizontalLayout line = new HorizontalLayout(key, value);
            line.setWidthFull();
            list.add(line);
        });
        return list;
    }

    /** Its runs priced by the function that bills them, and what they leave of the area's budget this month. */
    private Component cost() {
        CostQuotePanel panel = new CostQuotePanel();
        panel.setId("schedule-cost");
        ScheduleDraft d = draft();
        if (form.area == null) {
            panel.showMessage("Pick the area that pays for the runs (step 1) to see what they cost.");
            return panel;
        }
        try {
            ScheduleQuote q = previews.quote(d, editing == null ? null : editing.id());
            panel.showRuns(q.cost(), form.area.name(), q.basisInWords(), editing == null ? "create it" : "save it");
        } catch (InvalidRequestException | NotFoundException e) {
            panel.showMessage("No price available: " + e.getMessage());
        }
        return panel;
    }

    private void submit() {
        errors[5].setText("");
        try {
            ScheduleDraft d = draft();
            ScheduleView saved = editing == null ? definitions.create(d) : definitions.update(editing.id(), d, editing.version());
            Notices.success((editing == null ? "Scheduled " : "Saved ") + saved.name() + ": " + saved.inWords());
            UI.getCurrent().navigate(SchedulesView.class);
        } catch (InvalidRequestException e) {
            int at = stepOf(e.fieldErrors().keySet());
            go(at);
            errors[at].setText(e.fieldErrors().size() == 1 ? e.fieldErrors().values().iterator().next()
                    : e.getMessage() + ": " + String.join("; ", e.fieldErrors().values()));
        } catch (OptimisticLockingFailureException e) {
            errors[5].setText("Someone else changed this schedule meanwhile. Cancel and open it again.");
        } catch (NotFoundException | ForbiddenException e) {
            errors[5].setText(e.getMessage());
        } finally {
            save.setEnabled(true);
        }
    }

    /** The step where a field the service refused is edited. */
    static int stepOf(java.util.Collection<String> fields) {
        return fields.stream().mapToInt(f -> switch (f.replace("options.", "")) {
            case "areaId", "name", "description", "sourceId", "dataSource" -> 0;
            case "sql" -> 1;
            case "targetTable", "targetMode", "targetKeys" -> 2;
            case "cron", "zone", "calendar" -> 3;
            case "timeoutSeconds", "retries", "retryDelaySeconds", "misfire", "deadlineMinutes", "notifyOnFailure", "webhookUrl" -> 4;
            default -> 5;
        }).min().orElse(5);
    }
}
