package io.esteira.areas.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import io.esteira.areas.AreaDraft;
import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.areas.MemberSummary;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.security.UserDirectory.Person;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.SearchToolbar;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.OptimisticLockingFailureException;

/** Administrators define business areas, their budgets and who works in them. */
@Route("admin/areas")
@PageTitle("Areas · Esteira")
@Menu(title = "Business areas", order = 200, icon = "vaadin:building")
@RolesAllowed(Role.ADMIN_NAME)
class AreasView extends VerticalLayout {

    static final List<String> CURRENCIES = List.of("EUR", "USD", "BRL", "GBP", "CHF");

    private final AreaService areas;
    private final UserDirectory users;
    private final Grid<AreaSummary> grid = new Grid<>(AreaSummary.class, false);

    AreasView(AreaService areas, UserDirectory users) {
        this.areas = areas;
        this.users = users;
        addClassName("view");
        setId("areas-view");

        SearchToolbar toolbar = new SearchToolbar("Search by code or name", () -> grid.getDataProvider().refreshAll(),
                "New area", "new-area", () -> openEditor(null));

        grid.setId("areas-grid");
        grid.addColumn(AreaSummary::code).setHeader("Code").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AreaSummary::name).setHeader("Name").setWidth("14rem").setFlexGrow(3)
                .setTooltipGenerator(AreaSummary::name);
        grid.addColumn(AreaSummary::costCenter).setHeader("Cost center").setWidth("9rem").setFlexGrow(1)
                .setTooltipGenerator(AreaSummary::costCenter);
        grid.addColumn(a -> a.monthlyBudget().format(Locale.UK)).setHeader("Monthly budget").setAutoWidth(true)
                .setTextAlign(com.vaadin.flow.component.grid.ColumnTextAlign.END);
        grid.addColumn(a -> String.join(", ", a.managers())).setHeader("Managers").setWidth("9rem").setFlexGrow(2)
                .setTooltipGenerator(a -> String.join(", ", a.managers()));
        grid.addColumn(AreaSummary::memberCount).setHeader("Members").setAutoWidth(true);
        grid.addColumn(a -> a.active() ? "Active" : "Inactive").setHeader("Status").setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(query -> areas.list(toolbar.searchText(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText("No areas match. Create the first one with \"New area\".");
        grid.addItemClickListener(e -> openEditor(e.getItem()));
        grid.setSizeFull();

        add(new H1("Business areas"), toolbar, grid);
        setSizeFull();
    }

    private void openEditor(AreaSummary existing) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(existing == null ? "New area" : "Area " + existing.code());
        dialog.setId("area-dialog");
        dialog.setWidth("min(720px, 95vw)");

        TextField code = new TextField("Code");
        code.setId("area-code");
        code.setHelperText("e.g. CREDIT; cannot change later");
        code.setReadOnly(existing != null);
        TextField name = new TextField("Name");
        name.setId("area-name");
        TextField costCenter = new TextField("Cost center");
        costCenter.setId("area-cost-center");
        BigDecimalField budget = new BigDecimalField("Monthly budget");
        budget.setId("area-budget");
        ComboBox<String> currency = new ComboBox<>("Currency", CURRENCIES);
        currency.setId("area-currency");
        if (existing != null) {
            currency.setHelperText("A new currency applies from the next month with costs; the month in progress stays in its currency");
        }
        Checkbox active = new Checkbox("Active");
        active.setId("area-active");

        Binder<AreaForm> binder = new Binder<>();
        binder.forField(code).asRequired("A code is required")
                .withValidator(v -> v.matches("[A-Z][A-Z0-9_]{1,31}"), "2 to 32 capital letters, digits or _, starting with a letter")
                .bind(AreaForm::getCode, AreaForm::setCode);
        binder.forField(name).asRequired("A name is required")
                .withValidator(v -> v.strip().length() <= 120, "At most 120 characters")
                .bind(AreaForm::getName, AreaForm::setName);
        binder.forField(costCenter).asRequired("A cost center is required")
                .withValidator(v -> v.strip().length() <= 40, "At most 40 characters")
                .bind(AreaForm::getCostCenter, AreaForm::setCostCenter);
        binder.forField(budget).asRequired("A monthly budget is required")
                .withValidator(v -> v.signum() >= 0, "A budget cannot be negative")
                .withValidator(v -> v.scale() <= 2 && v.precision() - v.scale() <= 15, "At most 15 digits and 2 decimals")
                .bind(AreaForm::getBudget, AreaForm::setBudget);
        binder.forField(currency).asRequired("Pick a currency").bind(AreaForm::getCurrency, AreaForm::setCurrency);
        binder.forField(active).bind(AreaForm::isActive, AreaForm::setActive);
        binder.setBean(existing == null ? new AreaForm() : AreaForm.of(existing));

        FormLayout form = new FormLayout(code, name, costCenter, budget, currency, active);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("480px", 2));
        dialog.add(form);
        if (existing != null) {
            dialog.add(members(existing));
        }

        Button save = new Button("Save", e -> {
            if (binder.validate().isOk()) {
                AreaForm f = binder.getBean();
                try {
                    AreaDraft draft = new AreaDraft(f.getCode(), f.getName(), f.getCostCenter(), f.getBudget(),
                            f.getCurrency(), f.isActive());
                    if (existing == null) {
                        areas.create(draft);
                    } else {
                        areas.update(existing.id(), draft, existing.version());
                    }
                    Notices.success("Area " + f.getCode() + " saved");
                    dialog.close();
                    grid.getDataProvider().refreshAll();
                } catch (InvalidRequestException ex) {
                    Notices.fieldErrors(ex, Map.of("code", code, "name", name, "costCenter", costCenter,
                            "monthlyBudget", budget, "currency", currency));
                } catch (OptimisticLockingFailureException ex) {
                    Notices.error("Someone else changed this area meanwhile. Close and open it again.");
                }
            }
        });
        save.setId("save-area");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    private VerticalLayout members(AreaSummary area) {
        Grid<MemberSummary> members = new Grid<>(MemberSummary.class, false);
        members.setId("members-grid");
        members.addColumn(MemberSummary::username).setHeader("User").setAutoWidth(true);
        members.addColumn(MemberSummary::displayName).setHeader("Name").setFlexGrow(1);
        members.addColumn(m -> m.role().name().replace('_', ' ').toLowerCase()).setHeader("Role").setAutoWidth(true);
        members.addComponentColumn(m -> {
            Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
                ConfirmDialog confirm = new ConfirmDialog("Remove " + m.username() + "?",
                        m.displayName() + " will no longer act in " + area.name() + ".", "Remove",
                        ok -> {
                            areas.removeMember(area.id(), m.userId());
                            members.setItems(areas.members(area.id()));
                            grid.getDataProvider().refreshAll();
                        });
                confirm.setCancelable(true);
                confirm.setConfirmButtonTheme("error primary");
                confirm.open();
            });
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
            remove.setAriaLabel("Remove " + m.username());
            return remove;
        }).setAutoWidth(true).setFlexGrow(0);
        members.setItems(areas.members(area.id()));
        members.setAllRowsVisible(true);
        members.setEmptyStateText("Nobody works in this area yet.");

