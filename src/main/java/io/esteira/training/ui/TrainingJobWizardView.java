package io.esteira.training.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.CostQuote;
import io.esteira.costs.ui.CostQuotePanel;
import io.esteira.features.DataSourceService;
import io.esteira.features.DataSourceSummary;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupSummary;
import io.esteira.features.FeatureGroupView;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelSummary;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.ScheduleTiming;
import io.esteira.scheduling.ui.ScheduleStep;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.WizardFooter;
import io.esteira.shared.ui.WizardSteps;
import io.esteira.training.TrainingJobDraft;
import io.esteira.training.TrainingJobView;
import io.esteira.training.TrainingService;
import io.esteira.training.TrainingService.TrainingSetPreview;
import io.esteira.workspaces.SizeOption;
import io.esteira.workspaces.WorkspaceService;
import io.esteira.workspaces.WorkspaceSummary;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * "New training job" in seven steps: the job and the model it trains, its code, how it runs (environment, parameters,
 * seed), its training set (with a preview built in the background, with progress and cancel), size, time limit and
 * schedule, what a run costs against the area's budget, and review. The same wizard edits a job
 * ({@code /training/jobs/{id}/edit}).
 */
@Route("training/new")
@RouteAlias("training/jobs/:jobId/edit")
@PageTitle("Training job · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.ADMIN_NAME})
class TrainingJobWizardView extends com.vaadin.flow.component.orderedlayout.VerticalLayout implements BeforeEnterObserver {

    private static final List<String> STEPS = List.of("Job", "Code", "Run", "Training set", "Size & schedule", "Cost", "Review");
    private static final int JOB = 0, CODE = 1, RUN = 2, DATA = 3, SIZE = 4, COST = 5, REVIEW = 6;

    /** What the form edits; the draft is made from it. */
    static final class Form {
        AreaSummary area;
        String name = "";
        String description = "";
        ModelSummary model;
        String kind = "SAMPLE";
        String sample;
        WorkspaceSummary workspace;
        String gitUrl = "";
        String gitRef = "main";
        String gitToken = "";
        String path = "";
        String entrypoint = "train.py";
        String environment;
        String parameters = "";
        String seed = "42";
        Set<String> groups = new LinkedHashSet<>();
        DataSourceSummary source;
        String sql = "";
        String label = "label";
        LocalDate from;
        LocalDate to;
        SizeOption size;
        Integer maxRunMinutes = 60;
        boolean scheduled;
    }

    private final TrainingService training;
    private final ModelRegistry registry;
    private final WorkspaceService workspaces;
    private final FeatureGroupService featureGroups;
    private final Form form = new Form();
    private final Binder<Form> binder = new Binder<>();
    private final WizardSteps stepper = new WizardSteps("training-steps", STEPS);
    private final Div content = new Div();
    private final H1 title = new H1("New training job");
    private final Button save = new Button("Create training job", VaadinIcon.CHECK.create());
    private final Span[] errors = new Span[STEPS.size()];
    private final WizardFooter footer;
    private int step;
    private TrainingJobView editing;
    /** Where the job's runs run: the configured default for a new job, its own runner for a job being edited. */
    private String runnerKind;

    // job
    private final Select<AreaSummary> area = new Select<>();
    private final TextField name = new TextField("Name");
    private final TextArea description = new TextArea("Description");
    private final ComboBox<ModelSummary> model = new ComboBox<>("Model it trains");
    // code
    private final RadioButtonGroup<String> kind = new RadioButtonGroup<>("Where the code is");
    private final Select<String> sample = new Select<>();
    private final Select<WorkspaceSummary> workspace = new Select<>();
    private final TextField gitUrl = new TextField("Repository address");
    private final TextField gitRef = new TextField("Branch, tag or commit");
    private final PasswordField gitToken = new PasswordField("Access token (optional)");
    private final TextField path = new TextField("Folder inside it");
    private final TextField entrypoint = new TextField("Entrypoint");
    // run
    private final Select<String> environment = new Select<>();
    private final TextArea parameters = new TextArea("Parameters");
    private final TextField seed = new TextField("Seed");
    // training set
    private final MultiSelectComboBox<String> groups = new MultiSelectComboBox<>("Feature groups");
    private final MultiSelectComboBox<String> features = new MultiSelectComboBox<>("Features");
    private final Select<DataSourceSummary> source = new Select<>();
    private final TextArea sql = new TextArea("Entities query");
    private final TextField label = new TextField("Label column");
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("Until (UTC, not included)");
    private final Div preview = new Div();
    private final ProgressBar previewing = new ProgressBar();
    private final Span previewProgress = new Span();
    private final Button previewButton = new Button("Preview the training set", VaadinIcon.TABLE.create());
    private final Button previewCancel = new Button("Cancel preview");
    private final Map<String, List<String>> featuresOf = new LinkedHashMap<>();
    private AtomicBoolean previewCancelled;
    // size & schedule
    private final RadioButtonGroup<SizeOption> size = new RadioButtonGroup<>("Size");
    private final IntegerField maxRunMinutes = new IntegerField("Maximum run time (minutes)");
    private final Checkbox scheduled = new Checkbox("Also run it on a schedule");
    private final ScheduleStep when;
    private final Clock clock;

    TrainingJobWizardView(TrainingService training, AreaService areas, AreaAccess access, ModelRegistry registry, WorkspaceService workspaces,
            FeatureGroupService featureGroups, DataSourceService sources, Clock clock) {
        this.clock = clock;
        this.training = training;
        this.registry = registry;
        this.workspaces = workspaces;
        this.featureGroups = featureGroups;
        addClassName("view");
        setId("training-wizard");
        setMaxWidth("1100px");
        for (int i = 0; i < errors.length; i++) {
            errors[i] = WizardSteps.errorLine("training-error-" + i);
        }
        when = new ScheduleStep("training-schedule", errors[SIZE], clock);

        // job
        List<AreaSummary> mine = areas.myAreas().stream().filter(a -> a.active() && access.canAct(a.id())).toList();
        area.setId("training-area");
        area.setLabel("Area");
        area.setItems(mine);
        area.setItemLabelGenerator(AreaSummary::name);
        area.setHelperText("Pays for the runs; its models, data and budget apply");
        area.addValueChangeListener(e -> areaChanged());
        name.setId("training-name");
        name.setHelperText("Lower-case letters, digits, - and _, starting with a letter");
        name.setMaxLength(80);
        description.setId("training-description");
        description.setMaxLength(2000);
        model.setId("training-model");
        model.setItemLabelGenerator(m -> m.name() + " · " + m.useCase());
        model.setHelperText("Each run that succeeds registers its next version");
        binder.forField(area).asRequired("Pick an area").bind(f -> f.area, (f, v) -> f.area = v);
        binder.forField(name).asRequired("Name the job").withValidator(v -> v.matches("[a-z][a-z0-9_-]{0,79}"),
                "Lower-case letters, digits, - and _, starting with a letter: no capitals or spaces").bind(f -> f.name, (f, v) -> f.name = v);
        binder.forField(description).bind(f -> f.description, (f, v) -> f.description = v);
        binder.forField(model).asRequired("Pick the model the job trains (create it under Models first)").bind(f -> f.model, (f, v) -> f.model = v);

        // code
        kind.setId("training-source-kind");
        kind.setItems("SAMPLE", "WORKSPACE", "GIT");
        kind.setItemLabelGenerator(k -> switch (k) {
            case "SAMPLE" -> "A sample of the portal";
            case "GIT" -> "A Git repository";
            default -> "A folder of one of your workspaces";
        });
        kind.addValueChangeListener(e -> {
            if (step == CODE) {
                showStep();
            }
        });
        sample.setId("training-sample");
        sample.setLabel("Sample");
        sample.setItems(training.samples());
        workspace.setId("training-workspace");
        workspace.setLabel("Workspace");
        workspace.setItemLabelGenerator(WorkspaceSummary::name);
        workspace.setEmptySelectionAllowed(false);
        gitUrl.setId("training-git-url");
        gitUrl.setPlaceholder("https://git.bank.example/team/models.git");
        gitUrl.setHelperText("An https address on a host an administrator allows; no user name or password in it");
        gitUrl.setMaxLength(1000);
        gitUrl.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.ON_BLUR);
        gitRef.setId("training-git-ref");
        gitRef.setHelperText("Each run fetches it anew and records the commit it ran");
        gitRef.setMaxLength(300);
        gitToken.setId("training-git-token");
        gitToken.setHelperText("Read-only token for a private repository; kept sealed, never shown again");
        gitToken.setMaxLength(1000);
        path.setId("training-path");
        path.setHelperText("Empty for its top folder; the job runs in a copy of this folder");
        entrypoint.setId("training-entrypoint");
        entrypoint.setHelperText("The file to run, inside the folder, e.g. train.py");
        binder.forField(kind).asRequired("Pick where the code is").bind(f -> f.kind, (f, v) -> f.kind = v);
        binder.forField(sample).withValidator(v -> !"SAMPLE".equals(kind.getValue()) || v != null, "Pick a sample")
                .bind(f -> f.sample, (f, v) -> f.sample = v);
        binder.forField(workspace).withValidator(v -> !"WORKSPACE".equals(kind.getValue()) || v != null,
                "Pick one of your workspaces (on this node)").bind(f -> f.workspace, (f, v) -> f.workspace = v);
        binder.forField(gitUrl).withValidator((v, context) -> {
            if (!"GIT".equals(kind.getValue())) {
                return com.vaadin.flow.data.binder.ValidationResult.ok();
            }
            try {
                training.checkRepository(v);
                return com.vaadin.flow.data.binder.ValidationResult.ok();
            } catch (InvalidRequestException e) {
                return com.vaadin.flow.data.binder.ValidationResult.error(e.getMessage());
            }
        }).bind(f -> f.gitUrl, (f, v) -> f.gitUrl = v);
        binder.forField(gitRef).withValidator(v -> !"GIT".equals(kind.getValue()) || v != null && v.strip().matches("[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}"),
                "Give the branch, tag or commit, e.g. main").bind(f -> f.gitRef, (f, v) -> f.gitRef = v);
        binder.forField(gitToken).bind(f -> f.gitToken, (f, v) -> f.gitToken = v);
        binder.forField(path).withValidator(v -> v == null || !v.contains(".."), "A folder inside the source, without ..")
                .bind(f -> f.path, (f, v) -> f.path = v);
        binder.forField(entrypoint).asRequired("Give the file to run, e.g. train.py")
                .withValidator(v -> !v.startsWith("/") && !v.contains(".."), "A file inside the folder: no leading / and no ..")
                .bind(f -> f.entrypoint, (f, v) -> f.entrypoint = v);

        // run
        runnerKind = training.defaultRunner();
        List<String> environments = training.environments(runnerKind);
        environment.setId("training-environment");
        environment.setLabel("Environment");
        environment.setItems(environments);
        environment.setHelperText(TrainingLabels.environmentHelp(runnerKind));
        form.environment = environments.getFirst();
        parameters.setId("training-parameters");
        parameters.setHelperText("One per line, name=value; handed to the job in params.json");
        parameters.setPlaceholder("C=0.5\nmax_iter=200");
        parameters.setWidthFull();
        seed.setId("training-seed");
        seed.setHelperText("Handed to the job as ESTEIRA_SEED, so a run can be repeated");
        binder.forField(environment).asRequired("Pick the environment").bind(f -> f.environment, (f, v) -> f.environment = v);
        binder.forField(parameters).withValidator((v, context) -> {
            String problem = parameterProblem(v);
            return problem == null ? com.vaadin.flow.data.binder.ValidationResult.ok() : com.vaadin.flow.data.binder.ValidationResult.error(problem);
        }).bind(f -> f.parameters, (f, v) -> f.parameters = v);
        binder.forField(seed).asRequired("Give a seed, e.g. 42").withValidator(v -> v.strip().matches("-?\\d{1,18}"), "A whole number, e.g. 42")
                .bind(f -> f.seed, (f, v) -> f.seed = v);

        // training set
        groups.setId("training-groups");
        groups.setItems(featureGroups.catalog("", null, PageRequest.of(0, 500)).stream()
                .filter(g -> g.publishedVersion() != null).map(FeatureGroupSummary::name).sorted().toList());
        groups.setHelperText("Their published version at each run");
        groups.addValueChangeListener(e -> groupsChanged());
        features.setId("training-features");
        features.setHelperText("Empty: every feature of the groups the area may read");
        // the feature's name; its group too when more than one group is picked
        features.setItemLabelGenerator(f -> groups.getValue().size() > 1 ? f.replace("\u0000", " · ") : f.substring(f.indexOf('\u0000') + 1));
        source.setId("training-source");
        source.setLabel("Data source of the entities query");
        source.setItems(sources.list("", PageRequest.of(0, 200)).getContent());
        source.setItemLabelGenerator(s -> s.name() + " · " + s.classification().name());
        source.setEmptySelectionAllowed(false);
        sql.setId("training-sql");
        sql.setWidthFull();
        sql.setMinHeight("8rem");
        sql.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        sql.setPlaceholder("select customer_id, event_time as \"timestamp\", is_fraud as label from bank.card_transactions");
        Span sqlHelp = new Span("One SELECT with every group's entity keys, a column named timestamp (each row's time, for point-in-time "
                + "features) and the label");
        sqlHelp.getStyle().set("font-family", "var(--lumo-font-family)");
        sql.setHelperComponent(sqlHelp);
        sql.setMaxLength(20_000);
        label.setId("training-label");
        from.setId("training-from");
        to.setId("training-to");
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        binder.forField(groups).withValidator(v -> !v.isEmpty() && v.size() <= 10, "Pick 1 to 10 feature groups")
                .bind(f -> f.groups, (f, v) -> f.groups = new LinkedHashSet<>(v));
        binder.forField(source).asRequired("Pick the data source of the entities query").bind(f -> f.source, (f, v) -> f.source = v);
        binder.forField(sql).asRequired("Write the entities query").bind(f -> f.sql, (f, v) -> f.sql = v);
        binder.forField(label).bind(f -> f.label, (f, v) -> f.label = v);
        binder.forField(from).bind(f -> f.from, (f, v) -> f.from = v);
        binder.forField(to).withValidator(v -> v == null || from.getValue() == null || v.isAfter(from.getValue()),
                "The end must come after the start").bind(f -> f.to, (f, v) -> f.to = v);
        preview.setId("training-preview");
        preview.setWidthFull();
        previewing.setIndeterminate(true);
        previewing.setVisible(false);
        previewing.setId("training-previewing");
        previewProgress.setId("training-preview-progress");
        previewProgress.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        previewButton.setId("training-preview-run");
        previewButton.addClickListener(e -> runPreview());
        previewCancel.setId("training-preview-cancel");
        previewCancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        previewCancel.setVisible(false);
        previewCancel.addClickListener(e -> {
            if (previewCancelled != null) {
                previewCancelled.set(true);
            }
        });

        // size & schedule
        size.setId("training-size");
        size.setItems(training.sizes());
        size.setItemLabelGenerator(s -> s.code() + " · " + s.describe());
        size.addThemeVariants(com.vaadin.flow.component.radiobutton.RadioGroupVariant.LUMO_VERTICAL);
        maxRunMinutes.setId("training-max-minutes");
        maxRunMinutes.setStepButtonsVisible(true);
        maxRunMinutes.setHelperText("The run is stopped and fails after this long; the cost is shown for this long");
        scheduled.setId("training-scheduled");
        scheduled.addValueChangeListener(e -> {
            if (step == SIZE) {
                showStep();
            }
        });
        binder.forField(size).asRequired("Pick a size").bind(f -> f.size, (f, v) -> f.size = v);
        binder.forField(maxRunMinutes).asRequired("Give the maximum run time").withValidator(v -> v >= 1 && v <= 10_080,
                "1 minute to a week (10080 minutes)").bind(f -> f.maxRunMinutes, (f, v) -> f.maxRunMinutes = v);
        binder.forField(scheduled).bind(f -> f.scheduled, (f, v) -> f.scheduled = v);

        areas.currentArea().flatMap(c -> mine.stream().filter(a -> a.id().equals(c.id())).findFirst())
                .or(() -> mine.stream().findFirst()).ifPresent(a -> form.area = a);
        form.sample = training.samples().contains("logistic-regression") ? "logistic-regression" : training.samples().stream().findFirst().orElse(null);
        form.size = training.sizes().stream().findFirst().orElse(null);
        binder.readBean(form);
        areaChanged();

        content.setWidthFull();
        save.setId("training-save");
        footer = new WizardFooter("training", STEPS.size(), save, this::valid, this::go,
                () -> UI.getCurrent().navigate(TrainingView.class), this::submit);
        add(title, stepper, content, footer);
        go(0);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var id = event.getRouteParameters().get("jobId");
        if (id.isEmpty()) {
            return;
        }
        try {
            editing = training.job(UUID.fromString(id.get()));
        } catch (IllegalArgumentException | NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such training job, or it is not yours to see.");
            return;
        }
        title.setText("Edit " + editing.name());
        save.setText("Save changes");
        area.setReadOnly(true);
        name.setReadOnly(true);
        form.area = area.getListDataView().getItems().filter(a -> a.id().equals(editing.areaId())).findFirst().orElse(null);
        if (form.area == null) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such training job, or it is not yours to see.");
            return;
        }
        binder.readBean(form);
        areaChanged();
        form.name = editing.name();
        form.description = editing.description();
        form.model = model.getListDataView().getItems().filter(m -> m.id().equals(editing.modelId())).findFirst().orElse(null);
        form.kind = editing.source().kind();
        form.sample = editing.source().kind().equals("SAMPLE") ? editing.source().ref() : form.sample;
        form.workspace = editing.source().kind().equals("WORKSPACE") ? workspace.getListDataView().getItems()
                .filter(w -> w.id().toString().equals(editing.source().ref())).findFirst().orElse(null) : null;
        if (editing.source().kind().equals("GIT")) {
            form.gitUrl = editing.source().url();
            form.gitRef = editing.source().ref();
            if (Boolean.TRUE.equals(editing.source().tokenStored())) {
                gitToken.setHelperText("A token is stored: leave this empty to keep it (for the same host), or give a new one");
            }
        }
        form.path = editing.source().path();
        form.entrypoint = editing.entrypoint();
        runnerKind = editing.runner();
        environment.setItems(training.environments(runnerKind));
        environment.setHelperText(TrainingLabels.environmentHelp(runnerKind));
        form.environment = editing.environment();
        form.parameters = editing.parameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        form.seed = String.valueOf(editing.seed());
        TrainingJobDraft.Inputs in = editing.inputs();
        form.source = source.getListDataView().getItems().filter(s -> s.id().equals(in.sourceId())).findFirst().orElse(null);
        form.sql = in.sql();
        form.label = in.label() == null ? "" : in.label();
        form.from = in.from() == null ? null : LocalDate.ofInstant(in.from(), ZoneOffset.UTC);
        form.to = in.to() == null ? null : LocalDate.ofInstant(in.to(), ZoneOffset.UTC);
        form.size = size.getListDataView().getItems().filter(s -> s.code().equals(editing.sizeCode())).findFirst().orElse(null);
        form.maxRunMinutes = editing.maxRunMinutes();
        form.scheduled = editing.schedule() != null;
        form.groups = new LinkedHashSet<>(in.groups().stream().map(TrainingJobDraft.Group::name).toList());
        binder.readBean(form);
        groupsChanged();
        features.setValue(in.groups().stream().flatMap(g -> (g.features() == null ? List.<String>of() : g.features()).stream()
                .map(f -> g.name() + "\u0000" + f)).collect(Collectors.toCollection(LinkedHashSet::new)));
        if (editing.schedule() != null) {
            when.show(editing.schedule().cron(), editing.schedule().zone(), BusinessCalendar.valueOf(editing.schedule().calendar()));
        }
        go(0);
    }

    // ------------------------------------------------------------------ steps

    private void go(int target) {
        step = Math.max(0, Math.min(STEPS.size() - 1, target));
        stepper.show(step);
        showStep();
        footer.at(step);
    }

    private void showStep() {
        content.removeAll();
        switch (step) {
            case JOB -> {
                FormLayout layout = twoColumns(area, name, model, description);
                layout.setColspan(description, 2);
                content.add(new H3("The job and what it trains"), layout, errors[JOB]);
            }
            case CODE -> {
                FormLayout layout = "GIT".equals(kind.getValue()) ? twoColumns(gitUrl, gitRef, gitToken, path, entrypoint)
                        : twoColumns("WORKSPACE".equals(kind.getValue()) ? workspace : sample, path, entrypoint);
                if ("GIT".equals(kind.getValue())) {
                    layout.setColspan(gitUrl, 2);
                }
                path.setHelperText("GIT".equals(kind.getValue()) ? "Empty for the repository's top folder; the job runs in this folder of the commit"
                        : "Empty for its top folder; the job runs in a copy of this folder");
                Paragraph contract = hint("The job reads its training set from ESTEIRA_TRAINING_SET (CSV) and its parameters from "
                        + "ESTEIRA_PARAMS, and writes model.onnx and metrics.json into ESTEIRA_OUTPUT_DIR; its output is the run's log. "
                        + "The sample logistic-regression follows this contract.");
                content.add(new H3("Its code"), kind, layout, contract, errors[CODE]);
            }
            case RUN -> {
                FormLayout layout = twoColumns(environment, seed, parameters);
                layout.setColspan(parameters, 2);
                content.add(new H3("How it runs"), layout, errors[RUN]);
            }
            case DATA -> {
                FormLayout layout = twoColumns(groups, features, source, label, from, to);
                HorizontalLayout actions = new HorizontalLayout(previewButton, previewCancel, previewProgress);
                actions.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
                actions.setWrap(true);
                content.add(new H3("Its training set"), layout, sql, actions, previewing, errors[DATA], preview);
            }
            case SIZE -> {
                FormLayout layout = twoColumns(size, maxRunMinutes);
                content.add(new H3("Size and time limit"), layout, scheduled);
                if (scheduled.getValue()) {
                    content.add(hint("A scheduled run acts for you: your rights and the area's budget policy apply as when you press "
                            + "Run now. A fire that finds a run still under way starts none."), when);
                }
                content.add(errors[SIZE]);
            }
            case COST -> content.add(new H3("What a run costs"), cost(), errors[COST]);
            default -> content.add(new H3("Review"), review(), errors[REVIEW]);
        }
    }

    private static FormLayout twoColumns(Component... fields) {
        FormLayout layout = new FormLayout(fields);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 2));
        return layout;
    }

    private static Paragraph hint(String text) {
        Paragraph p = new Paragraph(text);
        p.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        return p;
    }

    private void areaChanged() {
        AreaSummary chosen = area.getValue();
        List<ModelSummary> models = chosen == null ? List.of() : registry.list(chosen.id(), "", PageRequest.of(0, 500)).getContent();
        ModelSummary keep = model.getValue();
        model.setItems(models);
        if (keep != null) {
            models.stream().filter(m -> m.id().equals(keep.id())).findFirst().ifPresent(model::setValue);
        }
        List<WorkspaceSummary> own = chosen == null ? List.of() : workspaces.list(chosen.id(), "", PageRequest.of(0, 200)).stream()
                .filter(WorkspaceSummary::mine).toList();
        workspace.setItems(own);
    }

    private void groupsChanged() {
        Set<String> keep = features.getValue();
        List<String> offered = new ArrayList<>();
        for (String g : groups.getValue()) {
            List<String> of = featuresOf.computeIfAbsent(g, this::featuresOfGroup);
            of.forEach(f -> offered.add(g + "\u0000" + f));
        }
        features.setItems(offered);
        features.setValue(keep.stream().filter(offered::contains).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private List<String> featuresOfGroup(String group) {
        try {
            FeatureGroupView g = featureGroups.getByName(group);
            return g.latestPublished().map(v -> v.features().stream().map(FeatureDraft::name).toList()).orElse(List.of());
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    private boolean valid(int current) {
        errors[current].setText("");
        List<? extends Component> fields = switch (current) {
            case JOB -> List.of(area, name, model, description);
            case CODE -> List.of(kind, sample, workspace, gitUrl, gitRef, gitToken, path, entrypoint);
            case RUN -> List.of(environment, parameters, seed);
            case DATA -> List.of(groups, source, sql, label, from, to);
            case SIZE -> List.of(size, maxRunMinutes);
            default -> List.of();
        };
        boolean ok = binder.validate().getFieldValidationErrors().stream().noneMatch(e -> fields.contains((Component) e.getField()));
        if (current == SIZE && ok && scheduled.getValue()) {
            ok = when.timing() != null;
        }
        if (ok) {
            binder.writeBeanAsDraft(form, true);
        }
        return ok;
    }

    // ------------------------------------------------------------------ the training set's preview

    /** Builds the training set as a run would, off the UI thread, with its progress pushed and a cancel button. */
    private void runPreview() {
        errors[DATA].setText("");
        preview.removeAll();
        if (area.getValue() == null) {
            errors[DATA].setText("Pick the area first (step 1)");
            return;
        }
        TrainingJobDraft.Inputs inputs;
        try {
            inputs = inputs();
        } catch (InvalidRequestException e) {
            errors[DATA].setText(e.getMessage());
            return;
        }
        UUID areaId = area.getValue().id();
        UI ui = UI.getCurrent();
        AtomicBoolean cancelled = new AtomicBoolean();
        previewCancelled = cancelled;
        previewing.setVisible(true);
        previewButton.setEnabled(false);
        previewCancel.setVisible(true);
        previewProgress.setText("Reading the training set…");
        long started = System.nanoTime();
        Thread.ofVirtual().name("training-set-preview").start(new DelegatingSecurityContextRunnable(() -> {
            try {
                TrainingSetPreview result = training.previewSet(areaId, inputs,
                        rows -> ui.access(() -> previewProgress.setText(Formats.count(rows) + " rows read…")),
                        cancelled::get);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                ui.access(() -> {
                    previewDone();
                    previewProgress.setText(Formats.count(result.totalRows()) + " rows"
                            + (result.outsideRange() == 0 ? "" : " (" + Formats.count(result.outsideRange()) + " outside the time range left out)") + " · built in " + Formats.duration(took));
                    preview.add(previewGrid(result));
                });
            } catch (CancellationException e) {
                ui.access(() -> {
                    previewDone();
                    previewProgress.setText("Preview cancelled");
                });
            } catch (InvalidRequestException | ForbiddenException | NotFoundException e) {
                ui.access(() -> {
                    previewDone();
                    previewProgress.setText("");
                    WizardSteps.showError(errors[DATA], e);
                    if (e instanceof InvalidRequestException invalid) {
                        fieldError(invalid);
                    }
                });
            } catch (RuntimeException e) {
                ui.access(() -> {
                    previewDone();
                    previewProgress.setText("");
                    errors[DATA].setText("The training set could not be built: " + e.getMessage());
                });
            }
        }));
    }

    private void previewDone() {
        previewing.setVisible(false);
        previewButton.setEnabled(true);
        previewCancel.setVisible(false);
        previewCancelled = null;
    }

    private static Component previewGrid(TrainingSetPreview result) {
        Grid<List<String>> grid = new Grid<>();
        grid.setId("training-preview-grid");
        for (int i = 0; i < result.header().size(); i++) {
            int index = i;
            grid.addColumn(row -> index < row.size() ? row.get(index) : "").setHeader(result.header().get(i)).setAutoWidth(true).setResizable(true);
        }
        grid.setItems(result.rows());
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setHeight("16rem");
        grid.setEmptyStateText("The training set has no rows: check the query and the time range.");
        Span shown = new Span(result.rows().isEmpty() ? "" : "Its first " + result.rows().size() + " rows, as the job will read them:");
        shown.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        return new Div(shown, grid);
    }

    // ------------------------------------------------------------------ the draft

    private TrainingJobDraft.Inputs inputs() {
        if (groups.getValue().isEmpty()) {
            throw new InvalidRequestException("inputs.groups", "Pick at least one feature group");
        }
        if (source.getValue() == null) {
            throw new InvalidRequestException("inputs.sourceId", "Pick the data source of the entities query");
        }
        Map<String, List<String>> picked = new LinkedHashMap<>();
        groups.getValue().forEach(g -> picked.put(g, new ArrayList<>()));
        features.getValue().forEach(f -> {
            String[] parts = f.split("\u0000", 2);
            picked.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
        });
        return new TrainingJobDraft.Inputs(picked.entrySet().stream().map(e -> new TrainingJobDraft.Group(e.getKey(), null, e.getValue())).toList(),
                source.getValue().id(), sql.getValue(), label.getValue() == null || label.getValue().isBlank() ? null : label.getValue().strip(),
                from.getValue() == null ? null : from.getValue().atStartOfDay().toInstant(ZoneOffset.UTC),
                to.getValue() == null ? null : to.getValue().atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    private TrainingJobDraft draft() {
        binder.writeBeanAsDraft(form, true);
        TrainingJobDraft.Inputs in;
        try {
            in = inputs();
        } catch (InvalidRequestException e) {
            in = null;
        }
        String sourceRef = "GIT".equals(kind.getValue()) ? (gitRef.getValue() == null ? "" : gitRef.getValue().strip())
                : "WORKSPACE".equals(kind.getValue()) ? (workspace.getValue() == null ? "" : workspace.getValue().id().toString())
                : sample.getValue() == null ? "" : sample.getValue();
        TrainingJobDraft.Schedule schedule = null;
        if (scheduled.getValue()) {
            ScheduleTiming timing = when.timing();
            schedule = new TrainingJobDraft.Schedule(timing == null ? "" : timing.cron(), timing == null ? when.zone() : timing.zone(),
                    when.calendar() == null ? null : when.calendar().name());
        }
        Long seedValue;
        try {
            seedValue = Long.parseLong(form.seed.strip());
        } catch (NumberFormatException | NullPointerException e) {
            seedValue = null;
        }
        return new TrainingJobDraft(form.area == null ? null : form.area.id(), form.name, form.description, form.model == null ? null : form.model.name(),
                "GIT".equals(kind.getValue()) ? new TrainingJobDraft.Source("GIT", sourceRef, path.getValue() == null ? "" : path.getValue().strip(),
                        gitUrl.getValue() == null ? "" : gitUrl.getValue().strip(), gitToken.getValue(), null)
                        : new TrainingJobDraft.Source(kind.getValue(), sourceRef, path.getValue() == null ? "" : path.getValue().strip()),
                entrypoint.getValue() == null ? null : entrypoint.getValue().strip(), environment.getValue(), runnerKind,
                parametersOf(parameters.getValue()), size.getValue() == null ? null : size.getValue().code(), maxRunMinutes.getValue(), seedValue, in,
                schedule);
    }

    /** null when the lines are name=value pairs with valid names, else what is wrong, in the user's words. */
    static String parameterProblem(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Set<String> seen = new java.util.HashSet<>();
        int n = 0;
        for (String line : text.split("\\R")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return "Line " + n + " is not name=value";
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z][A-Za-z0-9_.-]{0,79}")) {
                return "Line " + n + ": " + key + " is not a name (letters, digits, _ . -, starting with a letter)";
            }
            if (!seen.add(key)) {
                return key + " is given twice";
            }
        }
        return seen.size() > 50 ? "At most 50 parameters" : null;
    }

    static Map<String, String> parametersOf(String text) {
        Map<String, String> map = new java.util.TreeMap<>();
        if (text == null) {
            return map;
        }
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return map;
    }

    // ------------------------------------------------------------------ cost and review

    /** A run priced by the function that bills it, against the area's budget and policy; with its schedule, about a month of runs. */
    private Component cost() {
        Div box = new Div();
        box.setWidthFull();
        CostQuotePanel panel = new CostQuotePanel();
        panel.setId("training-cost");
        box.add(panel);
        if (form.area == null || size.getValue() == null || maxRunMinutes.getValue() == null) {
            panel.showMessage("Pick the area (step 1) and the size and time limit (step 5) to see what a run costs.");
            return box;
        }
        try {
            CostQuote q = training.quote(form.area.id(), size.getValue().code(), maxRunMinutes.getValue());
            panel.showRun(q, form.area.name(), "size " + size.getValue().code() + " for " + TrainingLabels.minutes(maxRunMinutes.getValue()),
                    editing == null ? "create it and run it" : "save it and run it");
            ScheduleTiming timing = scheduled.getValue() ? when.timing() : null;
            if (timing != null) {
                Instant now = clock.instant();
                int runs = timing.firesBetween(now, now.plus(Duration.ofHours(730)), when.calendar());
                Currency c = Currency.getInstance(q.currency());
                Paragraph month = new Paragraph("On its schedule it runs about " + runs + (runs == 1 ? " time" : " times") + " a month: at most "
                        + Formats.money(q.perRun().multiply(BigDecimal.valueOf(runs)), c) + " a month. Each scheduled run is "
                        + "checked against the budget when it starts, as a run by hand is.");
                month.setId("training-cost-schedule");
                month.addClassNames(LumoUtility.FontSize.SMALL);
                box.add(month);
            }
        } catch (InvalidRequestException | NotFoundException e) {
            panel.showMessage("No price available: " + e.getMessage());
        }
        return box;
    }

    private Component review() {
        TrainingJobDraft d = draft();
        Div list = new Div();
        list.setId("training-review");
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Job", d.name() + (form.area == null ? "" : " · " + form.area.name()));
        lines.put("Trains", d.model() == null ? "—" : d.model());
        lines.put("Code", ("WORKSPACE".equals(d.source().kind()) ? "workspace " + (workspace.getValue() == null ? "—" : workspace.getValue().name())
                + (d.source().path().isEmpty() ? "" : "/" + d.source().path()) : TrainingLabels.source(d.source()))
                + ("GIT".equals(d.source().kind()) && d.source().token() != null && !d.source().token().isEmpty() ? " (with a token)" : "")
                + " · runs " + d.entrypoint() + " with " + d.environment());
        lines.put("Parameters", d.parameters().isEmpty() ? "none" : d.parameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + " · seed " + d.seed());
        lines.put("Training set", d.inputs() == null ? "—" : d.inputs().groups().stream().map(g -> g.name() + (g.features().isEmpty() ? ""
                : " (" + String.join(", ", g.features()) + ")")).collect(Collectors.joining("; ")) + " · label column " + (d.inputs().label() == null
                ? "label" : d.inputs().label()) + (from.getValue() == null && to.getValue() == null ? "" : " · " + (from.getValue() == null ? "…"
                : from.getValue()) + " to " + (to.getValue() == null ? "…" : to.getValue())));
        lines.put("Size", d.sizeCode() + " · stopped after " + (d.maxRunMinutes() == null ? "—" : TrainingLabels.minutes(d.maxRunMinutes())));
        ScheduleTiming timing = scheduled.getValue() ? when.timing() : null;
        lines.put("Runs", timing == null ? "when you press Run now (or a pipeline calls the API)" : when.inWords() + ", as "
                + CurrentUser.require().username() + "; and when you press Run now");
        lines.forEach((k, v) -> {
            Span key = new Span(k);
            key.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.TextColor.SECONDARY);
            key.setWidth("7rem");
            key.getStyle().set("flex", "none");
            Span value = new Span(v);
            value.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
            HorizontalLayout line = new HorizontalLayout(key, value);
            line.setWidthFull();
            list.add(line);
        });
        return list;
    }

    private void submit() {
        errors[REVIEW].setText("");
        try {
            TrainingJobDraft d = draft();
            if (d.inputs() == null) {
                go(DATA);
                errors[DATA].setText("Pick the feature groups and the data source of the entities query");
                return;
            }
            TrainingJobView saved = editing == null ? training.create(d) : training.update(editing.id(), d, editing.version());
            Notices.success((editing == null ? "Created " : "Saved ") + saved.name());
            UI.getCurrent().navigate(TrainingJobPage.class, new RouteParameters("jobId", saved.id().toString()));
        } catch (InvalidRequestException e) {
            int at = stepOf(e.fieldErrors().keySet());
            go(at);
            errors[at].setText(e.fieldErrors().size() == 1 ? e.fieldErrors().values().iterator().next()
                    : e.getMessage() + ": " + String.join("; ", e.fieldErrors().values()));
            fieldError(e);
        } catch (OptimisticLockingFailureException e) {
            errors[REVIEW].setText("Someone else changed this job meanwhile. Cancel and open it again.");
        } catch (NotFoundException | ForbiddenException e) {
            errors[REVIEW].setText(e.getMessage());
        } finally {
            save.setEnabled(true);
        }
    }

    /** Puts the service's message on the field it names, where the wizard has one. */
    private void fieldError(InvalidRequestException e) {
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("model", model);
        fields.put("description", description);
        fields.put("source.ref", "GIT".equals(kind.getValue()) ? gitRef : "WORKSPACE".equals(kind.getValue()) ? workspace : sample);
        fields.put("source.url", gitUrl);
        fields.put("source.token", gitToken);
        fields.put("source.path", path);
        fields.put("entrypoint", entrypoint);
        fields.put("environment", environment);
        fields.put("parameters", parameters);
        fields.put("seed", seed);
        fields.put("groups", groups);
        fields.put("inputs.groups", groups);
        fields.put("features", features);
        fields.put("entitiesSourceId", source);
        fields.put("inputs.sourceId", source);
        fields.put("sql", sql);
        fields.put("inputs.sql", sql);
        fields.put("label", label);
        fields.put("inputs.label", label);
        fields.put("to", to);
        fields.put("sizeCode", size);
        fields.put("maxRunMinutes", maxRunMinutes);
        e.fieldErrors().forEach((field, message) -> {
            HasValidation f = fields.get(field);
            if (f != null) {
                f.setErrorMessage(message);
                f.setInvalid(true);
            }
        });
    }

    /** The step where a field the service refused is edited. */
    static int stepOf(Collection<String> fields) {
        return fields.stream().mapToInt(f -> {
            if (f.startsWith("source.") || f.equals("entrypoint")) {
                return CODE;
            }
            if (f.startsWith("inputs") || List.of("groups", "features", "sql", "label", "entitiesSourceId", "from", "to").contains(f)) {
                return DATA;
            }
            if (f.startsWith("schedule") || f.equals("sizeCode") || f.equals("maxRunMinutes") || f.equals("cron") || f.equals("zone")) {
                return SIZE;
            }
            return switch (f) {
                case "areaId", "name", "description", "model" -> JOB;
                case "environment", "parameters", "seed", "runner" -> RUN;
                case "budget" -> COST;
                default -> REVIEW;
            };
        }).min().orElse(REVIEW);
    }
}
