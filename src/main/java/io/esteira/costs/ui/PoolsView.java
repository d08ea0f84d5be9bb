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
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
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
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.PoolDraft;
import io.esteira.costs.PoolRule;
import io.esteira.costs.SharedPool;
import io.esteira.costs.SharedPools;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.Notices;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The shared pools of a month: platform overhead (the portal, its database, the cluster's unallocated
 * capacity) that the monthly close distributes over the areas by each pool's rule. Administrators add,
 * change and remove pools; each change saves the month's whole set through the service, so a refused
 * pool leaves the month as it was. A closed month is read-only.
 */
@Route("costs/pools")
@PageTitle("Shared pools · Esteira")
@Menu(title = "Shared pools", order = 59, icon = "vaadin:split")
@RolesAllowed(Role.ADMIN_NAME)
class PoolsView extends VerticalLayout {

    private static final List<String> CURRENCIES = List.of("EUR", "USD", "BRL", "GBP", "CHF");

    private final SharedPools pools;
    private final List<AreaSummary> areas;
    private final Map<UUID, String> areaNames;
    private final Select<YearMonth> month = new Select<>();
    private final Paragraph closedNote = new Paragraph();
    private final Button add = new Button("Add a pool", VaadinIcon.PLUS.create());
    private final Grid<SharedPool> grid = new Grid<>();
    private final Grid.Column<SharedPool> actions;
    private List<SharedPool> current = List.of();
    private boolean closed;

    PoolsView(SharedPools pools, AreaService areaService, Clock clock) {
        this.pools = pools;
        this.areas = areaService.myAreas();
        this.areaNames = areaService.names();
        addClassName("view");
        setId("pools-view");

        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        List<YearMonth> months = new ArrayList<>();
        for (int i = -3; i <= 12; i++) {
            months.add(now.minusMonths(i));
        }
        month.setId("pools-month");
        month.setLabel("Month");
        month.setItems(months);
        month.setItemLabelGenerator(m -> Formats.month(m) + (m.equals(now) ? " (this month)" : ""));
        month.setWidth("15rem");
        month.setValue(now);
        month.addValueChangeListener(e -> load());
        add.setId("pools-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(e -> openEditor(-1));
        HorizontalLayout bar = new HorizontalLayout(month, add);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        bar.setWrap(true);

        closedNote.setId("pools-closed");
        closedNote.addClassNames(LumoUtility.Background.CONTRAST_5, LumoUtility.Padding.SMALL, LumoUtility.BorderRadius.MEDIUM);

        grid.setId("pools-grid");
        grid.addColumn(SharedPool::name).setHeader("Pool").setAutoWidth(true).setFlexGrow(1).setTooltipGenerator(SharedPool::name);
        grid.addColumn(p -> Formats.amount(p.amount()) + " " + p.currency()).setHeader("Amount").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(p -> ruleLabel(p.rule())).setHeader("Shared").setWidth("15rem").setFlexGrow(0);
        grid.addColumn(p -> shares(p.shares())).setHeader("Shares").setFlexGrow(2).setTooltipGenerator(p -> shares(p.shares()));
        actions = grid.addComponentColumn(p -> {
            if (closed) {
                return new Span();
            }
            int index = current.indexOf(p);
            Button edit = new Button("Edit", e -> openEditor(index));
            edit.setId("pool-edit-" + index);
            edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
            Button remove = new Button(VaadinIcon.TRASH.create(), e -> confirmRemove(index));
            remove.setId("pool-remove-" + index);
            remove.setAriaLabel("Remove " + p.name());
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
            HorizontalLayout both = new HorizontalLayout(edit, remove);
            both.setSpacing(false);
            both.addClassNames(LumoUtility.Gap.SMALL);
            return both;
        }).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true); // kept in view on a phone
        grid.setAllRowsVisible(true); // a month has a handful of pools
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);

