package io.esteira.workspaces.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import io.esteira.areas.AreaService.AreaRef;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import io.esteira.workspaces.SizeOption;
import io.esteira.workspaces.TemplateDraft;
import io.esteira.workspaces.TemplateSummary;
import io.esteira.workspaces.WorkspaceAdministration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.OptimisticLockingFailureException;

/** The dialog in which an administrator creates or changes a workspace template. */
class TemplateEditor extends Dialog {

    static final String PROVISIONER_HELP = "local: Jupyter on the portal's machine · kubernetes: a StatefulSet per workspace";

    private final TextField name = new TextField("Name");
    private final TextArea description = new TextArea("Description");
    private final Select<String> provisioner = new Select<>();
    private final TextField image = new TextField("Image or kernel");
    private final MultiSelectComboBox<SizeOption> sizes = new MultiSelectComboBox<>("Allowed sizes");
    private final MultiSelectComboBox<AreaRef> areas = new MultiSelectComboBox<>("Allowed areas");
    private final MultiSelectComboBox<Role> roles = new MultiSelectComboBox<>("Allowed roles");
    private final IntegerField idle = TemplateEditor.number("Default idle timeout (minutes)", 5, 1440,
            "At least 5 minutes", "At most 1440 minutes (a day)");
    private final IntegerField lifetime = TemplateEditor.number("Maximum lifetime (hours)", 1, 720,
            "At least 1 hour", "At most 720 hours (30 days)");
    private final Checkbox active = new Checkbox("Active");
    private final Binder<TemplateForm> binder = new Binder<>();

    TemplateEditor(WorkspaceAdministration admin, List<AreaRef> areaDirectory, TemplateSummary existing, Runnable onSaved) {
        setHeaderTitle(existing == null ? "New template" : "Template " + existing.name());
        setId("template-dialog");
        setWidth("min(760px, 95vw)");

        name.setId("template-name");
        description.setId("template-description");
        description.setMaxHeight("10rem");
        provisioner.setLabel("Provisioner");
        provisioner.setId("template-provisioner");
        provisioner.setItems(admin.provisionerKinds());
        provisioner.addValueChangeListener(e -> describeProvisioner(existing));
        image.setId("template-image");
        image.setHelperText("Container image for kubernetes; Jupyter kernel name (python3) for local");
        List<SizeOption> sizeOptions = admin.sizes();
        sizes.setId("template-sizes");
        sizes.setItems(sizeOptions);
        sizes.setItemLabelGenerator(s -> s.code() + " · " + s.describe());
        areas.setId("template-areas");
        areas.setItems(areaDirectory);
        areas.setItemLabelGenerator(a -> a.name() + " (" + a.code() + ")");
        areas.setHelperText("Empty: every area");
        roles.setId("template-roles");
        roles.setItems(Role.values());
        roles.setItemLabelGenerator(r -> r.name().replace('_', ' ').toLowerCase());
        roles.setHelperText("Empty: everyone who works in an area");
        idle.setId("template-idle");
        lifetime.setId("template-lifetime");
        active.setId("template-active");

        // the same rules as TemplateDraft's, so bad input shows next to its field before the service sees it
        binder.forField(name).asRequired("A name is required")
                .withValidator(v -> v.strip().length() <= 120, "At most 120 characters")
                .bind(TemplateForm::getName, TemplateForm::setName);
        binder.forField(description)
                .withValidator(v -> v == null || v.strip().length() <= 1000, "At most 1000 characters")
                .bind(TemplateForm::getDescription, TemplateForm::setDescription);
        binder.forField(provisioner).asRequired("Pick a provisioner").bind(TemplateForm::getProvisioner, TemplateForm::setProvisioner);
        binder.forField(image).asRequired("An image or kernel is required")
                .withValidator(v -> v.strip().length() <= 300, "At most 300 characters")
                .bind(TemplateForm::getImage, TemplateForm::setImage);
        binder.forField(sizes).asRequired("Allow at least one size").bind(TemplateForm::getSizes, TemplateForm::setSizes);
        binder.forField(areas).bind(TemplateForm::getAreas, TemplateForm::setAreas);
        binder.forField(roles).bind(TemplateForm::getRoles, TemplateForm::setRoles);
        binder.forField(idle).asRequired("An idle timeout is required")
                .withValidator(v -> v >= 5, "At least 5 minutes")
                .withValidator(v -> v <= 1440, "At most 1440 minutes (a day)")
                .bind(TemplateForm::getIdle, TemplateForm::setIdle);
        binder.forField(lifetime).asRequired("A maximum lifetime is required")
                .withValidator(v -> v >= 1, "At least 1 hour")
                .withValidator(v -> v <= 720, "At most 720 hours (30 days)")
                .bind(TemplateForm::getLifetime, TemplateForm::setLifetime);
        binder.forField(active).bind(TemplateForm::isActive, TemplateForm::setActive);
        binder.setBean(existing == null ? TemplateForm.fresh(admin.provisionerKinds())
                : TemplateForm.of(existing, sizeOptions, areaDirectory));
        describeProvisioner(existing);

        FormLayout form = new FormLayout(name, provisioner, description, image, sizes, areas, roles, idle, lifetime, active);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("520px", 2));
        form.setColspan(description, 2);
        form.setColspan(image, 2);
        form.setColspan(sizes, 2);
        add(form);

