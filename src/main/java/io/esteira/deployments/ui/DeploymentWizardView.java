package io.esteira.deployments.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.BrowserZone;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.changes.ChangePolicy;
import io.esteira.changes.Environment;
import io.esteira.deployments.BatchSpec;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.DeploymentWords;
import io.esteira.deployments.Rollout;
import io.esteira.deployments.ServingMode;
import io.esteira.features.DataSourceService;
import io.esteira.features.DataSourceSummary;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupSummary;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.ScheduleTiming;
import io.esteira.scheduling.ui.ScheduleStep;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.WizardFooter;
import io.esteira.shared.ui.WizardSteps;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;

/**
 * "Deploy" a model version in five steps: the endpoint (name, environment, target), how it is used
 * (online sync, online async, or batch with its input, output table and schedule), resources and
 * rollout (all at once, or a canary beside the live release), the change window and rollback plan,
 * and review. Submitting stores the release PENDING_APPROVAL and submits its change request; a
 * refusal of the service sends the wizard back to the step of the field it names.
 */
@Route("deployments/new")
@PageTitle("Deploy · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.ADMIN_NAME})
class DeploymentWizardView extends VerticalLayout implements BeforeEnterObserver {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeploymentWizardView.class);
    private static final List<String> STEPS = List.of("Endpoint", "Mode", "Resources & rollout", "Window & rollback", "Review");
    private static final String NAME_RULE = "3 to 63 lower-case letters, digits and -, starting with a letter and not ending with -";
    private static final String KUBERNETES = "kubernetes";

    /** What the form edits; the draft is made from it on submit. */
    static final class Form {
        String name = "";
        Environment environment = Environment.STAGING;
        String target;
        ServingMode mode = ServingMode.ONLINE_SYNC;
        BatchSpec.Input input = BatchSpec.Input.FEATURE_GROUP;
        String featureGroup;
        DataSourceSummary source;
        String sql = "";
        String outputTable = "";
        Integer replicas = 1;
        String cpu = "";
        String memory = "";
        Rollout rollout = Rollout.ALL_AT_ONCE;
        Integer canaryPercent = 10;
        LocalDateTime windowStart;
        LocalDateTime windowEnd;
        String rollbackPlan = "";
        String justification = "";
        Integer logSamplePercent = 100;
    }

    private final DeploymentService deployments;
    private final ModelRegistry registry;
    private final AreaService areas;
    private final AreaAccess access;
    private final Form form = new Form();
    private final Binder<Form> binder = new Binder<>();
    private final WizardSteps stepper = new WizardSteps("deployment-steps", STEPS);
    private final Div content = new Div();
    private final H1 title = new H1("Deploy");
    private final Paragraph subject = new Paragraph();
    private WizardFooter footer;
    private final Button submit = new Button("Submit for approval", VaadinIcon.CHECK.create());
    private final Span[] errors = new Span[STEPS.size()];
    private int step;
    private VersionView version;
    private ZoneId zone = ZoneId.of("UTC");
    /** The endpoint's releases when the name is in use in the version's area (a new release of it). */
    private List<DeploymentView> endpoint = List.of();
    private boolean nameEdited;
    private String areaCode = "<code>";

    // 1 · endpoint
    private final TextField name = new TextField("Deployment name");
    private final Span endpointNote = new Span();
    private final RadioButtonGroup<Environment> environment = new RadioButtonGroup<>("Environment");
    private final Select<String> target = new Select<>();
    // 2 · mode
    private final RadioButtonGroup<ServingMode> mode = new RadioButtonGroup<>("How it is used");
    private final RadioButtonGroup<BatchSpec.Input> input = new RadioButtonGroup<>("Input");
    private final ComboBox<String> featureGroup = new ComboBox<>("Feature group");
    private final Select<DataSourceSummary> source = new Select<>();
    private final TextArea sql = new TextArea("Query");
    private final TextField outputTable = new TextField("Output table");
    private final ScheduleStep schedule;
    // 3 · resources and rollout
    private final IntegerField replicas = new IntegerField("Replicas");
    private final TextField cpu = new TextField("CPU");
    private final TextField memory = new TextField("Memory");
    private final Span price = new Span();
    private final RadioButtonGroup<Rollout> rollout = new RadioButtonGroup<>("Rollout");
    private final IntegerField canaryPercent = new IntegerField("Canary's share (%)");
    // 4 · window and rollback
    private final DateTimePicker windowStart = new DateTimePicker();
    private final DateTimePicker windowEnd = new DateTimePicker();
    private final TextArea rollbackPlan = new TextArea("Rollback plan");
    private final TextArea justification = new TextArea("Justification");
    private final IntegerField logSamplePercent = new IntegerField("Prediction log sample (%)");
    private final Paragraph policy = new Paragraph();
    private final Clock clock;

    DeploymentWizardView(DeploymentService deployments, ModelRegistry registry, AreaService areas, AreaAccess access,
            FeatureGroupService features, DataSourceService sources, Clock clock) {
        this.clock = clock;
        this.deployments = deployments;
        this.registry = registry;
        this.areas = areas;
        this.access = access;
        addClassName("view");
        setId("deployment-wizard");
        setMaxWidth("1100px");
        for (int i = 0; i < errors.length; i++) {
            errors[i] = WizardSteps.errorLine("deployment-error-" + i);
        }
        schedule = new ScheduleStep("batch", errors[1], clock);
        subject.setId("deployment-subject");
        subject.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Top.NONE);

        name.setId("deployment-name");
        name.setHelperText("Its address: /api/v1/serving/<name>. A name in use is a new release of that deployment.");
        name.setMaxLength(63);
        name.setWidthFull();
        name.setValueChangeMode(ValueChangeMode.LAZY);
        name.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                nameEdited = true;
            }
            readEndpoint();
        });
        endpointNote.setId("deployment-endpoint-note");
        endpointNote.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
        environment.setId("deployment-environment");
        environment.setItems(Environment.values());
        environment.setItemLabelGenerator(e -> e == Environment.STAGING ? "Staging" : "Production");
        environment.addValueChangeListener(e -> {
            if (!nameEdited && version != null) {
                name.setValue(suggestedName(version.model(), e.getValue()));
            }
            explainPolicy();
        });
        target.setId("deployment-target");
        target.setLabel("Target");
        target.setItems(deployments.targets());
        target.setItemLabelGenerator(DeploymentWords::target);
        target.addValueChangeListener(e -> showStep());
        binder.forField(name).asRequired("Name the deployment").withValidator(v -> v.strip().matches("[a-z][a-z0-9-]{1,61}[a-z0-9]"),
                "Not a valid name: " + NAME_RULE).bind(f -> f.name, (f, v) -> f.name = v.strip());
        binder.forField(environment).asRequired("Pick an environment").bind(f -> f.environment, (f, v) -> f.environment = v);
        binder.forField(target).asRequired("Pick a target").bind(f -> f.target, (f, v) -> f.target = v);

        mode.setId("deployment-mode");
        mode.setItems(ServingMode.values());
        mode.setItemLabelGenerator(m -> switch (m) {
            case ONLINE_SYNC -> "Online, synchronous: applications call it and get the scores in the answer";
            case ONLINE_ASYNC -> "Online, asynchronous: calls are queued and answered later (a request id, an optional callback)";
            case BATCH -> "Batch: a table is scored on a schedule and the scores written to an output table";
        });
        mode.addValueChangeListener(e -> showStep());
        input.setId("batch-input");
        input.setItems(BatchSpec.Input.values());
        input.setItemLabelGenerator(i -> i == BatchSpec.Input.FEATURE_GROUP ? "A feature group's published version" : "A query on a data source");
        input.addValueChangeListener(e -> showStep());
        featureGroup.setId("batch-feature-group");
        featureGroup.setItems(q -> features.catalog(q.getFilter().orElse(""), null, PageRequest.of(q.getPage(), q.getPageSize())).stream()
                .filter(g -> g.publishedVersion() != null).map(FeatureGroupSummary::name));
        featureGroup.setHelperText("Its published version is scored at each run");
        featureGroup.setWidth("min(32rem, 100%)");
        source.setId("batch-source");
        source.setLabel("Data source");
        source.setItems(sources.list("", PageRequest.of(0, 200)).getContent());
        source.setItemLabelGenerator(s -> s.name() + " · " + s.classification().name());
        sql.setId("batch-sql");
        sql.setWidthFull();
        sql.setMinHeight("8rem");
        sql.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        sql.setHelperText("One SELECT returning the model's inputs; ${run_date} and ${run_ts} are bound per run");
        sql.setMaxLength(20_000);
        outputTable.setId("batch-output-table");
        outputTable.setMaxLength(63);
        outputTable.setWidth("min(32rem, 100%)");
        outputTable.setHelperText("Replaced by each run: the input's rows with the model's outputs");
        binder.forField(mode).asRequired("Pick how it is used").bind(f -> f.mode, (f, v) -> f.mode = v);
        binder.forField(input).bind(f -> f.input, (f, v) -> f.input = v);
        binder.forField(featureGroup).withValidator(v -> !batch() || input.getValue() != BatchSpec.Input.FEATURE_GROUP || v != null,
                "Pick the feature group to score").bind(f -> f.featureGroup, (f, v) -> f.featureGroup = v);
        binder.forField(source).withValidator(v -> !batch() || input.getValue() != BatchSpec.Input.QUERY || v != null, "Pick the data source")
                .bind(f -> f.source, (f, v) -> f.source = v);
        binder.forField(sql).withValidator(v -> !batch() || input.getValue() != BatchSpec.Input.QUERY || (v != null && !v.isBlank()),
                "Write the query").bind(f -> f.sql, (f, v) -> f.sql = v);
        binder.forField(outputTable).withValidator(v -> !batch() || (v != null && v.matches("[a-z][a-z0-9_]{0,62}")),
                "A table name: lower-case letters, digits and '_', starting with a letter").bind(f -> f.outputTable, (f, v) -> f.outputTable = v);

        replicas.setId("deployment-replicas");
        price.setId("deployment-price");
        price.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
        replicas.addValueChangeListener(e -> showPrice());
        cpu.addValueChangeListener(e -> showPrice());
        memory.addValueChangeListener(e -> showPrice());
        replicas.setStepButtonsVisible(true);
        replicas.setMin(1);
        replicas.setMax(20);
        cpu.setId("deployment-cpu");
        cpu.setHelperText("Kubernetes quantity, e.g. 500m or 2 (empty: the target's default)");
        memory.setId("deployment-memory");
        memory.setHelperText("e.g. 512Mi or 2Gi (empty: the target's default)");
        rollout.setId("deployment-rollout");
        rollout.setItems(Rollout.ALL_AT_ONCE, Rollout.CANARY, Rollout.SHADOW);
        rollout.setItemLabelGenerator(r -> switch (r) {
            case CANARY -> "Canary: it takes a share of the calls beside the live release, until promoted or rolled back";
            case SHADOW -> "Shadow: it scores a mirror of the live release's calls and answers none; compared with the live answers";
            default -> "All at once: it takes every call when it goes live";
        });
        rollout.addValueChangeListener(e -> showStep());
        canaryPercent.setId("deployment-canary-percent");
        canaryPercent.setMin(1);
        canaryPercent.setMax(99);
        canaryPercent.setStepButtonsVisible(true);
        canaryPercent.setHelperText("Of the calls, 1 to 99; the live release answers the rest");
        canaryPercent.setWidth("min(20rem, 100%)");
        binder.forField(replicas).asRequired("Give the replicas").withValidator(v -> v >= 1 && v <= 20, "1 to 20 replicas")
                .bind(f -> f.replicas, (f, v) -> f.replicas = v);
        binder.forField(cpu).withValidator(v -> !kubernetes() || v == null || v.isBlank() || v.strip().matches("[0-9]+(\\.[0-9]+)?m?"),
                "CPU like 500m or 2").bind(f -> f.cpu, (f, v) -> f.cpu = v);
        binder.forField(memory).withValidator(v -> !kubernetes() || v == null || v.isBlank() || v.strip().matches("[0-9]+(Mi|Gi)"),
                "Memory like 512Mi or 2Gi").bind(f -> f.memory, (f, v) -> f.memory = v);
        binder.forField(rollout).asRequired("Pick a rollout").bind(f -> f.rollout, (f, v) -> f.rollout = v);
        binder.forField(canaryPercent).withValidator(v -> rollout.getValue() != Rollout.CANARY || (v != null && v >= 1 && v <= 99),
                "A canary takes 1 to 99 percent of the calls").bind(f -> f.canaryPercent, (f, v) -> f.canaryPercent = v);

        windowStart.setId("deployment-window-start");
        windowEnd.setId("deployment-window-end");
        rollbackPlan.setId("deployment-rollback");
        rollbackPlan.setWidthFull();
        rollbackPlan.setMaxLength(4000);
        rollbackPlan.setValueChangeMode(ValueChangeMode.LAZY);
        justification.setId("deployment-justification");
        justification.setWidthFull();
        justification.setMaxLength(4000);
        justification.setValueChangeMode(ValueChangeMode.LAZY);
        justification.setHelperText("Why this version, why now: 20 characters or more. Reviewers read it with the evidence.");
        logSamplePercent.setId("deployment-log-sample");
        logSamplePercent.setMin(0);
        logSamplePercent.setMax(100);
        logSamplePercent.setHelperText("Every call is counted; this share is kept with its inputs and outputs for monitoring");
        policy.setId("deployment-policy");
        policy.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        binder.forField(windowStart).bind(f -> f.windowStart, (f, v) -> f.windowStart = v);
        binder.forField(windowEnd).withValidator(v -> v == null || windowStart.getValue() == null || v.isAfter(windowStart.getValue()),
                "The window ends after it starts").bind(f -> f.windowEnd, (f, v) -> f.windowEnd = v);
        binder.forField(rollbackPlan).withValidator(v -> environment.getValue() != Environment.PRODUCTION || (v != null && !v.isBlank()),
                "A production deployment needs a rollback plan").bind(f -> f.rollbackPlan, (f, v) -> f.rollbackPlan = v);
        binder.forField(justification).asRequired("Say why this deployment is needed")
                .withValidator(v -> v.strip().length() >= 20, "Between 20 and 4,000 characters")
                .bind(f -> f.justification, (f, v) -> f.justification = v);
        binder.forField(logSamplePercent).asRequired("0 to 100").withValidator(v -> v >= 0 && v <= 100, "0 to 100")
                .bind(f -> f.logSamplePercent, (f, v) -> f.logSamplePercent = v);

        form.target = deployments.targets().getFirst();
        binder.readBean(form);

        content.setWidthFull();
        submit.setId("deployment-submit");
        footer = new WizardFooter("deployment", STEPS.size(), submit, this::valid, this::go,
                () -> UI.getCurrent().getPage().getHistory().back(), this::submit);
        add(title, subject, stepper, content, footer);
        addAttachListener(e -> {
            zone = BrowserZone.of(e.getUI());
            if (step == 3) {
                showStep();
            }
        });
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String wanted = event.getLocation().getQueryParameters().getParameters().getOrDefault("version", List.of()).stream().findFirst()
                .orElse("");
        try {
            version = registry.versionById(UUID.fromString(wanted));
        } catch (IllegalArgumentException | NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such model version, or it is not yours to see.");
            return;
        }
        title.setText("Deploy " + version.model() + " v" + version.number());
        String area = areas.names().getOrDefault(version.areaId(), "");
        subject.setText(area + " · risk tier " + version.riskTier() + " · " + switch (version.gates()) {
            case "PASSED" -> "every quality gate passed";
            case "FAILED" -> "a quality gate failed: it cannot be deployed";
            default -> "quality gates " + version.gates().toLowerCase(Locale.ROOT);
        });
        try {
            areaCode = areas.get(version.areaId()).code().toLowerCase(Locale.ROOT);
        } catch (NotFoundException e) {
            areaCode = "<code>";
        }
        if (!access.canAct(version.areaId())) {
            errors[0].setText("Only data scientists of " + area + " deploy its models.");
        }
        form.name = suggestedName(version.model(), form.environment);
        binder.readBean(form);
        explainPolicy();
        go(0);
    }

    /** {@code <model>-<environment>}, made URL-safe. */
    static String suggestedName(String model, Environment environment) {
        String base = model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-").replaceAll("^[^a-z]+|-+$", "");
        String suffix = "-" + environment.name().toLowerCase(Locale.ROOT);
        if (base.isEmpty()) {
            base = "model";
        }
        return (base.length() + suffix.length() > 63 ? base.substring(0, 63 - suffix.length()).replaceAll("-+$", "") : base) + suffix;
    }

    private boolean batch() {
        return mode.getValue() == ServingMode.BATCH;
    }

    /** The replicas' price by the function that bills them, and the budget left after them (batch releases cost by their runs). */
    private String priceText() {
        if (batch()) {
            return "by its runs: one query slot while each run runs";
        }
        try {
            int n = replicas.getValue() == null || replicas.getValue() < 1 ? 1 : replicas.getValue();
            io.esteira.costs.CostQuote q = deployments.price(version.areaId(), target.getValue(), new DeploymentDraft.Resources(n,
                    kubernetes() ? blankToNull(cpu.getValue()) : null, kubernetes() ? blankToNull(memory.getValue()) : null));
            java.util.Currency c = java.util.Currency.getInstance(q.currency());
            String text = money(q.hourly(), c) + " per hour · " + money(q.monthly(), c) + " per month if always on · " + money(q.remaining(), c)
                    + " left of this month's " + money(q.budget(), c) + " budget after it";
            if (q.overBudget()) {
                text += q.policy() == io.esteira.costs.BudgetPolicy.REFUSE
                        ? " — over the budget: the area refuses requests over budget, ask a manager to raise it"
                        : " — over the budget: it can still be requested, and the area's managers are told";
            }
            return text;
        } catch (InvalidRequestException | NotFoundException e) {
            return "no price: " + e.getMessage();
        }
    }

    private static String money(java.math.BigDecimal amount, java.util.Currency currency) {
        return new io.esteira.shared.Money(amount.setScale(2, java.math.RoundingMode.HALF_EVEN), currency).format(Locale.UK);
    }

    private void showPrice() {
        if (version != null && target.getValue() != null) {
            price.setText("Cost: " + priceText());
        }
    }

    private boolean kubernetes() {
        return KUBERNETES.equals(target.getValue());
    }

    private boolean endpointLive() {
        return endpoint.stream().anyMatch(DeploymentView::live);
    }

    /** Whether the name is a deployment of the version's area already: then this is a new release of it. */
    private void readEndpoint() {
        endpoint = List.of();
        String n = name.getValue() == null ? "" : name.getValue().strip();
        if (version != null && n.matches("[a-z][a-z0-9-]{1,61}[a-z0-9]")) {
            try {
                endpoint = deployments.releases(n, version.areaId());
            } catch (NotFoundException | InvalidRequestException e) {
                log.debug("No releases of {} readable here: {}", n, e.getMessage()); // a new name, or another area's
                endpoint = List.of();
            }
        }
        if (endpoint.isEmpty()) {
            endpointNote.setText(n.matches("[a-z][a-z0-9-]{1,61}[a-z0-9]") ? "A new deployment: its endpoint will be /api/v1/serving/" + n + "." : "");
        } else {
            List<String> live = endpoint.stream().filter(DeploymentView::live).map(d -> "v" + d.modelVersion()).toList();
            DeploymentView first = endpoint.getLast();
            endpointNote.setText("A new release of " + n + " (" + first.environment().name().toLowerCase(Locale.ROOT) + ", "
                    + DeploymentWords.modeShort(first.mode()).toLowerCase(Locale.ROOT) + ", " + first.target() + "): "
                    + (live.isEmpty() ? "nothing live now." : String.join(" and ", live) + " live now."));
        }
        if ((rollout.getValue() == Rollout.CANARY || rollout.getValue() == Rollout.SHADOW) && !endpointLive()) {
            rollout.setValue(Rollout.ALL_AT_ONCE);
        }
    }

    private void explainPolicy() {
        if (version == null || environment.getValue() == null) {
            return;
        }
        ChangePolicy.Classification c = ChangePolicy.classify(version.riskTier(), environment.getValue(), false);
        policy.setText("Approval: " + c.reason() + ".");
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
                FormLayout layout = twoColumns(name, endpointNote, environment, target);
                layout.setColspan(name, 2);
                layout.setColspan(endpointNote, 2);
                content.add(new H3("The endpoint"), layout, errors[0]);
            }
            case 1 -> {
                VerticalLayout how = new VerticalLayout(mode);
                how.setPadding(false);
                if (batch()) {
                    how.add(input);
                    if (input.getValue() == BatchSpec.Input.QUERY) {
                        how.add(source, sql);
                    } else {
                        how.add(featureGroup);
                    }
                    outputTable.setPrefixComponent(new Span("area_" + areaCode() + "."));
                    how.add(outputTable, new H3("When it runs"), schedule);
                }
                content.add(new H3("How it is used"), how, errors[1]);
            }
            case 2 -> {
                FormLayout resources = twoColumns(replicas);
                if (kubernetes()) {
                    resources.add(cpu, memory);
                } else {
                    Span note = new Span("The " + target.getValue() + " target runs in the portal's own processes: CPU and memory are the "
                            + "portal's, so only replicas apply.");
                    note.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
                    resources.add(note);
                }
                VerticalLayout rolloutBox = new VerticalLayout(rollout);
                rolloutBox.setPadding(false);
                readEndpoint(); // its releases may have gone live (or been retired) since the name was typed
                boolean canaryOffered = endpointLive();
                boolean shadowOffered = canaryOffered && mode.getValue() == ServingMode.ONLINE_SYNC && !kubernetes();
                rollout.setItemEnabledProvider(r -> r == Rollout.ALL_AT_ONCE || (r == Rollout.CANARY ? canaryOffered : shadowOffered));
                if (!canaryOffered) {
                    rollout.setHelperText("A canary or a shadow needs a live release of the deployment to split or mirror the calls of; "
                            + (name.getValue().isBlank() ? "this one" : name.getValue()) + " has none.");
                } else if (!shadowOffered) {
                    rollout.setHelperText("A shadow mirrors the calls the portal answers online (online sync on the embedded target).");
                } else {
                    rollout.setHelperText(null);
                }
                if (rollout.getValue() == Rollout.CANARY) {
                    rolloutBox.add(canaryPercent);
                }
                showPrice();
                content.add(new H3("Resources"), resources, price, new H3("Rollout"), rolloutBox, errors[2]);
            }
            case 3 -> {
                windowStart.setLabel("Window from (" + zone.getId() + ", optional)");
                windowEnd.setLabel("Window until (" + zone.getId() + ", optional)");
                rollbackPlan.setHelperText(environment.getValue() == Environment.PRODUCTION
                        ? "Required for production: e.g. \"roll back to the previous version in the portal\""
                        : "Optional for staging");
                FormLayout layout = twoColumns(windowStart, windowEnd, justification, rollbackPlan, logSamplePercent, policy);
                layout.setColspan(justification, 2);
                layout.setColspan(rollbackPlan, 2);
                layout.setColspan(policy, 2);
                Span windowHelp = new Span("Nothing deploys before the change is approved, nor outside its window.");
                windowHelp.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
                content.add(new H3("Change window and rollback"), windowHelp, layout, errors[3]);
            }
            default -> content.add(new H3("Review"), review(), errors[4]);
        }
    }

    private String areaCode() {
        return areaCode;
    }

    private static FormLayout twoColumns(Component... fields) {
        FormLayout layout = new FormLayout(fields);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 2));
        return layout;
    }

    private boolean valid(int current) {
        errors[current].setText("");
        List<Component> fields = switch (current) {
            case 0 -> List.of(name, environment, target);
            case 1 -> List.of(mode, featureGroup, source, sql, outputTable);
            case 2 -> List.of(replicas, cpu, memory, rollout, canaryPercent);
            case 3 -> List.of(windowStart, windowEnd, rollbackPlan, justification, logSamplePercent);
            default -> List.of();
        };
        boolean ok = binder.validate().getFieldValidationErrors().stream().noneMatch(e -> fields.contains(e.getField()));
        if (ok && current == 1 && batch()) {
            ok = schedule.timing() != null;
        }
        if (ok) {
            binder.writeBeanAsDraft(form, true);
        }
        return ok;
    }

    private DeploymentDraft draft() {
        binder.writeBeanAsDraft(form, true);
        BatchSpec batch = null;
        if (form.mode == ServingMode.BATCH) {
            ScheduleTiming timing = schedule.timing();
            BusinessCalendar days = schedule.calendar();
            boolean query = form.input == BatchSpec.Input.QUERY;
            batch = new BatchSpec(form.input, query ? null : form.featureGroup, query && form.source != null ? form.source.id() : null,
                    query ? form.sql : null, form.outputTable, timing == null ? null : timing.cron(), timing == null ? schedule.zone() : timing.zone(),
                    days == null || days == BusinessCalendar.NONE ? null : days.name());
        }
        boolean canary = form.rollout == Rollout.CANARY;
        DeploymentDraft.Resources resources = new DeploymentDraft.Resources(form.replicas == null ? 1 : form.replicas,
                kubernetes() ? blankToNull(form.cpu) : null, kubernetes() ? blankToNull(form.memory) : null);
        return new DeploymentDraft(version.id(), form.name, form.environment, form.mode, form.target, form.rollout,
                canary ? form.canaryPercent : null, resources, instant(form.windowStart), instant(form.windowEnd), form.logSamplePercent, batch,
                form.justification, blankToNull(form.rollbackPlan));
    }

    private Instant instant(LocalDateTime local) {
        return local == null ? null : local.atZone(zone).toInstant();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private Component review() {
        DeploymentDraft d = draft();
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Model version", version.model() + " v" + version.number());
        lines.put("Name", d.name() + (endpoint.isEmpty() ? " (a new deployment)" : " (a new release of it)"));
        lines.put("Environment", d.environment().name().toLowerCase(Locale.ROOT));
        lines.put("Target", DeploymentWords.target(d.target()));
        lines.put("Mode", DeploymentWords.mode(d.modeOrDefault(), d.name()));
        if (d.batch() != null) {
            BatchSpec b = d.batch();
            lines.put("Input", b.input() == BatchSpec.Input.QUERY ? (form.source == null ? "—" : form.source.name()) + ": " + b.sql()
                    : "feature group " + b.featureGroup() + " (published version)");
            lines.put("Output", "area_" + areaCode() + "." + b.outputTable());
            String when = schedule.inWords();
            lines.put("Schedule", when == null ? "—" : when);
        }
        lines.put("Resources", DeploymentWords.resources(d.resourcesOrDefault().replicas(), d.resourcesOrDefault().cpu(), d.resourcesOrDefault().memory()));
        lines.put("Cost", priceText());
        lines.put("Rollout", DeploymentWords.rollout(d.rolloutOrDefault(), d.canaryPercent()));
        lines.put("Change window", d.windowStart() == null && d.windowEnd() == null ? "none: as soon as approved"
                : (d.windowStart() == null ? "as soon as approved" : "from " + Formats.dateTime(d.windowStart(), zone))
                        + (d.windowEnd() == null ? "" : " until " + Formats.dateTime(d.windowEnd(), zone)) + " (" + zone.getId() + ")");
        lines.put("Prediction log", d.logSamplePercent() == null || d.logSamplePercent() == 100 ? "every call with its inputs and outputs"
                : "every call counted; inputs and outputs of " + d.logSamplePercent() + "% of calls");
        lines.put("Justification", d.justification());
        lines.put("Rollback plan", d.rollbackPlan() == null ? "—" : d.rollbackPlan());
        lines.put("Change", policy.getText());
        return ReleasePage.keyValues("deployment-review", lines);
    }

    private void submit() {
        errors[4].setText("");
        try {
            DeploymentView created = deployments.request(draft());
            Notices.success("Requested " + created.name() + " (" + created.model() + " v" + created.modelVersion() + "): its change request "
                    + "is submitted");
            UI.getCurrent().navigate("deployments/" + created.id());
        } catch (InvalidRequestException e) {
            int at = stepOf(e.fieldErrors().isEmpty() ? List.of() : e.fieldErrors().keySet());
            go(at);
            Map<String, HasValidation> known = fieldsByName();
            List<String> elsewhere = new java.util.ArrayList<>();
            e.fieldErrors().forEach((field, message) -> {
                HasValidation f = known.get(field);
                if (f != null) {
                    f.setErrorMessage(message);
                    f.setInvalid(true);
                } else {
                    elsewhere.add(message);
                }
            });
            errors[at].setText(e.fieldErrors().isEmpty() ? e.getMessage() : String.join("; ", elsewhere));
        } catch (NotFoundException | ForbiddenException e) {
            errors[4].setText(e.getMessage());
        } finally {
            submit.setEnabled(true);
        }
    }

    private Map<String, HasValidation> fieldsByName() {
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("environment", environment);
        fields.put("target", target);
        fields.put("mode", mode);
        fields.put("batch.featureGroup", featureGroup);
        fields.put("batch.sourceId", source);
        fields.put("batch.sql", sql);
        fields.put("batch.outputTable", outputTable);
        fields.put("resources.replicas", replicas);
        fields.put("resources.cpu", cpu);
        fields.put("resources.memory", memory);
        fields.put("rollout", rollout);
        fields.put("canaryPercent", canaryPercent);
        fields.put("windowStart", windowStart);
        fields.put("windowEnd", windowEnd);
        fields.put("rollbackPlan", rollbackPlan);
        fields.put("justification", justification);
        fields.put("logSamplePercent", logSamplePercent);
        return fields;
    }

    /** The step where a field the service refused is edited. */
    static int stepOf(Collection<String> fields) {
        return fields.stream().mapToInt(f -> {
            if (f.startsWith("batch")) {
                return 1;
            }
            if (f.startsWith("resources")) {
                return 2;
            }
            return switch (f) {
                case "versionId", "name", "environment", "target", "area" -> 0;
                case "mode" -> 1;
                case "rollout", "canaryPercent" -> 2;
                case "windowStart", "windowEnd", "window", "rollbackPlan", "justification", "logSamplePercent" -> 3;
                default -> 4;
            };
        }).min().orElse(4);
    }
}
