package io.esteira.identity.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
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
import io.esteira.identity.SsoLinkRefused;
import io.esteira.identity.SsoLinkRequestSummary;
import io.esteira.identity.UserSummary;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.SearchToolbar;
import jakarta.annotation.security.RolesAllowed;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Administrators manage people: local accounts, roles, and who may sign in; and link an account to single sign-on when
 * its person was refused for signing in under its name (there is no renaming: the audit trail knows people by name).
 */
@Route("admin/users")
@PageTitle("Users · Esteira")
@Menu(title = "Users", order = 210, icon = "vaadin:users")
@RolesAllowed(Role.ADMIN_NAME)
class UsersView extends VerticalLayout {

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
        grid.addColumn(u -> u.lastSignInAt() == null ? "never" : Formats.dateTime(u.lastSignInAt()))
                .setHeader("Last sign-in").setAutoWidth(true);
        grid.addComponentColumn(UsersView::pendingBadge).setHeader("Single sign-on").setAutoWidth(true);
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
        if (user.ssoLinkRequest() != null) {
            dialog.add(pendingLink(user, dialog));
        }
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

    private static Span pendingBadge(UserSummary user) {
        Span badge = new Span();
        if (user.ssoLinkRequest() != null) {
            badge.setText("Link requested");
            badge.getElement().getThemeList().add("badge contrast");
            badge.setId("sso-link-pending-" + user.username().replaceAll("[^A-Za-z0-9]", "-"));
            badge.getElement().setAttribute("title", tried(user.ssoLinkRequest()));
        } else if ("SSO".equals(user.origin())) {
            badge.setText("Linked");
        }
        return badge;
    }

    static String tried(SsoLinkRequestSummary request) {
        return "Tried single sign-on on " + Formats.dateTime(request.requestedAt()) + " as "
                + (request.displayName() == null ? "(no name given)" : request.displayName())
                + (request.email() == null ? "" : " <" + request.email() + ">")
                + (request.attempts() > 1 ? " (" + request.attempts() + " attempts)" : "") + ".";
    }

    /** The pending request to link the account to single sign-on, with what may be done about it. */
    private Div pendingLink(UserSummary user, Dialog userDialog) {
        SsoLinkRequestSummary request = user.ssoLinkRequest();
        Paragraph text = new Paragraph(tried(request));
        text.setId("sso-link-request");
        Button link = new Button("Link to single sign-on…", e -> confirmLink(user, userDialog));
        link.setId("link-sso");
        link.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        String why = "SERVICE".equals(user.origin()) ? "A service (pipeline) account never signs in with single sign-on"
                : !"LOCAL".equals(user.origin()) ? "The account is already linked to single sign-on"
                : !user.enabled() ? "The account is disabled: enable it first if this person should use it" : null;
        if (why != null) {
            link.setEnabled(false);
            link.getElement().setAttribute("title", why);
            text.add(new Span(" " + why + "."));
        }
        Button dismiss = new Button("Dismiss", e -> {
            try {
                identity.dismissSsoLinkRequest(user.id());
                Notices.success("Request to link " + user.username() + " dismissed");
                userDialog.close();
                grid.getDataProvider().refreshAll();
            } catch (NotFoundException ex) {
                Notices.error("The request is gone (someone else dealt with it). Close and open the user again.");
            }
        });
        dismiss.setId("dismiss-sso-link");
        dismiss.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Div box = new Div(text, link, dismiss);
        box.setId("sso-link-box");
        box.getStyle().set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("margin-bottom", "var(--lumo-space-m)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("background", "var(--lumo-contrast-5pct)");
        dismiss.getStyle().set("margin-left", "var(--lumo-space-s)");
        return box;
    }

    private void confirmLink(UserSummary user, Dialog userDialog) {
        SsoLinkRequestSummary request = user.ssoLinkRequest();
        Dialog confirm = new Dialog();
        confirm.setId("sso-link-dialog");
        confirm.setHeaderTitle("Link " + user.username() + " to single sign-on?");
        confirm.setMaxWidth("40em");
        String person = request.displayName() == null ? "the person" : request.displayName();
        UnorderedList what = new UnorderedList(
                new ListItem(person + " (" + (request.email() == null ? "no e-mail given" : request.email())
                        + ") signs in as " + user.username() + " with single sign-on from now on."),
                new ListItem("The account keeps its history, areas and roles until the next sign-in, which syncs them from the "
                        + "identity provider."),
                new ListItem("Its password is removed: nobody can sign in as " + user.username() + " with a password any more."),
                new ListItem("Its API tokens are kept: they are the account's own, and every call with them is audited. As for "
                        + "every single sign-on account, they work while the person has signed in within the last 30 days."));
        confirm.add(new Paragraph(tried(request)), what,
                new Paragraph("Link only if this is the same person. This cannot be undone here."));
        Button yes = new Button("Link to single sign-on", e -> {
            try {
                identity.linkToSingleSignOn(user.id(), request.subject());
                Notices.success(user.username() + " now signs in with single sign-on");
                confirm.close();
                userDialog.close();
                grid.getDataProvider().refreshAll();
            } catch (SsoLinkRefused ex) {
                Notices.error(ex.getMessage());
            } catch (OptimisticLockingFailureException ex) {
                Notices.error("Someone else changed this user meanwhile. Close and open it again.");
            }
        });
        yes.setId("confirm-sso-link");
        yes.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> confirm.close());
        cancel.setId("cancel-sso-link");
        confirm.getFooter().add(cancel, yes);
        confirm.open();
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