        Map<String, HasValidation> fields = Map.of("name", name, "description", description, "image", image,
                "provisioner", provisioner, "sizeCodes", sizes, "areaIds", areas, "roles", roles,
                "idleTimeoutMinutes", idle, "maxLifetimeHours", lifetime);
        Button save = new Button("Save", e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            TemplateForm f = binder.getBean();
            try {
                if (existing == null) {
                    admin.createTemplate(f.draft());
                } else {
                    admin.updateTemplate(existing.id(), f.draft(), existing.version());
                }
                Notices.success("Template " + f.getName().strip() + " saved");
                close();
                onSaved.run();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, fields);
            } catch (OptimisticLockingFailureException ex) {
                Notices.error("Someone else changed this template; reopen it");
            }
        });
        save.setId("save-template");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, save);
    }

    /** For a saved template on its own provisioner, what that provisioner says; otherwise what each one is. */
    private void describeProvisioner(TemplateSummary existing) {
        if (existing != null && existing.provisioner().equals(provisioner.getValue()) && existing.availability() != null) {
            provisioner.setHelperText((existing.available() ? "Available: " : "Unavailable: ") + existing.availability());
        } else {
            provisioner.setHelperText(PROVISIONER_HELP);
        }
    }

    private static IntegerField number(String label, int min, int max, String tooSmall, String tooLarge) {
        IntegerField field = new IntegerField(label);
        field.setMin(min);
        field.setMax(max);
        field.setStepButtonsVisible(true);
        field.setI18n(new IntegerField.IntegerFieldI18n().setMinErrorMessage(tooSmall).setMaxErrorMessage(tooLarge)
                .setBadInputErrorMessage("Enter a whole number").setRequiredErrorMessage("A value is required"));
        return field;
    }

    /** The editable state of the template form. */
    static final class TemplateForm {
        private String name = "";
        private String description = "";
        private String provisioner;
        private String image = "";
        private Set<SizeOption> sizes = new HashSet<>();
        private Set<AreaRef> areas = new HashSet<>();
        private Set<Role> roles = new HashSet<>();
        private Integer idle = 60;
        private Integer lifetime = 12;
        private boolean active = true;

        static TemplateForm fresh(List<String> provisioners) {
            TemplateForm f = new TemplateForm();
            f.provisioner = provisioners.isEmpty() ? null : provisioners.getFirst();
            return f;
        }

        /** Picks the options from the lists the fields show, so the fields recognise them as selected. */
        static TemplateForm of(TemplateSummary t, List<SizeOption> sizeOptions, List<AreaRef> areaDirectory) {
            TemplateForm f = new TemplateForm();
            f.name = t.name();
            f.description = t.description() == null ? "" : t.description();
            f.provisioner = t.provisioner();
            f.image = t.image();
            Set<String> codes = t.sizes().stream().map(SizeOption::code).collect(Collectors.toSet());
            f.sizes = sizeOptions.stream().filter(s -> codes.contains(s.code())).collect(Collectors.toCollection(HashSet::new));
            f.areas = areaDirectory.stream().filter(a -> t.areaIds().contains(a.id())).collect(Collectors.toCollection(HashSet::new));
            f.roles = new HashSet<>(t.roles());
            f.idle = t.idleTimeoutMinutes();
            f.lifetime = t.maxLifetimeHours();
            f.active = t.active();
            return f;
        }

        TemplateDraft draft() {
            Set<String> sizeCodes = sizes.stream().map(SizeOption::code).collect(Collectors.toSet());
            Set<UUID> areaIds = areas.stream().map(AreaRef::id).collect(Collectors.toSet());
            return new TemplateDraft(name, description == null ? "" : description, image, provisioner, sizeCodes, areaIds,
                    Set.copyOf(roles), idle, lifetime, active);
        }

        String getName() { return name; }
        void setName(String name) { this.name = name; }
        String getDescription() { return description; }
        void setDescription(String description) { this.description = description; }
        String getProvisioner() { return provisioner; }
        void setProvisioner(String provisioner) { this.provisioner = provisioner; }
        String getImage() { return image; }
        void setImage(String image) { this.image = image; }
        Set<SizeOption> getSizes() { return sizes; }
        void setSizes(Set<SizeOption> sizes) { this.sizes = sizes; }
        Set<AreaRef> getAreas() { return areas; }
        void setAreas(Set<AreaRef> areas) { this.areas = areas; }
        Set<Role> getRoles() { return roles; }
        void setRoles(Set<Role> roles) { this.roles = roles; }
        Integer getIdle() { return idle; }
        void setIdle(Integer idle) { this.idle = idle; }
        Integer getLifetime() { return lifetime; }
        void setLifetime(Integer lifetime) { this.lifetime = lifetime; }
        boolean isActive() { return active; }
        void setActive(boolean active) { this.active = active; }
    }
}
