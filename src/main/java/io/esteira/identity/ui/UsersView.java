package io.esteira.identity.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import io.esteira.identity.IdentityService;
import io.esteira.identity.NewLocalUser;
import io.esteira.identity.UserSummary;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.SearchToolbar;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.dao.OptimisticLockingFailureException;

/** Administrators manage people: local accounts, roles, and who may sign in. */
@Route("admin/users")
@PageTitle("Users · Esteira")
@Menu(title = "Users", order = 210, icon = "vaadin:users")
@RolesAllowed(Role.ADMIN_NAME)
class UsersView extends VerticalLayout {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final IdentityService identity;
    private final Grid<UserSummary> grid = new Grid<>(UserSummary.class, false);

    UsersView(IdentityService identity) {
        this.identity = identity;
        addClassName("view");
        setId("users-view");
        setSizeFull();

        SearchToolbar toolbar = new SearchToolbar("Search by user name or name", () -> grid.getDataProvider().refreshAll(),
                "New local user", "new-user", this::openCreate);

        grid.setId("users-grid");
        grid.addColumn(UserSummary::username).setHeader("User name").setAutoWidth(true);
        grid.addColumn(UserSummary::displayName).setHeader("Name").setFlexGrow(2)
                .setTooltipGenerator(UserSummary::displayName);
        grid.addColumn(u -> u.origin().toLowerCase()).setHeader("Account").setAutoWidth(true);
        grid.addColumn(u -> u.roles().stream().map(r -> r.name().replace('_', ' ').toLowerCase()).sorted()
                .collect(Collectors.joining(", "))).setHeader("Roles").setFlexGrow(2);
        grid.addColumn(u -> u.enabled() ? "Enabled" : "Disabled").setHeader("Status").setAutoWidth(true);
        grid.addColumn(u -> u.lastSignInAt() == null ? "never" : WHEN.format(u.lastSignInAt()) + " UTC")
                .setHeader("Last sign-in").setAutoWidth(true);
        grid.setItems(q -> identity.list(toolbar.searchText(), VaadinSpringDataHelpers.toSpringPageRequest(q)).stream());
        grid.setEmptyStateText("No users match.");
        grid.addItemClickListener(e -> openEdit(e.getItem()));
        grid.setSizeFull();
        add(new H1("Users"), toolbar, grid);
    }

    private void openCreate() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New local user");
        dialog.setId("user-dialog");
        TextField username = new TextField("User name");
        username.setId("user-username");
        TextField name = new TextField("Name");
        name.setId("user-name");
        EmailField email = new EmailField("E-mail");
        PasswordField password = new PasswordField("Initial password");
        password.setId("user-password");
        password.setHelperText("At least 12 characters");
        CheckboxGroup<Role> roles = roleChoice();
        FormLayout form = new FormLayout(username, name, email, password, roles);
        form.setColspan(roles, 2);
        dialog.add(form);
        Binder<Void> binder = new Binder<>();
        binder.forField(username).asRequired("A user name is required")
                .withValidator(v -> v.strip().matches("[a-z][a-z0-9._-]{1,59}"),
                        "2 to 60 lower-case letters, digits, '.', '_' or '-', starting with a letter")
                .bind(x -> username.getValue(), (x, v) -> { });
        binder.forField(name).asRequired("A name is required").bind(x -> name.getValue(), (x, v) -> { });
        binder.forField(password).asRequired("An initial password is required")
                .withValidator(v -> v.length() >= 12, "At least 12 characters")
                .bind(x -> password.getValue(), (x, v) -> { });
        Button save = new Button("Create", e -> {
            if (!binder.validate().isOk() || email.isInvalid()) {
                return;
            }
            try {
                identity.createLocalUser(new NewLocalUser(username.getValue().strip(), name.getValue(),
                        email.getValue().isBlank() ? null : email.getValue(), password.getValue(), roles.getValue()));
                Notices.success("User " + username.getValue() + " created");
                dialog.close();
                grid.getDataProvider().refreshAll();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("username", username, "displayName", name, "email", email,
                        "password", password));
            }
        });
        save.setId("save-user");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void openEdit(UserSummary user) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(user.username());
        dialog.setId("user-dialog");
        TextField name = new TextField("Name", user.displayName(), "");
        name.setId("user-name");
        CheckboxGroup<Role> roles = roleChoice();
        roles.setValue(user.roles());
        Checkbox enabled = new Checkbox("May sign in", user.enabled());
        enabled.setId("user-enabled");
        FormLayout form = new FormLayout(name, enabled, roles);
        form.setColspan(roles, 2);
        dialog.add(form);
        Button save = new Button("Save", e -> {
            try {
                identity.update(user.id(), name.getValue(), roles.getValue(), enabled.getValue(), user.version());
                Notices.success("User " + user.username() + " saved"
                        + (user.enabled() && !enabled.getValue() ? "; their sessions end now" : ""));
                dialog.close();
                grid.getDataProvider().refreshAll();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("displayName", name, "roles", roles));
            } catch (OptimisticLockingFailureException ex) {
                Notices.error("Someone else changed this user meanwhile. Close and open it again.");
            }
        });
        save.setId("save-user");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private static CheckboxGroup<Role> roleChoice() {
        CheckboxGroup<Role> roles = new CheckboxGroup<>("Platform roles");
        roles.setId("user-roles");
        roles.setItems(EnumSet.allOf(Role.class));
        roles.setItemLabelGenerator(r -> r.name().replace('_', ' ').toLowerCase());
        roles.setHelperText("Reviewers read the approval queue and the audit trail; risk and governance reviewers also decide "
                + "change requests. Area roles (data scientist or manager of an area) are given on the area's page.");
        return roles;
    }
}
