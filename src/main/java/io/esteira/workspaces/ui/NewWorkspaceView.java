package io.esteira.workspaces.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.ui.CostQuotePanel;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.WizardFooter;
import io.esteira.shared.ui.WizardSteps;
import io.esteira.workspaces.Pricing;
import io.esteira.workspaces.SizeOption;
import io.esteira.workspaces.TemplateSummary;
import io.esteira.workspaces.WorkspaceRequest;
import io.esteira.workspaces.WorkspaceService;
import io.esteira.workspaces.WorkspaceSummary;
import io.esteira.shared.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The "New workspace" wizard: template, size (with its price and the area's budget), options, review.
 * Each step keeps what was entered when going Back and Next; quotas are checked before submit.
 */
@Route("workspaces/new")
@PageTitle("New workspace · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.ADMIN_NAME})
class NewWorkspaceView extends VerticalLayout {

    private static final List<String> STEPS = List.of("Template", "Size", "Options", "Review");
    private static final Pattern NAME = Pattern.compile(WorkspaceRequest.NAME_PATTERN);

    private final WorkspaceService workspaces;
    private final WizardSteps stepper = new WizardSteps("wizard-steps", STEPS);
    private final Div content = new Div();
    private final Button submit = new Button("Request workspace", VaadinIcon.CHECK.create());
    private WizardFooter footer;
    private int step;

    // step 1
    private final Select<AreaSummary> area = new Select<>();
    private final RadioButtonGroup<TemplateSummary> template = new RadioButtonGroup<>();
    private final Span templateError = WizardSteps.errorLine("template-error");
    // step 2
    private final RadioButtonGroup<SizeOption> size = new RadioButtonGroup<>();
    private final CostQuotePanel pricing = new CostQuotePanel();
    private final Span sizeError = WizardSteps.errorLine("size-error");
    // step 3
    private final TextField name = new TextField("Name");
    private final IntegerField idle = new IntegerField("Stop when idle for (minutes)");
    private final IntegerField lifetime = new IntegerField("Maximum lifetime (hours)");
    private final TextField git = new TextField("Git repository to clone (optional)");
    // step 4
    private final Div review = new Div();
    private final Span submitError = WizardSteps.errorLine("submit-error");

    NewWorkspaceView(WorkspaceService workspaces, AreaService areas, AreaAccess access) {
        this.workspaces = workspaces;
        addClassName("view");
        setId("new-workspace-view");

        List<AreaSummary> mine = areas.myAreas().stream().filter(a -> a.active() && access.canAct(a.id())).toList();
        H1 title = new H1("New workspace");
        if (mine.isEmpty()) {
            add(title, new Paragraph("You cannot start workspaces: you are not a data scientist of any active business area."));
            return;
        }
        area.setId("wizard-area");
        area.setLabel("Business area (pays for it)");
        area.setItems(mine);
        area.setItemLabelGenerator(AreaSummary::name);
        area.setValue(areas.currentArea().flatMap(c -> mine.stream().filter(a -> a.id().equals(c.id())).findFirst()).orElse(mine.getFirst()));
        area.addValueChangeListener(e -> loadTemplates());
        area.setWidth("min(24rem, 100%)");

        template.setId("wizard-template");
        template.setLabel("Template");
        template.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        template.setRenderer(new ComponentRenderer<>(this::templateItem));
        template.setItemEnabledProvider(TemplateSummary::available);
        template.addValueChangeListener(e -> {
            templateError.setText("");
            SizeOption keep = size.getValue();
            List<SizeOption> sizes = e.getValue() == null ? List.of() : e.getValue().sizes();
            size.setItems(sizes);
            if (keep != null && sizes.contains(keep)) {
                size.setValue(keep);
            }
            if (e.getValue() != null && (e.getOldValue() == null || !e.getOldValue().id().equals(e.getValue().id()))) {
                idle.setValue(e.getValue().idleTimeoutMinutes());
                lifetime.setValue(e.getValue().maxLifetimeHours());
                lifetime.setMax(e.getValue().maxLifetimeHours());
                lifetime.setHelperText("At most " + e.getValue().maxLifetimeHours() + " h; you are warned 30 minutes before it stops, and can extend it");
            }
        });

        size.setId("wizard-size");
        size.setLabel("Size");
        size.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        size.setItemLabelGenerator(s -> s.code() + " · " + s.describe());
        size.addValueChangeListener(e -> showPricing());
        pricing.setId("wizard-pricing");

        name.setId("wizard-name");
        name.setHelperText(WorkspaceRequest.NAME_RULE + "; unique in the area");
        name.setWidth("min(24rem, 100%)");
        name.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.ON_BLUR);
        idle.setId("wizard-idle");
        idle.setMin(5);
        idle.setMax(1440);
        idle.setStepButtonsVisible(true);
        idle.setHelperText("5 to 1440; a workspace with a busy kernel is never stopped");
        lifetime.setId("wizard-lifetime");
        lifetime.setMin(1);
        lifetime.setStepButtonsVisible(true);
        git.setId("wizard-git");
        git.setPlaceholder("https://git.bank.example/team/project.git");
        git.setHelperText("Cloned into the workspace at its first start");
        git.setWidth("min(32rem, 100%)");

        content.setWidthFull();
        submit.setId("wizard-submit");
        footer = new WizardFooter("wizard", STEPS.size(), content, submit, this::valid, this::go,
                () -> UI.getCurrent().navigate(WorkspacesView.class), this::submit);

        add(title, stepper, content, footer);
        setMaxWidth("960px");
        loadTemplates();
        go(0);
    }

    private void loadTemplates() {
        TemplateSummary keep = template.getValue();
        List<TemplateSummary> catalogue = workspaces.catalogue(area.getValue().id());
        template.setItems(catalogue);
        if (keep != null) {
            catalogue.stream().filter(t -> t.id().equals(keep.id()) && t.available()).findFirst().ifPresent(template::setValue);
        }
    }

    private Component templateItem(TemplateSummary t) {
        Span title = new Span(t.name());
        title.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        Span where = new Span(" · " + ("local".equals(t.provisioner()) ? "on the portal's machine" : t.provisioner()));
        where.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        Span description = new Span(t.description());
        description.addClassNames(LumoUtility.Display.BLOCK, LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Div item = new Div(title, where, description);
        if (!t.available()) {
            // what to configure is for the platform team (the templates page tells them); a data scientist reads what it means
            Span unavailable = new Span(io.esteira.shared.security.CurrentUser.require().isPlatformAdmin() ? "Unavailable: " + t.availability()
                    : "Unavailable for now: the platform team has not finished setting up where it runs");
            unavailable.addClassNames(LumoUtility.Display.BLOCK, LumoUtility.FontSize.SMALL, LumoUtility.TextColor.ERROR);
            item.add(unavailable);
        }
        return item;
    }

    private void go(int target) {
        step = Math.max(0, Math.min(STEPS.size() - 1, target));
        stepper.show(step);
        content.removeAll();
        switch (step) {
            case 0 -> content.add(new H3("Where and what"), area, template, templateError);
            case 1 -> {
                showPricing();
                content.add(new H3("How big"), size, sizeError, pricing);
            }
            case 2 -> {
                FormLayout form = new FormLayout(name, idle, lifetime, git);
                form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 2));
                form.setColspan(git, 2);
                content.add(new H3("Options"), form);
            }
            default -> {
                fillReview();
                content.add(new H3("Review"), review, submitError);
            }
        }
        footer.at(step);
    }

    private boolean valid(int current) {
        return switch (current) {
            case 0 -> {
                if (template.getValue() == null) {
                    templateError.setText("Pick a template");
                    yield false;
                }
                yield true;
            }
            case 1 -> {
                if (size.getValue() == null) {
                    sizeError.setText("Pick a size");
                    yield false;
                }
                List<String> problems = workspaces.quotaProblems(area.getValue().id(), size.getValue().code());
                sizeError.setText(String.join(" ", problems));
                yield problems.isEmpty();
            }
            case 2 -> validOptions();
            default -> true;
        };
    }

    private boolean validOptions() {
        boolean ok = true;
        String n = name.getValue().strip();
        name.setInvalid(false);
        if (n.isEmpty()) {
            ok = invalid(name, "A name is required");
        } else if (!NAME.matcher(n).matches()) {
            ok = invalid(name, WorkspaceRequest.NAME_RULE);
        } else if (workspaces.nameTaken(area.getValue().id(), n)) {
            ok = invalid(name, "There is already a workspace named " + n + " in this area");
        }
        idle.setInvalid(false);
        if (idle.getValue() == null || idle.getValue() < 5 || idle.getValue() > 1440) {
            ok = invalid(idle, "Between 5 and 1440 minutes");
        }
        lifetime.setInvalid(false);
        int max = template.getValue().maxLifetimeHours();
        if (lifetime.getValue() == null || lifetime.getValue() < 1 || lifetime.getValue() > max) {
            ok = invalid(lifetime, "Between 1 and " + max + " hours for this template");
        }
        git.setInvalid(false);
        Optional<String> gitProblem = workspaces.gitRepositoryProblem(git.getValue());
        if (gitProblem.isPresent()) {
            ok = invalid(git, gitProblem.get());
        }
        return ok;
    }

    private static boolean invalid(com.vaadin.flow.component.HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
        return false;
    }

    private void showPricing() {
        sizeError.setText("");
        if (size.getValue() == null) {
            pricing.showMessage("Pick a size to see what it costs " + area.getValue().name() + ".");
            return;
        }
        try {
            pricing.showRunning(workspaces.quote(area.getValue().id(), size.getValue().code()), area.getValue().name(), "this workspace",
                    "start it");
            List<String> problems = workspaces.quotaProblems(area.getValue().id(), size.getValue().code());
            sizeError.setText(String.join(" ", problems));
        } catch (InvalidRequestException | NotFoundException e) {
            pricing.showMessage("No price available: " + e.getMessage());
        }
    }

    private void fillReview() {
        review.removeAll();
        submitError.setText("");
        review.setId("wizard-review");
        FormLayout summary = new FormLayout();
        summary.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        summary.addFormItem(new Span(area.getValue().name()), "Area");
        summary.addFormItem(new Span(template.getValue().name()), "Template");
        summary.addFormItem(new Span(size.getValue().code() + " · " + size.getValue().describe()), "Size");
        summary.addFormItem(new Span(name.getValue().strip()), "Name");
        summary.addFormItem(new Span("after " + idle.getValue() + " min without activity"), "Idle stop");
        summary.addFormItem(new Span(lifetime.getValue() + " h"), "Maximum lifetime");
        summary.addFormItem(new Span(git.getValue().isBlank() ? "none" : git.getValue().strip()), "Git repository");
        try {
            Pricing p = workspaces.price(area.getValue().id(), size.getValue().code());
            summary.addFormItem(new Span(p.perHour().format(Locale.UK) + " per hour · " + p.perMonth().format(Locale.UK)
                    + " per month if always on · " + p.remaining().format(Locale.UK) + " left of this month's budget after it"), "Cost");
        } catch (InvalidRequestException | NotFoundException e) {
            summary.addFormItem(new Span("no price: " + e.getMessage()), "Cost");
        }
        review.add(summary);
        List<String> problems = workspaces.quotaProblems(area.getValue().id(), size.getValue().code());
        submitError.setText(String.join(" ", problems));
    }

    private void submit() {
        submitError.setText("");
        try {
            WorkspaceSummary created = workspaces.create(new WorkspaceRequest(area.getValue().id(), template.getValue().id(),
                    size.getValue().code(), name.getValue().strip(), idle.getValue(), lifetime.getValue(),
                    git.getValue().isBlank() ? null : git.getValue().strip()));
            Notices.success("Workspace " + created.name() + " requested; it appears as Running when its notebook server answers");
            UI.getCurrent().navigate(WorkspacesView.class);
        } catch (InvalidRequestException e) {
            submitError.setText(e.getMessage());
            Map<String, Integer> stepOf = Map.of("templateId", 0, "sizeCode", 1, "quota", 1, "name", 2,
                    "idleTimeoutMinutes", 2, "maxLifetimeHours", 2, "gitRepository", 2);
            e.fieldErrors().keySet().stream().map(stepOf::get).filter(Objects::nonNull).min(Integer::compare)
                    .filter(s -> s < 3)
                    .ifPresent(s -> {
                        go(s);
                        if (s == 2) {
                            Notices.fieldErrors(e, Map.of("name", name, "idleTimeoutMinutes", idle,
                                    "maxLifetimeHours", lifetime, "gitRepository", git));
                        } else {
                            (s == 0 ? templateError : sizeError).setText(e.getMessage());
                        }
                    });
        }
    }

}
