package io.esteira.costs.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.converter.Converter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.costs.Budget;
import io.esteira.costs.BudgetChange;
import io.esteira.costs.BudgetPlan;
import io.esteira.costs.BudgetPolicy;
import io.esteira.costs.Budgets;
import io.esteira.costs.CostForecast;
import io.esteira.costs.CostForecasts;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Monthly budgets of the areas a manager answers for (administrators: every area): the area's budget
 * and its models', the thresholds that raise alerts, and this month's spend against them from the
 * ledger. Managers and administrators change the budgets; administrators alone the policy for requests
 * that would go over. Every change goes through the budgets service, which checks it and audits it.
 */
@Route("costs/budgets")
@PageTitle("Budgets · Esteira")
@Menu(title = "Budgets", order = 58, icon = "vaadin:piggy-bank")
@RolesAllowed({Role.MANAGER_NAME, Role.ADMIN_NAME})
class BudgetsView extends VerticalLayout {

    private final Budgets budgets;
    private final CostForecasts forecasts;
    private final boolean admin;
    private final YearMonth month;
    private final Grid<Row> grid = new Grid<>();
    private final VerticalLayout details = new VerticalLayout();

    /** An area's line of the overview: its budgets and this month's forecast. */
    record Row(BudgetPlan plan, CostForecast forecast) {
    }

