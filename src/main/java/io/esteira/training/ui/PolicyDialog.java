package io.esteira.training.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.ui.Notices;
import io.esteira.training.Retraining;
import io.esteira.training.RetrainingPolicyDraft;
import io.esteira.training.RetrainingPolicyView;
import io.esteira.training.TrainingJobView;
import io.esteira.training.TrainingService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;

/** Sets or changes a model's retraining policy: the job, the alerts that recommend retraining, how a run starts, the window. */
final class PolicyDialog {

    private PolicyDialog() {
    }

    static final class Form {
        String job;
        boolean onDrift = true;
        boolean onPerformance = true;
        boolean onEstimate;
        boolean automatic;
        Integer windowDays = 90;
        Integer labelDelayHours = 72;
    }

    static void open(Retraining retraining, TrainingService training, UUID modelId, String modelName, UUID areaId, RetrainingPolicyView current,
            Runnable after) {
        Dialog dialog = new Dialog();
        dialog.setId("policy-dialog");
        dialog.setHeaderTitle("Retraining policy of " + modelName);
        dialog.setWidth("min(40rem, 95vw)");
        List<String> jobs = training.jobs(areaId, "", PageRequest.of(0, 200)).stream().filter(j -> j.modelId().equals(modelId))
                .map(TrainingJobView::name).toList();
        ComboBox<String> job = new ComboBox<>("Training job");
        job.setId("policy-job");
        job.setItems(jobs);
        job.setWidthFull();
        job.setHelperText(jobs.isEmpty() ? "The area has no training job for " + modelName + " yet: create one under Training first"
                : "The area's jobs that train " + modelName);
        Checkbox onDrift = new Checkbox("Data drift breached");
        onDrift.setId("policy-on-drift");
        Checkbox onPerformance = new Checkbox("Realised performance below its threshold");
        onPerformance.setId("policy-on-performance");
        Checkbox onEstimate = new Checkbox("Estimated performance below its threshold (before labels)");
        onEstimate.setId("policy-on-estimate");
        Span triggersError = new Span();
        triggersError.setId("policy-triggers-error");
        triggersError.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.FontSize.SMALL);
        RadioButtonGroup<Boolean> start = new RadioButtonGroup<>("When an alert recommends retraining");
        start.setId("policy-start");
        start.setItems(false, true);
        start.setItemLabelGenerator(a -> a ? "Start the run at once (for you, as the policy's owner)" : "Wait for a data scientist to accept");
        IntegerField days = new IntegerField("Training window (days)");
        days.setId("policy-window-days");
        days.setHelperText("The run trains on this many days…");
        IntegerField delay = new IntegerField("Label delay (hours)");
        delay.setId("policy-label-delay");
        delay.setHelperText("…ending this long before the alert, as labels take that long to settle");
        Binder<Form> binder = new Binder<>(Form.class);
        binder.forField(job).asRequired("Pick the training job").bind(f -> f.job, (f, v) -> f.job = v);
        binder.forField(onDrift).bind(f -> f.onDrift, (f, v) -> f.onDrift = v);
        binder.forField(onPerformance).bind(f -> f.onPerformance, (f, v) -> f.onPerformance = v);
        binder.forField(onEstimate).bind(f -> f.onEstimate, (f, v) -> f.onEstimate = v);
        binder.forField(start).asRequired("Pick how a run starts").bind(f -> f.automatic, (f, v) -> f.automatic = v);
        binder.forField(days).asRequired("Give the days").withValidator(v -> v >= 1 && v <= 3650, "1 to 3650 days")
                .bind(f -> f.windowDays, (f, v) -> f.windowDays = v);
        binder.forField(delay).asRequired("Give the hours (0 for none)").withValidator(v -> v >= 0 && v <= 8760, "0 to 8760 hours")
                .bind(f -> f.labelDelayHours, (f, v) -> f.labelDelayHours = v);
        Form form = new Form();
        if (current != null) {
            form.job = current.job();
            form.onDrift = current.onDrift();
            form.onPerformance = current.onPerformance();
            form.onEstimate = current.onEstimate();
            form.automatic = current.automatic();
            form.windowDays = current.windowDays();
            form.labelDelayHours = current.labelDelayHours();
        } else if (jobs.size() == 1) {
            form.job = jobs.getFirst();
        }
        binder.setBean(form);
        Button save = new Button("Save policy", e -> {
            triggersError.setText("");
            boolean invalid = binder.validate().hasErrors();
            if (!form.onDrift && !form.onPerformance && !form.onEstimate) {
                triggersError.setText("Pick at least one kind of alert");
                invalid = true;
            }
            if (invalid) {
                return;
            }
            try {
                retraining.setPolicy(modelId, new RetrainingPolicyDraft(form.job, form.onDrift, form.onPerformance, form.onEstimate,
                        form.automatic, form.windowDays, form.labelDelayHours));
                dialog.close();
                Notices.success("Retraining policy saved");
                after.run();
            } catch (InvalidRequestException ex) {
                if (ex.fieldErrors().containsKey("onDrift")) {
                    triggersError.setText(ex.fieldErrors().get("onDrift"));
                }
                Map<String, HasValidation> fields = Map.of("job", job, "windowDays", days, "labelDelayHours", delay);
                Notices.fieldErrors(ex, fields);
            }
        });
        save.setId("policy-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Paragraph which = new Paragraph("Which alerts of its live releases recommend retraining:");
        which.addClassNames(LumoUtility.Margin.Bottom.NONE);
        com.vaadin.flow.component.formlayout.FormLayout numbers = new com.vaadin.flow.component.formlayout.FormLayout(days, delay);
        numbers.setResponsiveSteps(new com.vaadin.flow.component.formlayout.FormLayout.ResponsiveStep("0", 1),
                new com.vaadin.flow.component.formlayout.FormLayout.ResponsiveStep("28rem", 2));
        dialog.add(job, which, onDrift, onPerformance, onEstimate, triggersError, start, numbers);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }
}
