package io.esteira.models.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationResult;
import io.esteira.areas.AreaSummary;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.Threshold;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.ui.Notices;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** "New model": name, use case, description, risk tier, owner and metric thresholds, one per line. */
class NewModelDialog extends Dialog {

    /** What the form edits. */
    static final class Form {
        String name = "";
        String useCase = "";
        String description = "";
        Integer riskTier = 2;
        String owner = "";
        String thresholds = "auc >= 0.70";
    }

    NewModelDialog(ModelRegistry registry, AreaSummary area, Consumer<ModelView> created) {
        setId("new-model-dialog");
        setHeaderTitle("New model in " + area.name());
        setWidth("min(640px, 95vw)");

        TextField name = new TextField("Name");
        name.setId("model-name");
        name.setHelperText("Used in addresses and by pipelines: lower-case letters, digits, - and _");
        name.setMaxLength(80);
        TextField useCase = new TextField("Use case");
        useCase.setId("model-use-case");
        useCase.setMaxLength(200);
        TextArea description = new TextArea("Description");
        description.setId("model-description");
        description.setMaxLength(2000);
        RadioButtonGroup<Integer> tier = new RadioButtonGroup<>("Risk tier");
        tier.setId("model-risk-tier");
        tier.setItems(1, 2, 3);
        tier.setItemLabelGenerator(t -> switch (t) {
            case 1 -> "1 · highest risk";
            case 2 -> "2 · medium";
            default -> "3 · lowest";
        });
        tier.setHelperText("Model-risk management tier: it decides which approvals a deployment needs");
        TextField owner = new TextField("Owner");
        owner.setId("model-owner");
        owner.setHelperText("A user name; empty: you");
        TextArea thresholds = new TextArea("Metric thresholds");
        thresholds.setId("model-thresholds");
        thresholds.setHelperText("One per line, e.g. auc >= 0.70 or log_loss <= 0.5; a version that misses one fails its gates");

        Binder<Form> binder = new Binder<>();
        binder.forField(name).asRequired("Name the model")
                .withValidator(v -> v.matches(ModelDraft.NAME), "Lower-case letters, digits, - and _, starting with a letter")
                .bind(f -> f.name, (f, v) -> f.name = v);
        binder.forField(useCase).asRequired("Say what the model is used for").bind(f -> f.useCase, (f, v) -> f.useCase = v);
        binder.forField(description).bind(f -> f.description, (f, v) -> f.description = v);
        binder.forField(tier).asRequired("Pick the risk tier").bind(f -> f.riskTier, (f, v) -> f.riskTier = v);
        binder.forField(owner).bind(f -> f.owner, (f, v) -> f.owner = v);
        binder.forField(thresholds).withValidator((v, context) -> {
            try {
                parse(v);
                return ValidationResult.ok();
            } catch (InvalidRequestException e) {
                return ValidationResult.error(e.getMessage());
            }
        }).bind(f -> f.thresholds, (f, v) -> f.thresholds = v);
        Form form = new Form();
        binder.readBean(form);

        FormLayout layout = new FormLayout(name, useCase, tier, owner, thresholds, description);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("500px", 2));
        layout.setColspan(thresholds, 2);
        layout.setColspan(description, 2);
        add(layout);

        Button create = new Button("Create model", e -> {
            if (!binder.writeBeanIfValid(form)) {
                return;
            }
            try {
                ModelView model = registry.create(new ModelDraft(area.id(), form.name.strip(), form.description, form.useCase, form.riskTier,
                        form.owner, parse(form.thresholds)));
                Notices.success("Model " + model.name() + " created");
                close();
                created.accept(model);
            } catch (InvalidRequestException ex) {
                Map<String, HasValidation> fields = Map.of("name", name, "useCase", useCase, "description", description, "owner", owner,
                        "thresholds", thresholds);
                Notices.fieldErrors(ex, fields);
            } catch (ForbiddenException ex) {
                Notices.error(ex.getMessage());
            }
        });
        create.setId("create-model");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, create);
    }

    static List<Threshold> parse(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).map(Threshold::parse).toList();
    }
}
