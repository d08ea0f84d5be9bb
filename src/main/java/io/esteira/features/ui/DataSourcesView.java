package io.esteira.features.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaService.AreaRef;
import io.esteira.features.Classification;
import io.esteira.features.DataSourceDraft;
import io.esteira.features.DataSourceService;
import io.esteira.features.DataSourceSummary;
import io.esteira.features.DemoWarehouse;
import io.esteira.features.SourceAccess;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.BackgroundWork;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.SearchToolbar;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;

/** Administrators register the data sources that feature groups and scheduled queries read. */
@Route("admin/datasources")
@PageTitle("Data sources · Esteira")
@Menu(title = "Data sources", order = 205, icon = "vaadin:database")
@RolesAllowed(Role.ADMIN_NAME)
class DataSourcesView extends VerticalLayout {

    static final List<String> DRIVERS = List.of("org.postgresql.Driver", "org.h2.Driver");

    private final DataSourceService sources;
    private final SourceAccess access;
    private final List<AreaRef> areas;
    private final UserDirectory users;
    private final Optional<DemoWarehouse> warehouse;
    private final Grid<DataSourceSummary> grid = new Grid<>(DataSourceSummary.class, false);
    private final Div warehouseStatus = new Div();

    DataSourcesView(DataSourceService sources, SourceAccess access, AreaService areaService, ObjectProvider<DemoWarehouse> warehouse,
            UserDirectory users) {
        this.users = users;
        this.sources = sources;
        this.access = access;
        this.areas = areaService.directory();
        this.warehouse = Optional.ofNullable(warehouse.getIfAvailable());
        addClassName("view");
        setId("datasources-view");

        SearchToolbar toolbar = new SearchToolbar("Search by name or description", () -> grid.getDataProvider().refreshAll(),
                "New data source", "new-datasource", () -> openEditor(null));
        grid.setId("datasources-grid");
        grid.addColumn(DataSourceSummary::name).setHeader("Name").setWidth("12rem").setFlexGrow(2)
                .setTooltipGenerator(DataSourceSummary::name);
        grid.addComponentColumn(s -> badge(s.classification().name(), "contrast", s.classification().label()))
                .setHeader("Class").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(s -> s.ownerArea() == null ? "Platform-wide" : s.ownerArea()).setHeader("Owner").setWidth("9rem").setFlexGrow(1);
        grid.addColumn(DataSourceSummary::jdbcUrl).setHeader("JDBC address").setWidth("14rem").setFlexGrow(3)
                .setTooltipGenerator(DataSourceSummary::jdbcUrl);
        grid.addComponentColumn(this::lastTest).setHeader("Last test").setWidth("10rem").setFlexGrow(0)
                .setTooltipGenerator(s -> s.lastTestMessage());
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(query -> sources.list(toolbar.searchText(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText("No data sources match. Register the first one with \"New data source\".");
        grid.addItemClickListener(e -> openEditor(sources.get(e.getItem().id())));
        grid.setSizeFull();

        warehouseStatus.setId("warehouse-status");
        add(new H1("Data sources"), warehouseStatus, toolbar, grid);
        setSizeFull();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        showWarehouse();
        if (warehouse.isPresent() && !warehouse.get().progress().finished()) {
            attachEvent.getUI().setPollInterval(1000);
            attachEvent.getUI().addPollListener(e -> {
                showWarehouse();
                if (warehouse.get().progress().finished()) {
                    e.getSource().setPollInterval(-1);
                    grid.getDataProvider().refreshAll();
                }
            });
        }
    }

    private void showWarehouse() {
        warehouseStatus.removeAll();
        warehouse.map(DemoWarehouse::progress).filter(p -> !p.finished() || p.error() != null).ifPresent(p -> {
            Span label = new Span(p.error() != null ? "The demo warehouse could not be generated: " + p.error()
                    : "Generating the demo warehouse: " + p.phase() + " · " + p.percent() + "%");
            label.addClassNames(LumoUtility.FontSize.SMALL, p.error() != null ? LumoUtility.TextColor.ERROR : LumoUtility.TextColor.SECONDARY);
            ProgressBar bar = new ProgressBar(0, 100, p.percent());
            bar.setVisible(p.error() == null);
            warehouseStatus.add(label, bar);
        });
    }

    private Component lastTest(DataSourceSummary s) {
        if (s.lastTestAt() == null) {
            return new Span("never");
        }
        return badge((Boolean.TRUE.equals(s.lastTestOk()) ? "OK · " : "Failed · ") + Formats.dateTime(s.lastTestAt()),
                Boolean.TRUE.equals(s.lastTestOk()) ? "success" : "error", s.lastTestMessage());
    }

    private static Span badge(String text, String theme, String title) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge " + theme);
        if (title != null) {
            badge.getElement().setAttribute("title", title);
        }
        return badge;
    }

    private void openEditor(DataSourceSummary existing) {
        Dialog dialog = new Dialog();
        dialog.setId("datasource-dialog");
        dialog.setHeaderTitle(existing == null ? "New data source" : "Data source " + existing.name());
        dialog.setWidth("min(760px, 95vw)");

        TextField name = new TextField("Name");
        name.setId("ds-name");
        TextArea description = new TextArea("Description");
        description.setId("ds-description");
        Select<Classification> classification = new Select<>();
        classification.setLabel("Classification");
        classification.setId("ds-classification");
        classification.setItems(Classification.values());
        classification.setItemLabelGenerator(c -> c.name() + " · " + c.label());
        ComboBox<AreaRef> owner = new ComboBox<>("Owner area");
        owner.setId("ds-owner");
        owner.setItems(areas);
        owner.setItemLabelGenerator(AreaRef::name);
        owner.setClearButtonVisible(true);
        owner.setHelperText("Empty: platform-wide, visible to every area");
        ComboBox<String> driver = new ComboBox<>("Driver class");
        driver.setId("ds-driver");
        driver.setItems(DRIVERS);
        driver.setAllowCustomValue(true);
        driver.addCustomValueSetListener(e -> driver.setValue(e.getDetail()));
        driver.setHelperText("PostgreSQL and H2");
        TextField url = new TextField("JDBC address");
        url.setId("ds-url");
        url.setPlaceholder("jdbc:postgresql://warehouse.bank.example:5432/analytics");
        TextField username = new TextField("User");
        username.setId("ds-username");
        username.setHelperText("People's queries run as this account: give it SELECT grants only");
        PasswordField password = new PasswordField("Password");
        password.setId("ds-password");
        password.setHelperText(existing != null && existing.hasPassword() ? "Stored encrypted; leave empty to keep it" : "Stored encrypted, never shown again");

        TextField writeUsername = new TextField("Write account (optional)");
        writeUsername.setId("ds-write-username");
        writeUsername.setHelperText("For the tables schedules write into the areas' schemas; only the portal's own statements use it");
        PasswordField writePassword = new PasswordField("Write account password");
        writePassword.setId("ds-write-password");
        writePassword.setHelperText(existing != null && existing.writeUsername() != null ? "Stored encrypted; leave empty to keep it"
                : "Stored encrypted, never shown again");

        Binder<DataSourceForm> binder = new Binder<>();
        binder.forField(name).asRequired("A name is required")
                .withValidator(v -> v.strip().length() <= 120, "At most 120 characters")
                .bind(DataSourceForm::getName, DataSourceForm::setName);
        binder.forField(description).withValidator(v -> v.length() <= 1000, "At most 1000 characters")
                .bind(DataSourceForm::getDescription, DataSourceForm::setDescription);
        binder.forField(classification).asRequired("Pick a classification").bind(DataSourceForm::getClassification, DataSourceForm::setClassification);
        binder.forField(owner).bind(DataSourceForm::getOwner, DataSourceForm::setOwner);
        binder.forField(driver).asRequired("A driver class is required").bind(DataSourceForm::getDriver, DataSourceForm::setDriver);
        binder.forField(url).asRequired("A JDBC address is required")
                .withValidator(v -> v.strip().startsWith("jdbc:"), "A JDBC address starts with jdbc:")
                .bind(DataSourceForm::getUrl, DataSourceForm::setUrl);
        binder.forField(username).bind(DataSourceForm::getUsername, DataSourceForm::setUsername);
        binder.forField(password).bind(DataSourceForm::getPassword, DataSourceForm::setPassword);
        binder.forField(writeUsername).bind(DataSourceForm::getWriteUsername, DataSourceForm::setWriteUsername);
        binder.forField(writePassword).bind(DataSourceForm::getWritePassword, DataSourceForm::setWritePassword);
        DataSourceForm form = existing == null ? new DataSourceForm() : DataSourceForm.of(existing, areas);
        binder.setBean(form);

        FormLayout layout = new FormLayout(name, classification, owner, driver, url, username, password, writeUsername, writePassword,
                description);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("520px", 2));
        layout.setColspan(url, 2);
        layout.setColspan(description, 2);
        Span testResult = new Span();
        testResult.setId("ds-test-result");
        testResult.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK, LumoUtility.Margin.Top.SMALL);
        BackgroundWork testing = new BackgroundWork("ds-testing");
        dialog.add(layout, testing, testResult);

        Map<String, com.vaadin.flow.component.HasValidation> fields = Map.of("name", name, "jdbcUrl", url,
                "driverClass", driver, "username", username, "password", password, "classification", classification,
                "description", description, "ownerAreaId", owner, "writeUsername", writeUsername, "writePassword", writePassword);
        Button test = new Button("Test connection", VaadinIcon.CONNECT.create(), e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            testResult.setText("");
            DataSourceDraft draft = form.draft();
            java.util.UUID id = existing == null ? null : existing.id();
            // connecting waits for the server up to its login time limit: in the background, the dialog stays usable
            testing.start("Connecting to " + draft.jdbcUrl(), progress -> sources.testDraft(draft, id), result -> {
                testResult.setText(result.message());
                testResult.removeClassNames(LumoUtility.TextColor.SUCCESS, LumoUtility.TextColor.ERROR);
                testResult.addClassName(result.ok() ? LumoUtility.TextColor.SUCCESS : LumoUtility.TextColor.ERROR);
            }, ex -> {
                if (ex instanceof InvalidRequestException invalid) {
                    Notices.fieldErrors(invalid, fields);
                } else {
                    testResult.setText(ex.getMessage());
                }
            });
        });
        test.setId("ds-test");
        testing.disabling(test);
        Button save = new Button("Save", e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            try {
                if (existing == null) {
                    sources.create(form.draft());
                } else {
                    sources.update(existing.id(), form.draft(), existing.version());
                }
                Notices.success("Data source " + form.getName().strip() + " saved");
                dialog.close();
                grid.getDataProvider().refreshAll();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, fields);
            } catch (OptimisticLockingFailureException ex) {
                Notices.error("Someone else changed this data source meanwhile; close and open it again");
            }
        });
        save.setId("save-datasource");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        if (existing != null && existing.ownerAreaId() == null) {
            Button who = new Button("Who may query…", VaadinIcon.KEY.create(),
                    e -> new SourceAccessDialog(access, existing, areas, users).open());
            who.setId("ds-access");
            who.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            who.getStyle().set("margin-inline-end", "auto");
            dialog.getFooter().add(who);
        }
        dialog.getFooter().add(test, cancel, save);
        dialog.open();
    }

    /** The editor's values; the password only ever travels from the field to the service. */
    static final class DataSourceForm {
        private String name = "";
        private String description = "";
        private Classification classification = Classification.SOT;
        private AreaRef owner;
        private String driver = "org.postgresql.Driver";
        private String url = "";
        private String username = "";
        private String password = "";
        private String writeUsername = "";
        private String writePassword = "";

        static DataSourceForm of(DataSourceSummary s, List<AreaRef> areas) {
            DataSourceForm f = new DataSourceForm();
            f.name = s.name();
            f.description = s.description();
            f.classification = s.classification();
            f.owner = areas.stream().filter(a -> a.id().equals(s.ownerAreaId())).findFirst().orElse(null);
            f.driver = s.driverClass();
            f.url = s.jdbcUrl();
            f.username = s.username() == null ? "" : s.username();
            f.writeUsername = s.writeUsername() == null ? "" : s.writeUsername();
            return f;
        }

        DataSourceDraft draft() {
            UUID ownerId = owner == null ? null : owner.id();
            return new DataSourceDraft(name, description, url, driver, username, password, classification, ownerId, writeUsername,
                    writePassword);
        }

        String getName() { return name; }
        void setName(String v) { name = v; }
        String getDescription() { return description; }
        void setDescription(String v) { description = v; }
        Classification getClassification() { return classification; }
        void setClassification(Classification v) { classification = v; }
        AreaRef getOwner() { return owner; }
        void setOwner(AreaRef v) { owner = v; }
        String getDriver() { return driver; }
        void setDriver(String v) { driver = v; }
        String getUrl() { return url; }
        void setUrl(String v) { url = v; }
        String getUsername() { return username; }
        void setUsername(String v) { username = v; }
        String getPassword() { return password; }
        void setPassword(String v) { password = v; }
        String getWriteUsername() { return writeUsername; }
        void setWriteUsername(String v) { writeUsername = v; }
        String getWritePassword() { return writePassword; }
        void setWritePassword(String v) { writePassword = v; }
    }
}