        ComboBox<Person> person = new ComboBox<>("Person");
        person.setId("member-user");
        person.setItems(query -> users.search(query.getFilter().orElse(""), query.getLimit() + query.getOffset())
                .stream().skip(query.getOffset()));
        person.setItemLabelGenerator(p -> p.displayName() + " (" + p.username() + ")");
        Select<AreaRole> role = new Select<>();
        role.setLabel("Role");
        role.setId("member-role");
        role.setItems(AreaRole.values());
        role.setItemLabelGenerator(r -> r.name().replace('_', ' ').toLowerCase());
        role.setValue(AreaRole.DATA_SCIENTIST);
        Button add = new Button("Add member", e -> {
            if (person.getValue() == null) {
                person.setErrorMessage("Pick a person");
                person.setInvalid(true);
                return;
            }
            areas.addMember(area.id(), person.getValue().id(), role.getValue());
            members.setItems(areas.members(area.id()));
            person.clear();
            grid.getDataProvider().refreshAll();
        });
        add.setId("add-member");
        HorizontalLayout adder = new HorizontalLayout(person, role, add);
        adder.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        adder.setWrap(true);
        H3 heading = new H3("Members");
        heading.addClassNames(com.vaadin.flow.theme.lumo.LumoUtility.Margin.Top.LARGE);
        VerticalLayout section = new VerticalLayout(heading, members, adder);
        section.setPadding(false);
        return section;
    }

    /** The editable state of the area form. */
    static final class AreaForm {
        private String code = "";
        private String name = "";
        private String costCenter = "";
        private BigDecimal budget;
        private String currency = "EUR";
        private boolean active = true;

        static AreaForm of(AreaSummary a) {
            AreaForm f = new AreaForm();
            f.code = a.code();
            f.name = a.name();
            f.costCenter = a.costCenter();
            f.budget = a.monthlyBudget().amount();
            f.currency = a.monthlyBudget().currency().getCurrencyCode();
            f.active = a.active();
            return f;
        }

        String getCode() { return code; }
        void setCode(String code) { this.code = code; }
        String getName() { return name; }
        void setName(String name) { this.name = name; }
        String getCostCenter() { return costCenter; }
        void setCostCenter(String costCenter) { this.costCenter = costCenter; }
        BigDecimal getBudget() { return budget; }
        void setBudget(BigDecimal budget) { this.budget = budget; }
        String getCurrency() { return currency; }
        void setCurrency(String currency) { this.currency = currency; }
        boolean isActive() { return active; }
        void setActive(boolean active) { this.active = active; }
    }
}