    BudgetsView(Budgets budgets, CostForecasts forecasts, Clock clock) {
        this.budgets = budgets;
        this.forecasts = forecasts;
        this.admin = CurrentUser.require().isAdmin();
        this.month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        addClassName("view");
        setId("budgets-view");

        grid.setId("budgets-grid");
        grid.addColumn(r -> r.plan().areaName()).setHeader("Area").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(r -> Formats.amount(r.plan().area().amount()) + " " + r.plan().currency()
                + (Boolean.TRUE.equals(r.plan().area().areaDefault()) ? " (default)" : "")).setHeader("Monthly budget")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> Formats.amount(r.forecast().actual())).setHeader("Spent so far").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> CostFormats.percent(r.forecast().actual(), r.plan().area().amount())).setHeader("Of budget")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> Formats.amount(r.forecast().forecast())).setHeader("Forecast").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.plan().policy() == BudgetPolicy.REFUSE ? "Refuse" : "Warn").setHeader("Over budget")
                .setAutoWidth(true).setFlexGrow(0).setTooltipGenerator(r -> policyLabel(r.plan().policy()));
        grid.setAllRowsVisible(true); // the areas one answers for: a few dozen at most
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setEmptyStateText("You manage no area: budgets are kept by each area's managers and the administrators.");
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) {
                show(e.getValue().plan().areaId());
            }
        });

        details.setId("budget-details");
        details.setPadding(false);
        Paragraph how = new Paragraph("Each area's monthly budget and its models' budgets, against what the area spent in "
                + Formats.month(month) + " so far (the hourly ledger) and its forecast. Alerts go to the area's managers when the "
                + "spend or the forecast reaches a threshold.");
        how.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.NONE);
        add(new H1("Budgets"), how, grid, details);
        List<Row> rows = rows();
        if (!rows.isEmpty()) {
            grid.select(rows.getFirst());
        }
    }

    private List<Row> rows() {
        List<Row> rows = budgets.managed().stream().map(p -> new Row(p, forecasts.forecast(p.areaId(), month))).toList();
        grid.setItems(rows);
        return rows;
    }

    /** The area's budgets, their spend and the forms that change them. */
    private void show(UUID areaId) {
        details.removeAll();
        BudgetPlan plan = budgets.get(areaId);
        Map<String, BigDecimal> spent = forecasts.spent(areaId, month);
        H2 heading = new H2(plan.areaName());
        heading.addClassNames(LumoUtility.FontSize.XLARGE, LumoUtility.Margin.Top.LARGE);
        Paragraph summary = new Paragraph("Spent in " + Formats.month(month) + " so far: " + Formats.amount(spent.get("*")) + " "
                + plan.currency() + " of " + Formats.amount(plan.area().amount()) + " " + plan.currency() + " ("
                + CostFormats.percent(spent.get("*"), plan.area().amount()) + ")" + (Boolean.TRUE.equals(plan.area().areaDefault())
                        ? ". The budget is the area's default, set with the area." : "."));
        summary.setId("budget-spent");
        details.add(heading, summary, areaForm(plan), models(plan, spent));
    }

    private FormLayout areaForm(BudgetPlan plan) {
        BigDecimalField amount = new BigDecimalField("Monthly budget");
        amount.setId("budget-amount");
        TextField currency = new TextField("Currency");
        currency.setId("budget-currency");
        currency.setHelperText("The area's ledger currency");
        TextField actual = new TextField("Alert when the spend reaches (%)");
        actual.setId("budget-actual-thresholds");
        actual.setHelperText("Whole percentages of the budget, e.g. 50, 80, 100");
        TextField forecast = new TextField("Alert when the forecast reaches (%)");
        forecast.setId("budget-forecast-thresholds");
        forecast.setHelperText("Leave empty for no forecast alerts");
        TextField webhook = new TextField("Webhook for alerts (optional)");
        webhook.setId("budget-webhook");
        webhook.setHelperText("An https address that gets each alert as JSON");
        Select<BudgetPolicy> policy = new Select<>();
        policy.setId("budget-policy");
        policy.setLabel("Requests that would go over the budget");
        policy.setItems(BudgetPolicy.values());
        policy.setItemLabelGenerator(BudgetsView::policyLabel);
        policy.setReadOnly(!admin);
        if (!admin) {
            policy.setHelperText("Set by the platform administrators");
        }

        Budget own = plan.area();
        BudgetForm form = new BudgetForm(own.amount(), plan.currency(), own.actualThresholds(), own.forecastThresholds(),
                plan.webhookUrl() == null ? "" : plan.webhookUrl(), plan.policy());
        BudgetForm before = form.copy();
        Binder<BudgetForm> binder = new Binder<>();
        binder.forField(amount).asRequired("Give the monthly budget")
                .withValidator(v -> v.signum() >= 0, "Give the monthly budget, 0 or more")
                .withValidator(v -> v.stripTrailingZeros().scale() <= 2, "At most 2 decimals")
                .bind(f -> f.amount, (f, v) -> f.amount = v);
        binder.forField(currency).asRequired("Give the currency").bind(f -> f.currency, (f, v) -> f.currency = v);
        binder.forField(actual).withConverter(THRESHOLDS).bind(f -> f.actual, (f, v) -> f.actual = v);
        binder.forField(forecast).withConverter(THRESHOLDS).bind(f -> f.forecast, (f, v) -> f.forecast = v);
        binder.forField(webhook).bind(f -> f.webhook, (f, v) -> f.webhook = v);
        binder.forField(policy).bind(f -> f.policy, (f, v) -> f.policy = v);
        binder.setBean(form);

        Button save = new Button("Save budget", e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            // unchanged from the area's default: it stays the default (and follows the area's budget)
            boolean keepDefault = Boolean.TRUE.equals(own.areaDefault()) && form.sameBudgetAs(before);
            Budget area = keepDefault ? null : new Budget(null, null, form.amount, form.currency.strip(), form.actual, form.forecast, false);
            save(plan, new BudgetChange(area, plan.models(), admin ? form.policy : null, form.webhook), Map.of("area.amount", amount,
                    "area.currency", currency, "area.actualThresholds", actual, "area.forecastThresholds", forecast, "webhookUrl", webhook));
        });
        save.setId("budget-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout buttons = new HorizontalLayout(save);
        if (!Boolean.TRUE.equals(own.areaDefault())) {
            Button reset = new Button("Back to the area's default", e -> save(plan, new BudgetChange(null, plan.models(), null,
                    plan.webhookUrl()), Map.of()));
            reset.setId("budget-reset");
            buttons.add(reset);
        }
        FormLayout layout = new FormLayout(amount, currency, actual, forecast, webhook, policy, buttons);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 2));
        layout.setColspan(buttons, 2);
        layout.setId("budget-form");
        return layout;
    }

    private VerticalLayout models(BudgetPlan plan, Map<String, BigDecimal> spent) {
        H3 heading = new H3("Models' budgets");
        heading.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.Top.MEDIUM);
        Grid<Budget> grid = new Grid<>();
        grid.setId("model-budgets-grid");
        grid.addColumn(Budget::modelName).setHeader("Model").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(b -> Formats.amount(b.amount()) + " " + b.currency()).setHeader("Monthly budget").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(b -> Formats.amount(spent.getOrDefault(b.scopeKey(), BigDecimal.ZERO)) + " ("
                + CostFormats.percent(spent.getOrDefault(b.scopeKey(), BigDecimal.ZERO), b.amount()) + ")").setHeader("Spent so far")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(b -> thresholds(b.actualThresholds())).setHeader("Alerts at").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(b -> {
            Button edit = new Button("Edit", e -> openModelEditor(plan, b));
            edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
            Button remove = new Button(VaadinIcon.TRASH.create(), e -> {
                ConfirmDialog confirm = new ConfirmDialog("Remove the budget of " + b.modelName() + "?", "Its spend stays in the area's "
                        + "budget; there are no alerts for the model alone.", "Remove", ok -> save(plan, new BudgetChange(own(plan),
                                plan.models().stream().filter(m -> !m.modelId().equals(b.modelId())).toList(), null, plan.webhookUrl()), Map.of()));
                confirm.setCancelable(true);
                confirm.setConfirmButtonTheme("error primary");
                confirm.open();
            });
            remove.setAriaLabel("Remove the budget of " + b.modelName());
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
            HorizontalLayout both = new HorizontalLayout(edit, remove);
            both.setSpacing(false);
            both.addClassNames(LumoUtility.Gap.SMALL);
            return both;
        }).setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true); // kept in view on a phone
        grid.setItems(plan.models());
        grid.setAllRowsVisible(true); // the area's models with a budget: a handful
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setEmptyStateText("No model has a budget of its own: its spend counts in the area's budget.");
        Button add = new Button("Add a model's budget", VaadinIcon.PLUS.create(), e -> openModelEditor(plan, null));
        add.setId("model-budget-add");
        HorizontalLayout head = new HorizontalLayout(heading, add);
        head.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        head.setWrap(true);
        VerticalLayout section = new VerticalLayout(head, grid);
        section.setPadding(false);
        return section;
    }

    private void openModelEditor(BudgetPlan plan, Budget existing) {
        Dialog dialog = new Dialog();
        dialog.setId("model-budget-dialog");
        dialog.setHeaderTitle(existing == null ? "A model's budget in " + plan.areaName() : "Budget of " + existing.modelName());
        dialog.setWidth("min(560px, 95vw)");
        Map<UUID, String> choices = new LinkedHashMap<>(budgets.models(plan.areaId()));
        plan.models().stream().filter(b -> existing == null || !b.modelId().equals(existing.modelId())).forEach(b -> choices.remove(b.modelId()));
        ComboBox<UUID> model = new ComboBox<>("Model");
        model.setId("model-budget-model");
        model.setItems(choices.keySet());
        model.setItemLabelGenerator(id -> choices.getOrDefault(id, "?"));
        model.setReadOnly(existing != null);
        BigDecimalField amount = new BigDecimalField("Monthly budget");
        amount.setId("model-budget-amount");
        TextField currency = new TextField("Currency");
        currency.setId("model-budget-currency");
        TextField actual = new TextField("Alert when the spend reaches (%)");
        actual.setId("model-budget-thresholds");

        ModelForm form = new ModelForm();
        form.model = existing == null ? null : existing.modelId();
        form.amount = existing == null ? null : existing.amount();
        form.currency = plan.currency();
        form.actual = existing == null ? Budget.DEFAULT_ACTUAL : existing.actualThresholds();
        Binder<ModelForm> binder = new Binder<>();
        binder.forField(model).asRequired(choices.isEmpty() ? "Every model of the area has a budget already, or the area has no model"
                : "Pick the model").bind(f -> f.model, (f, v) -> f.model = v);
        binder.forField(amount).asRequired("Give the monthly budget")
                .withValidator(v -> v.signum() >= 0, "Give the monthly budget, 0 or more")
                .withValidator(v -> v.stripTrailingZeros().scale() <= 2, "At most 2 decimals")
                .bind(f -> f.amount, (f, v) -> f.amount = v);
        binder.forField(currency).asRequired("Give the currency").bind(f -> f.currency, (f, v) -> f.currency = v);
        binder.forField(actual).withConverter(THRESHOLDS).bind(f -> f.actual, (f, v) -> f.actual = v);
        binder.setBean(form);
        FormLayout layout = new FormLayout(model, amount, currency, actual);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("420px", 2));
        dialog.add(layout);

        Button save = new Button("Save", e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            Budget changed = new Budget(form.model, null, form.amount, form.currency.strip(), form.actual, null, false);
            List<Budget> models = new ArrayList<>(plan.models());
            int at = models.stream().map(Budget::modelId).toList().indexOf(form.model);
            if (at < 0) {
                at = models.size();
                models.add(changed);
            } else {
                models.set(at, changed);
            }
            String field = "models[" + at + "].";
            if (save(plan, new BudgetChange(own(plan), models, null, plan.webhookUrl()), Map.of(field + "modelId", model,
                    field + "amount", amount, field + "currency", currency, field + "actualThresholds", actual))) {
                dialog.close();
            }
        });
        save.setId("model-budget-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    /** Saves the area's budgets; the service's field errors go next to their fields. @return whether it was saved */
    private boolean save(BudgetPlan plan, BudgetChange change, Map<String, ? extends com.vaadin.flow.component.HasValidation> fields) {
        try {
            budgets.put(plan.areaId(), change);
        } catch (InvalidRequestException ex) {
            Notices.fieldErrors(ex, fields);
            return false;
        }
        Notices.success("Budgets of " + plan.areaName() + " saved");
        UUID area = plan.areaId();
        // new items clear the selection: selecting the area again shows it as saved
        rows().stream().filter(r -> r.plan().areaId().equals(area)).findFirst().ifPresent(grid::select);
        return true;
    }

    /** The area's own budget as it is, for a change of its models: none while it is the area's default. */
    private static Budget own(BudgetPlan plan) {
        return Boolean.TRUE.equals(plan.area().areaDefault()) ? null : plan.area();
    }

    private static String policyLabel(BudgetPolicy p) {
        return p == BudgetPolicy.REFUSE ? "Refuse them" : "Let them through with a warning";
    }

    private static String thresholds(List<Integer> t) {
        return t.isEmpty() ? "no alerts" : t.stream().map(i -> i + "%").collect(Collectors.joining(", "));
    }

    /** "50, 80, 100" ⇄ [50, 80, 100]: whole percentages from 1 to 1000. */
    private static final Converter<String, List<Integer>> THRESHOLDS = Converter.from(text -> {
        String s = text == null ? "" : text.replace("%", " ").strip();
        if (s.isEmpty()) {
            return Result.ok(List.of());
        }
        try {
            List<Integer> values = Arrays.stream(s.split("[,;\\s]+")).map(Integer::valueOf).distinct().sorted().toList();
            return values.size() <= 10 && values.stream().allMatch(v -> v >= 1 && v <= 1000) ? Result.ok(values)
                    : Result.error("Give at most 10 whole percentages from 1 to 1000");
        } catch (NumberFormatException e) {
            return Result.error("Give whole percentages separated by commas, e.g. 50, 80, 100");
        }
    }, list -> list == null ? "" : list.stream().map(String::valueOf).collect(Collectors.joining(", ")));

    /** The editable state of the area's budget form. */
    private static final class BudgetForm {
        BigDecimal amount;
        String currency;
        List<Integer> actual;
        List<Integer> forecast;
        String webhook;
        BudgetPolicy policy;

        BudgetForm(BigDecimal amount, String currency, List<Integer> actual, List<Integer> forecast, String webhook, BudgetPolicy policy) {
            this.amount = amount;
            this.currency = currency;
            this.actual = actual;
            this.forecast = forecast;
            this.webhook = webhook;
            this.policy = policy;
        }

        BudgetForm copy() {
            return new BudgetForm(amount, currency, actual, forecast, webhook, policy);
        }

        boolean sameBudgetAs(BudgetForm o) {
            return amount.compareTo(o.amount) == 0 && currency.strip().equalsIgnoreCase(o.currency) && Objects.equals(actual, o.actual)
                    && Objects.equals(forecast, o.forecast);
        }
    }

    /** The editable state of a model's budget. */
    private static final class ModelForm {
        UUID model;
        BigDecimal amount;
        String currency;
        List<Integer> actual;
    }
}
