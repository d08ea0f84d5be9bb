package io.esteira.costs.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
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
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.Price;
import io.esteira.costs.RateCard;
import io.esteira.costs.RateDraft;
import io.esteira.costs.RateVersion;
import io.esteira.costs.Sku;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rate card: every price version, the platform's defaults and areas' own, from its hour until the
 * next one (UTC). Administrators schedule new prices from a coming whole hour; managers read the
 * defaults and the own prices of the areas they manage.
 */
@Route("costs/rates")
@PageTitle("Rate card · Esteira")
@Menu(title = "Rate card", order = 58.5, icon = "vaadin:tags")
@RolesAllowed({Role.MANAGER_NAME, Role.ADMIN_NAME})
class RatesView extends VerticalLayout {

    /** The currencies the portal's areas budget in; another ISO 4217 code can be typed. */
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "BRL", "GBP", "CHF");
    /** The SKU choice that asks for a GPU type not on the card yet. */
    private static final String NEW_GPU = Sku.GPU_HOUR;

    private final RateCard rateCard;
    private final Clock clock;
    private final Map<UUID, String> areaNames;
    private final List<AreaSummary> shownAreas;
    private final Select<AreaSummary> area = new Select<>();
    private final Select<String> sku = new Select<>();
    private final Checkbox ended = new Checkbox("Show ended prices");
    private final Grid<RateVersion> grid = new Grid<>();
    private List<RateVersion> versions = List.of();

    RatesView(RateCard rateCard, AreaService areas, AreaAccess access, Clock clock) {
        this.rateCard = rateCard;
        this.clock = clock;
        this.areaNames = areas.names();
        addClassName("view");
        setId("rates-view");
        boolean admin = CurrentUser.require().isAdmin();
        shownAreas = areas.myAreas().stream().filter(a -> admin || access.canManage(a.id())).toList();

        area.setId("rates-area");
        area.setLabel("Area");
        area.setWidth("min(100%, 20rem)");
        area.setItems(shownAreas);
        area.setItemLabelGenerator(a -> a == null ? "" : a.name() + " (" + a.code() + ")");
        area.setEmptySelectionAllowed(true);
        area.setEmptySelectionCaption(admin ? "Every price" : "Defaults and your areas' own");
        area.setPlaceholder(admin ? "Every price" : "Defaults and your areas' own");
        area.setTooltipText("An area: the platform's defaults in its currency and its own prices");
        sku.setId("rates-sku");
        sku.setLabel("SKU");
        sku.setWidth("min(100%, 18rem)");
        sku.setEmptySelectionAllowed(true);
        sku.setEmptySelectionCaption("Every SKU");
        sku.setPlaceholder("Every SKU");
        sku.setItemLabelGenerator(s -> s == null ? "" : Sku.label(s));
        ended.setId("rates-ended");
        area.addValueChangeListener(e -> load());
        sku.addValueChangeListener(e -> filter());
        ended.addValueChangeListener(e -> filter());
        HorizontalLayout filters = new HorizontalLayout(area, sku, ended);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        filters.setWidthFull();
        if (admin) {
            Button schedule = new Button("Schedule a price", VaadinIcon.PLUS.create(), e -> openScheduler());
            schedule.setId("rates-schedule");
            schedule.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            filters.add(schedule);
        }

        grid.setId("rates-grid");
        grid.addColumn(v -> Sku.label(v.price().sku())).setHeader("SKU").setWidth("13rem").setFlexGrow(1)
                .setTooltipGenerator(v -> Sku.label(v.price().sku()) + " (" + v.price().sku() + ")");
        grid.addColumn(v -> v.price().areaId() == null ? "Platform default" : areaNames.getOrDefault(v.price().areaId(), "?"))
                .setHeader("Price of").setAutoWidth(true).setFlexGrow(1);
        // price, currency and unit in one column, so that start, end and status stay in view beside them
        grid.addColumn(v -> CostFormats.price(v.price().unitPrice()) + " " + v.price().currency() + " per " + v.price().unit())
                .setHeader("Price").setAutoWidth(true).setFlexGrow(0);
        // fixed widths: the first rows shown (often without an end) must not size the columns for the rest
        grid.addColumn(v -> Formats.dateTime(v.price().effectiveFrom())).setHeader("From").setWidth("13.5rem").setFlexGrow(0);
        grid.addColumn(v -> v.until() == null ? Formats.NONE : Formats.dateTime(v.until())).setHeader("Until").setWidth("13.5rem")
                .setFlexGrow(0);
        grid.addComponentColumn(v -> switch (v.status()) {
            case IN_FORCE -> CostFormats.badge("In force", "success");
            case SCHEDULED -> CostFormats.badge("Scheduled", "");
            case ENDED -> CostFormats.badge("Ended", "contrast");
        }).setHeader("Status").setWidth("6.5rem").setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setEmptyStateText("No price matches these filters.");
        grid.setWidthFull();
        grid.setMinHeight("24rem");
        setFlexGrow(1, grid);

        Paragraph how = new Paragraph("What each resource costs, from a whole hour (UTC) until the next price of the same SKU. An area's "
                + "own price replaces the platform's default of that SKU. A new price applies from a coming hour, so what was "
                + "already rated keeps its price.");
        how.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.NONE);
        add(new H1("Rate card"), how, filters, grid);
        setSizeFull();
        if (!admin && !shownAreas.isEmpty()) {
            area.setValue(shownAreas.getFirst()); // a manager's area: the prices it pays
        } else {
            load();
        }
    }

    private void load() {
        AreaSummary a = area.getValue();
        versions = rateCard.card(a == null ? null : a.id());
        String chosen = sku.getValue();
        List<String> skus = versions.stream().map(v -> v.price().sku()).distinct().toList();
        sku.setItems(skus);
        sku.setValue(skus.contains(chosen) ? chosen : null);
        filter();
    }

    private void filter() {
        grid.setItems(versions.stream().filter(v -> sku.getValue() == null || v.price().sku().equals(sku.getValue()))
                .filter(v -> ended.getValue() || v.status() != RateVersion.Status.ENDED).toList());
        grid.recalculateColumnWidths(); // auto widths fit the rows now shown
    }

    private void openScheduler() {
        Dialog dialog = new Dialog();
        dialog.setId("rate-dialog");
        dialog.setHeaderTitle("Schedule a price");
        dialog.setWidth("min(640px, 95vw)");

        List<String> choices = new ArrayList<>(Sku.catalogue());
        versions.stream().map(v -> v.price().sku()).filter(s -> s.startsWith(Sku.GPU_HOUR)).distinct().sorted().forEach(choices::add);
        choices.add(NEW_GPU);
        Select<String> skuField = new Select<>();
        skuField.setId("rate-sku");
        skuField.setLabel("SKU");
        skuField.setItems(choices);
        skuField.setItemLabelGenerator(s -> NEW_GPU.equals(s) ? "GPU of another type…" : Sku.label(s) + " · per " + Sku.unit(s).orElse(""));
        TextField gpuType = new TextField("GPU type");
        gpuType.setId("rate-gpu-type");
        gpuType.setHelperText("As the workspace templates name it, e.g. nvidia-a100");
        gpuType.setVisible(false);
        Select<AreaSummary> scope = new Select<>();
        scope.setId("rate-scope");
        scope.setLabel("Price of");
        scope.setItems(shownAreas);
        scope.setItemLabelGenerator(a -> a == null ? "" : a.name() + " (its own price)");
        scope.setEmptySelectionAllowed(true);
        scope.setEmptySelectionCaption("Platform default");
        scope.setPlaceholder("Platform default");
        ComboBox<String> currency = new ComboBox<>("Currency", CURRENCIES);
        currency.setId("rate-currency");
        currency.setAllowCustomValue(true);
        currency.addCustomValueSetListener(e -> currency.setValue(e.getDetail().strip().toUpperCase(java.util.Locale.ROOT)));
        currency.setHelperText("An area's own price is in the area's currency");
        BigDecimalField price = new BigDecimalField("Unit price");
        price.setId("rate-price");
        DateTimePicker from = new DateTimePicker("From (UTC)");
        from.setId("rate-from");
        from.setStep(Duration.ofHours(1));
        from.setLocale(java.util.Locale.UK); // 24-hour times: 00:00, not 12:00 AM
        from.setDatePickerI18n(new DatePicker.DatePickerI18n().setDateFormat("yyyy-MM-dd").setFirstDayOfWeek(1));
        Instant nextHour = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        from.setHelperText("A whole hour, " + Formats.dateTime(nextHour) + " at the earliest");

        skuField.addValueChangeListener(e -> {
            gpuType.setVisible(NEW_GPU.equals(e.getValue()));
            price.setHelperText(e.getValue() == null || NEW_GPU.equals(e.getValue()) ? "per GPU-hour" : "per " + Sku.unit(e.getValue()).orElse(""));
        });
        scope.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                currency.setValue(e.getValue().monthlyBudget().currency().getCurrencyCode());
            }
        });

        RateForm form = new RateForm();
        form.sku = sku.getValue() != null ? sku.getValue() : Sku.VCPU_HOUR;
        form.currency = area.getValue() != null ? area.getValue().monthlyBudget().currency().getCurrencyCode() : "EUR";
        form.from = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).plusMonths(1).atDay(1).atStartOfDay();
        Binder<RateForm> binder = new Binder<>();
        binder.forField(skuField).asRequired("Pick what the price is for").bind(f -> f.sku, (f, v) -> f.sku = v);
        binder.forField(gpuType).withValidator(v -> !gpuType.isVisible() || v.strip().matches("[a-z0-9][a-z0-9._-]*"),
                "Give the GPU type in lower case, e.g. nvidia-a100").bind(f -> f.gpuType, (f, v) -> f.gpuType = v);
        binder.forField(scope).bind(f -> f.scope, (f, v) -> f.scope = v);
        binder.forField(currency).asRequired("Give the currency, e.g. EUR").bind(f -> f.currency, (f, v) -> f.currency = v);
        binder.forField(price).asRequired("Give the unit price")
                .withValidator(v -> v.signum() >= 0, "A price cannot be negative")
                .withValidator(v -> v.stripTrailingZeros().scale() <= 10, "At most 10 decimals")
                .bind(f -> f.price, (f, v) -> f.price = v);
        binder.forField(from).asRequired("Give the hour (UTC) from which the price applies")
                .withValidator(v -> v.getMinute() == 0 && v.getSecond() == 0 && v.getNano() == 0,
                        "A price applies from a whole hour (UTC), e.g. " + Formats.dateTime(nextHour))
                .withValidator(v -> !v.toInstant(ZoneOffset.UTC).isBefore(clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1))),
                        "A new price applies from the next hour (" + Formats.dateTime(nextHour) + ") or later: it never re-rates a past hour")
                .bind(f -> f.from, (f, v) -> f.from = v);
        binder.setBean(form);

        FormLayout layout = new FormLayout(skuField, gpuType, scope, currency, price, from);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("480px", 2));
        Paragraph note = new Paragraph("The price applies from its hour until a later price of the same SKU; hours before it keep the "
                + "price they were rated at.");
        note.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        dialog.add(layout, note);

        Button save = new Button("Schedule", e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            String code = NEW_GPU.equals(form.sku) ? Sku.gpuHour(form.gpuType.strip()) : form.sku;
            try {
                Price saved = rateCard.schedule(new RateDraft(code, form.scope == null ? null : form.scope.id(), form.currency.strip()
                        .toUpperCase(java.util.Locale.ROOT), form.price, form.from.toInstant(ZoneOffset.UTC)));
                Notices.success(Sku.label(saved.sku()) + ": " + CostFormats.price(saved.unitPrice()) + " " + saved.currency() + " per "
                        + saved.unit() + " from " + Formats.dateTime(saved.effectiveFrom()));
                dialog.close();
                load();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("sku", NEW_GPU.equals(form.sku) ? gpuType : skuField, "currency", currency, "unitPrice", price,
                        "effectiveFrom", from));
            }
        });
        save.setId("rate-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    /** The editable state of the price form. */
    private static final class RateForm {
        String sku;
        String gpuType = "";
        AreaSummary scope;
        String currency;
        BigDecimal price;
        LocalDateTime from;
    }
}