        Paragraph how = new Paragraph("Platform overhead priced per month and shared among the areas billed in the pool's currency when "
                + "the month closes: in proportion to each area's direct cost, evenly over the active areas, or by fixed percentages "
                + "that sum to exactly 100%.");
        how.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.NONE);
        add(new H1("Shared pools"), how, bar, closedNote, grid);
        load();
    }

    private void load() {
        YearMonth m = month.getValue();
        current = pools.pools(m);
        closed = pools.isClosed(m);
        closedNote.setText(Formats.month(m) + " is closed: its statements were issued with these pools, so they can no longer change.");
        closedNote.setVisible(closed);
        add.setVisible(!closed);
        actions.setVisible(!closed);
        grid.setEmptyStateText(closed ? "No shared pools were set for " + Formats.month(m) + "."
                : "No shared pools for " + Formats.month(m) + " yet: add the platform's overhead with \"Add a pool\".");
        grid.setItems(current);
    }

    private void confirmRemove(int index) {
        SharedPool p = current.get(index);
        ConfirmDialog confirm = new ConfirmDialog("Remove " + p.name() + "?", "The areas will not share " + Formats.amount(p.amount())
                + " " + p.currency() + " in " + Formats.month(month.getValue()) + ".", "Remove", ok -> {
                    List<PoolDraft> rest = drafts();
                    rest.remove(index);
                    try {
                        pools.set(month.getValue(), rest);
                        Notices.success(p.name() + " removed from " + Formats.month(month.getValue()));
                    } catch (InvalidRequestException ex) {
                        Notices.error(ex.getMessage());
                    }
                    load();
                });
        confirm.setId("pool-remove-confirm");
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    /** Adds a pool ({@code index} -1) or changes one, saving the month's set at once. */
    private void openEditor(int index) {
        SharedPool existing = index < 0 ? null : current.get(index);
        Dialog dialog = new Dialog();
        dialog.setId("pool-dialog");
        dialog.setHeaderTitle(existing == null ? "Add a pool to " + Formats.month(month.getValue()) : existing.name());
        dialog.setWidth("min(640px, 95vw)");

        TextField name = new TextField("Name");
        name.setId("pool-name");
        name.setHelperText("e.g. Portal and database");
        BigDecimalField amount = new BigDecimalField("Amount for the month");
        amount.setId("pool-amount");
        ComboBox<String> currency = new ComboBox<>("Currency", CURRENCIES);
        currency.setId("pool-currency");
        currency.setAllowCustomValue(true);
        currency.addCustomValueSetListener(e -> currency.setValue(e.getDetail().strip().toUpperCase(Locale.ROOT)));
        Select<PoolRule> rule = new Select<>();
        rule.setId("pool-rule");
        rule.setLabel("Shared");
        rule.setItems(PoolRule.values());
        rule.setItemLabelGenerator(PoolsView::ruleLabel);

        Map<UUID, BigDecimalField> shareFields = new LinkedHashMap<>();
        FormLayout sharesForm = new FormLayout();
        sharesForm.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("420px", 3));
        Span total = new Span();
        total.setId("pool-shares-total");
        Span sharesError = new Span();
        sharesError.setId("pool-shares-error");
        sharesError.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.FontSize.SMALL);
        Runnable sum = () -> {
            BigDecimal s = shareFields.values().stream().map(BigDecimalField::getValue).filter(v -> v != null).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            total.setText("Together: " + Formats.number(s.doubleValue(), 4) + "% of 100%");
        };
        for (AreaSummary a : areas) {
            BigDecimalField f = new BigDecimalField(a.name());
            f.setId("pool-share-" + a.code());
            f.setSuffixComponent(new Span("%"));
            f.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
            f.addValueChangeListener(e -> {
                sum.run();
                sharesError.setText("");
            });
            if (existing != null && existing.shares().containsKey(a.id())) {
                f.setValue(existing.shares().get(a.id()));
            }
            shareFields.put(a.id(), f);
            sharesForm.add(f);
        }
        sum.run();
        H3 sharesHeading = new H3("Percentage of each area");
        sharesHeading.addClassNames(LumoUtility.FontSize.MEDIUM, LumoUtility.Margin.Top.MEDIUM);
        Div sharesBox = new Div(sharesHeading, sharesForm, total, new Div(sharesError));
        sharesBox.setId("pool-shares");
        rule.addValueChangeListener(e -> sharesBox.setVisible(e.getValue() == PoolRule.FIXED));

        PoolForm form = new PoolForm();
        if (existing != null) {
            form.name = existing.name();
            form.amount = existing.amount();
            form.currency = existing.currency();
            form.rule = existing.rule();
        }
        Binder<PoolForm> binder = new Binder<>();
        binder.forField(name).asRequired("Give the pool a name").withValidator(v -> v.strip().length() <= 120, "At most 120 characters")
                .bind(f -> f.name, (f, v) -> f.name = v);
        binder.forField(amount).asRequired("Give the month's amount")
                .withValidator(v -> v.signum() >= 0, "Give the month's amount, zero or more")
                .withValidator(v -> v.stripTrailingZeros().scale() <= 2, "Give the amount in whole cents (at most 2 decimals)")
                .bind(f -> f.amount, (f, v) -> f.amount = v);
        binder.forField(currency).asRequired("Give the currency, e.g. EUR").bind(f -> f.currency, (f, v) -> f.currency = v);
        binder.forField(rule).asRequired("Pick how the pool is shared").bind(f -> f.rule, (f, v) -> f.rule = v);
        binder.setBean(form);
        sharesBox.setVisible(form.rule == PoolRule.FIXED);

        FormLayout layout = new FormLayout(name, amount, currency, rule);
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("480px", 2));
        dialog.add(layout, sharesBox);

        Button save = new Button("Save", e -> {
            if (!binder.validate().isOk()) {
                return;
            }
            Map<UUID, BigDecimal> shares = form.rule != PoolRule.FIXED ? null : shareFields.entrySet().stream()
                    .filter(s -> s.getValue().getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, s -> s.getValue().getValue(), (x, y) -> x, LinkedHashMap::new));
            PoolDraft draft = new PoolDraft(form.name.strip(), form.amount, form.currency.strip().toUpperCase(Locale.ROOT), form.rule.name(),
                    shares);
            List<PoolDraft> all = drafts();
            int at = index < 0 ? all.size() : index;
            if (index < 0) {
                all.add(draft);
            } else {
                all.set(index, draft);
            }
            try {
                pools.set(month.getValue(), all);
                Notices.success(draft.name() + " saved for " + Formats.month(month.getValue()));
                dialog.close();
                load();
            } catch (InvalidRequestException ex) {
                String prefix = "pools[" + at + "].";
                String shareProblem = ex.fieldErrors().get(prefix + "shares");
                if (shareProblem != null) {
                    sharesError.setText(shareProblem);
                }
                Map<String, String> mine = new LinkedHashMap<>();
                ex.fieldErrors().forEach((k, v) -> {
                    if (k.startsWith(prefix) && List.of("name", "amount", "currency", "rule").contains(k.substring(prefix.length()))) {
                        mine.put(k.substring(prefix.length()), v);
                    }
                });
                if (!mine.isEmpty()) {
                    Notices.fieldErrors(new InvalidRequestException(mine.values().iterator().next(), mine), Map.of("name", name,
                            "amount", amount, "currency", currency, "rule", rule));
                } else if (shareProblem == null) {
                    Notices.error(ex.getMessage());
                }
            }
        });
        save.setId("pool-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    /** The month's pools as they are stored, to save again with one changed. */
    private List<PoolDraft> drafts() {
        return current.stream().map(p -> new PoolDraft(p.name(), p.amount(), p.currency(), p.rule().name(),
                p.rule() == PoolRule.FIXED ? p.shares() : null)).collect(Collectors.toCollection(ArrayList::new));
    }

    private String shares(Map<UUID, BigDecimal> shares) {
        return shares.isEmpty() ? Formats.NONE : shares.entrySet().stream().sorted(Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
                .map(s -> areaNames.getOrDefault(s.getKey(), "?") + " " + Formats.number(s.getValue().doubleValue(), 4) + "%")
                .collect(Collectors.joining(" · "));
    }

    static String ruleLabel(PoolRule rule) {
        return switch (rule) {
            case PROPORTIONAL -> "In proportion to direct cost";
            case EVEN -> "Evenly over the active areas";
            case FIXED -> "By fixed percentages";
        };
    }

    /** The editable state of the pool form. */
    private static final class PoolForm {
        String name = "";
        BigDecimal amount;
        String currency = "EUR";
        PoolRule rule = PoolRule.PROPORTIONAL;
    }
}
