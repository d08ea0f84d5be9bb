package io.esteira.workspaces.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.data.binder.Binder;
import io.esteira.areas.AreaService.AreaRef;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.ui.Notices;
import io.esteira.workspaces.QuotaLimits;
import io.esteira.workspaces.WorkspaceAdministration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dialog in which an administrator changes one area's workspace quotas. */
class QuotaEditor extends Dialog {

    /** The six limits in QuotaLimits' order: record component, label, field id and the largest value allowed. */
    private record Limit(String component, String label, String id, int max) {
    }

    private static final Limit[] LIMITS = {
        new Limit("areaWorkspaces", "Workspaces per area", "quota-area-workspaces", 10_000),
        new Limit("areaVcpu", "vCPU per area", "quota-area-vcpu", 100_000),
        new Limit("areaGpus", "GPUs per area", "quota-area-gpus", 1_000),
        new Limit("userWorkspaces", "Workspaces per person", "quota-user-workspaces", 1_000),
        new Limit("userVcpu", "vCPU per person", "quota-user-vcpu", 10_000),
        new Limit("userGpus", "GPUs per person", "quota-user-gpus", 100),
    };

    QuotaEditor(WorkspaceAdministration admin, AreaRef area, QuotaLimits current, Runnable onSaved) {
        setHeaderTitle("Quotas of " + area.name());
        setId("quota-dialog");
        setWidth("min(560px, 95vw)");

        // the bean is the six values, in LIMITS' order
        Binder<int[]> binder = new Binder<>();
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("400px", 2));
        for (int i = 0; i < LIMITS.length; i++) {
            Limit limit = LIMITS[i];
            int index = i;
            IntegerField field = new IntegerField(limit.label());
            field.setId(limit.id());
            field.setMin(0);
            field.setMax(limit.max());
            field.setStepButtonsVisible(true);
            field.setI18n(new IntegerField.IntegerFieldI18n().setMinErrorMessage("Cannot be negative")
                    .setMaxErrorMessage("At most " + limit.max()).setBadInputErrorMessage("Enter a whole number")
                    .setRequiredErrorMessage("A value is required"));
            binder.forField(field).asRequired("A value is required")
                    .withValidator(v -> v >= 0, "Cannot be negative")
                    .withValidator(v -> v <= limit.max(), "At most " + limit.max())
                    .bind(values -> values[index], (values, v) -> values[index] = v);
            fields.put(limit.component(), field);
            form.add(field);
        }
        binder.setBean(new int[] {current.areaWorkspaces(), current.areaVcpu(), current.areaGpus(),
            current.userWorkspaces(), current.userVcpu(), current.userGpus()});
        add(form);

        Button save = new Button("Save", e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            int[] v = binder.getBean();
            try {
                admin.updateQuota(new QuotaLimits(area.id(), v[0], v[1], v[2], v[3], v[4], v[5]));
                Notices.success("Quotas of " + area.code() + " saved");
                close();
                onSaved.run();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, fields);
            }
        });
        save.setId("save-quota");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, save);
    }
}
