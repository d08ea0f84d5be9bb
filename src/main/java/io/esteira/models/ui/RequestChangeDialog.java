package io.esteira.models.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.Environment;
import io.esteira.models.VersionView;
import io.esteira.models.pipeline.ModelPipeline;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.WizardSteps;
import java.time.ZoneId;
import java.util.Locale;

/**
 * "Request approval only" of a version (its change request, without serving it): environment, justification, window and rollback plan. The
 * type of change follows from policy (the model's risk tier and the environment); the evidence pack
 * is assembled from the registry. Opens the change request once it is submitted.
 */
class RequestChangeDialog extends Dialog {

    private final RadioButtonGroup<Environment> environment = new RadioButtonGroup<>("Environment");
    private final Checkbox emergency = new Checkbox("Emergency change (expedited: two reviewers now, a review after implementation)");
    private final TextArea justification = new TextArea("Justification");
    private final DateTimePicker windowStart = new DateTimePicker("Window from (optional)");
    private final DateTimePicker windowEnd = new DateTimePicker("Window until");
    private final TextArea rollback = new TextArea("Rollback plan");
    private final Span error = WizardSteps.errorLine("change-error");

    RequestChangeDialog(ModelPipeline pipeline, VersionView version) {
        setHeaderTitle("Request approval of " + version.model() + " v" + version.number());
        setWidth("min(44rem, 95vw)");
        environment.setId("change-environment");
        environment.setItems(Environment.values());
        environment.setItemLabelGenerator(e -> e.name().charAt(0) + e.name().substring(1).toLowerCase(Locale.ROOT));
        environment.setValue(Environment.STAGING);
        Paragraph policy = new Paragraph();
        policy.setId("change-policy");
        policy.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Runnable explain = () -> policy.setText(emergency.getValue() ? "Emergency: two different reviewers, then a review after implementation."
                : version.riskTier() == 3 && environment.getValue() == Environment.STAGING
                        ? "Tier 3 to staging is a standard change: approved by policy at once."
                        : "Normal change (tier " + version.riskTier() + (environment.getValue() == Environment.PRODUCTION ? ", production" : "")
                                + "): a model-risk reviewer and a governance reviewer approve.");
        environment.addValueChangeListener(e -> explain.run());
        emergency.setId("change-emergency");
        emergency.addValueChangeListener(e -> explain.run());
        explain.run();
        justification.setId("change-justification");
        justification.setWidthFull();
        justification.setHelperText("Why this version, why now: 20 characters or more");
        justification.setMaxLength(4000);
        windowStart.setId("change-window-start");
        windowEnd.setId("change-window-end");
        rollback.setId("change-rollback");
        rollback.setWidthFull();
        rollback.setHelperText("Required for production and emergencies, e.g. \"move the champion alias back to v" 
                + Math.max(1, version.number() - 1) + "\"");
        rollback.setMaxLength(4000);
        FormLayout form = new FormLayout(environment, emergency, policy, justification, windowStart, windowEnd, rollback);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("520px", 2));
        form.setColspan(environment, 2);
        form.setColspan(emergency, 2);
        form.setColspan(policy, 2);
        form.setColspan(justification, 2);
        form.setColspan(rollback, 2);
        add(form, error);

        Button submit = new Button("Submit change request", e -> {
            error.setText("");
            justification.setInvalid(false);
            rollback.setInvalid(false);
            ZoneId zone = ZoneId.systemDefault();
            try {
                ChangeRequestView request = pipeline.requestChange(version.id(), environment.getValue(), emergency.getValue(),
                        justification.getValue(), windowStart.getValue() == null ? null : windowStart.getValue().atZone(zone).toInstant(),
                        windowEnd.getValue() == null ? null : windowEnd.getValue().atZone(zone).toInstant(), rollback.getValue());
                Notices.success("Change request submitted: " + request.type().name().toLowerCase(Locale.ROOT) + ", " + request.stillNeeded());
                close();
                UI.getCurrent().navigate("changes/" + request.id());
            } catch (InvalidRequestException ex) {
                ex.fieldErrors().forEach((field, message) -> {
                    if (field.equals("justification")) {
                        justification.setErrorMessage(message);
                        justification.setInvalid(true);
                    } else if (field.equals("rollbackPlan")) {
                        rollback.setErrorMessage(message);
                        rollback.setInvalid(true);
                    }
                });
                // the fields show their own messages; the line below says what no field shows
                var others = ex.fieldErrors().entrySet().stream().filter(f -> !f.getKey().equals("justification") && !f.getKey().equals("rollbackPlan"))
                        .map(java.util.Map.Entry::getValue).toList();
                error.setText(others.isEmpty() ? "" : String.join("; ", others));
            } catch (NotFoundException | ForbiddenException ex) {
                error.setText(ex.getMessage());
            }
        });
        submit.setId("change-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        getFooter().add(cancel, submit);
    }
}
