package io.esteira.identity.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.ApiTokenSummary;
import io.esteira.identity.CreatedToken;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.ui.Notices;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** People create API tokens for their scripts and pipelines; administrators also create service tokens. */
@Route("settings/tokens")
@PageTitle("API tokens · Esteira")
@Menu(title = "API tokens", order = 300, icon = "vaadin:key")
@PermitAll
class TokensView extends VerticalLayout {

    private final ApiTokenService tokens;
    private final AreaService areas;
    private final Grid<ApiTokenSummary> mine = tokenGrid("tokens-grid");
    private final Grid<ApiTokenSummary> service = tokenGrid("service-tokens-grid");
    private final Map<UUID, String> areaNames;
    private final boolean admin;
    private final Clock clock;

    TokensView(ApiTokenService tokens, AreaService areas, Clock clock) {
        this.clock = clock;
        this.tokens = tokens;
        this.areas = areas;
        this.admin = CurrentUser.require().isAdmin();
        this.areaNames = new java.util.HashMap<>();
        areas.myAreas().forEach(a -> areaNames.put(a.id(), a.name()));
        addClassName("view");
        setId("tokens-view");

        Button create = new Button("New token", VaadinIcon.PLUS.create(), e -> openCreate());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("new-token");
        Paragraph intro = new Paragraph("Tokens let scripts and CI pipelines call the API as you: send "
                + "'Authorization: Bearer <token>'. A token limited to an area never reaches beyond it.");
        add(new H1("API tokens"), intro, create, mine);
        addColumns(mine, false);
        mine.setEmptyStateText("You have no API tokens yet. Create one with \"New token\".");
        if (admin) {
            addColumns(service, true);
            service.setEmptyStateText("No service tokens yet. Create one for a CI pipeline with \"New token\".");
            add(new H2("Service tokens (CI pipelines)"), service);
        }
        refresh();
    }

    private void refresh() {
        mine.setItems(tokens.mine());
        if (admin) {
            service.setItems(tokens.serviceTokens());
        }
    }

    private static Grid<ApiTokenSummary> tokenGrid(String id) {
        Grid<ApiTokenSummary> grid = new Grid<>(ApiTokenSummary.class, false);
        grid.setId(id);
        grid.setAllRowsVisible(true);
        return grid;
    }

    private void addColumns(Grid<ApiTokenSummary> grid, boolean withOwner) {
        grid.addColumn(ApiTokenSummary::name).setHeader("Name").setWidth("12rem").setFlexGrow(2)
                .setTooltipGenerator(ApiTokenSummary::name);
        if (withOwner) {
            grid.addColumn(ApiTokenSummary::owner).setHeader("Acts as").setWidth("10rem").setFlexGrow(1);
        }
        grid.addColumn(t -> t.prefix() + "…").setHeader("Token").setWidth("9.5rem").setFlexGrow(0);
        grid.addColumn(t -> t.areaId() == null ? "All my areas" : areaNames.getOrDefault(t.areaId(), "another area"))
                .setHeader("Scope").setWidth("9rem").setFlexGrow(1);
        grid.addColumn(t -> Formats.date(t.expiresAt().minusSeconds(1))).setHeader("Expires").setWidth("7.5rem").setFlexGrow(0);
        grid.addColumn(t -> t.lastUsedAt() == null ? "never" : Formats.dateTime(t.lastUsedAt()))
                .setHeader("Last used").setWidth("11rem").setFlexGrow(0)
                .setTooltipGenerator(t -> t.lastUsedFrom() == null ? null : "from " + t.lastUsedFrom());
        grid.addColumn(t -> t.status(clock.instant())).setHeader("Status").setWidth("6.5rem").setFlexGrow(0);
        grid.addComponentColumn(t -> {
            Button revoke = new Button("Revoke", e -> confirmRevoke(t));
            revoke.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            revoke.setEnabled(t.revokedAt() == null && t.expiresAt().isAfter(clock.instant()));
            revoke.setId("revoke-" + t.name().replaceAll("[^A-Za-z0-9]", "-"));
            return revoke;
        }).setAutoWidth(true).setFlexGrow(0);
    }

    private void confirmRevoke(ApiTokenSummary token) {
        ConfirmDialog confirm = new ConfirmDialog("Revoke " + token.name() + "?",
                "Calls with this token fail from now on. This cannot be undone.", "Revoke", e -> {
                    tokens.revoke(token.id());
                    Notices.success("Token " + token.name() + " revoked");
                    refresh();
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private void openCreate() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New API token");
        dialog.setId("token-dialog");
        TextField name = new TextField("Name");
        name.setId("token-name");
        name.setHelperText("What uses it, e.g. credit-scoring CI");
        Select<Optional<AreaSummary>> scope = new Select<>();
        scope.setLabel("Scope");
        scope.setId("token-scope");
        List<Optional<AreaSummary>> choices = new java.util.ArrayList<>();
        choices.add(Optional.empty());
        areas.myAreas().forEach(a -> choices.add(Optional.of(a)));
        scope.setItems(choices);
        scope.setItemLabelGenerator(o -> o.map(AreaSummary::name).orElse("All my areas"));
        scope.setValue(Optional.empty());
        DatePicker expires = new DatePicker("Expires on");
        expires.setId("token-expires");
        expires.setMin(LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1));
        expires.setMax(LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(365));
        expires.setValue(LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(90));
        Checkbox serviceToken = new Checkbox("Service token for a CI pipeline (acts as a pipeline account of the area, not as you)");
        serviceToken.setId("token-service");
        serviceToken.setVisible(admin);

        Binder<Void> binder = new Binder<>();
        binder.forField(name).asRequired("A name is required")
                .withValidator(v -> v.strip().matches("[A-Za-z0-9][A-Za-z0-9 ._-]{1,79}"),
                        "2 to 80 letters, digits, spaces, '.', '_' or '-'")
                .bind(x -> name.getValue(), (x, v) -> { });
        binder.forField(expires).asRequired("Pick an expiry date").bind(x -> expires.getValue(), (x, v) -> { });

        FormLayout form = new FormLayout(name, scope, expires, serviceToken);
        form.setColspan(serviceToken, 2);
        dialog.add(form);
        Button create = new Button("Create", e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            try {
                CreatedToken created = tokens.create(new TokenRequest(name.getValue().strip(),
                        scope.getValue().map(AreaSummary::id).orElse(null), expires.getValue(), serviceToken.getValue()));
                dialog.close();
                showSecret(created);
                refresh();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("name", name, "expiresOn", expires, "areaId", scope));
            } catch (ForbiddenException ex) {
                Notices.error(ex.getMessage());
            }
        });
        create.setId("create-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
    }

    private void showSecret(CreatedToken created) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Copy your token now");
        dialog.setId("token-secret-dialog");
        TextField secret = new TextField("Token");
        secret.setValue(created.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.setId("token-secret");
        Button copy = new Button("Copy", VaadinIcon.COPY.create(), e -> {
            secret.getElement().executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", created.secret());
            Notices.success("Copied");
        });
        dialog.add(new Paragraph("This is the only time the token is shown. Esteira keeps only a fingerprint of it."),
                secret);
        Button done = new Button("Done", e -> dialog.close());
        done.setId("token-secret-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(copy, done);
        dialog.setWidth("min(640px, 95vw)");
        dialog.setCloseOnOutsideClick(false);
        dialog.setCloseOnEsc(false);
        dialog.open();
    }
}
