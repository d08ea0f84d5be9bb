package io.esteira.home;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.BudgetAlert;
import io.esteira.costs.CostForecast;
import io.esteira.costs.StatementView;
import io.esteira.shared.Formats;
import io.esteira.shared.ui.chart.ChartData;
import io.esteira.shared.ui.chart.ChartData.SeriesData;
import io.esteira.shared.ui.chart.DataChart;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A manager's first look at an area's month, all from the costs module: what it has spent so far, the forecast with its
 * band and share of the budget, this month's budget alerts, the months before, and where to read more (the area's costs,
 * its last statement). Says so in words when nothing was used yet or no budget is set.
 */
class AreaCostCard extends Div {

    // the month alone ("May"), not Formats.shortMonth: five bars on a phone's narrow chart must keep their labels apart
    private static final DateTimeFormatter SHORT_MONTH = DateTimeFormatter.ofPattern("MMM", Locale.UK);

    private final Currency currency;

    AreaCostCard(AreaSummary area, CostForecast f, List<BudgetAlert> alerts, Optional<StatementView> last) {
        this.currency = Currency.getInstance(f.currency());
        String code = area.code();
        setId("home-cost-" + code);
        addClassNames("stat-card", "cost-card", LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN, LumoUtility.Gap.XSMALL,
                LumoUtility.Padding.MEDIUM, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Background.CONTRAST_5);
        YearMonth month = YearMonth.parse(f.month());
        String monthName = Formats.month(month);

        H3 name = new H3(area.name());
        name.addClassNames(LumoUtility.FontSize.MEDIUM, LumoUtility.Margin.NONE);
        Span caption = new Span(monthName + " · " + code);
        caption.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
        add(name, caption);

        boolean used = f.actual().signum() != 0 || f.forecast().signum() != 0
                || f.lastMonths().stream().anyMatch(m -> m.amount().signum() != 0);
        if (!used) {
            Paragraph empty = new Paragraph("Nothing used in " + area.name() + " yet: its workspaces, scheduled queries and deployments "
                    + "show here, with a forecast, once they start.");
            empty.setId("home-cost-empty-" + code);
            empty.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Vertical.XSMALL);
            add(empty);
        } else {
            Span spent = new Span(money(f.actual()));
            spent.addClassName("stat-value");
            spent.setId("home-cost-spent-" + code);
            Span spentCaption = new Span("spent so far this month");
            spentCaption.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
            add(spent, spentCaption);
        }

        boolean budgeted = f.budget() != null && f.budget().signum() > 0;
        if (used) {
            Paragraph forecast = new Paragraph();
            forecast.setId("home-cost-forecast-" + code);
            forecast.addClassNames(LumoUtility.Margin.Vertical.XSMALL);
            forecast.setText("Forecast for " + monthName + ": " + money(f.forecast()) + " (" + money(f.low()) + " to " + money(f.high())
                    + ")" + (budgeted ? ", " + percent(f.percentOfBudget()) + " of the " + money(f.budget()) + " budget" : ""));
            add(forecast);
        }
        if (budgeted) {
            double share = f.actual().divide(f.budget(), 4, RoundingMode.HALF_UP).doubleValue();
            ProgressBar bar = new ProgressBar(0, 1, Math.min(1, share));
            bar.setId("home-cost-bar-" + code);
            boolean over = f.percentOfBudget() != null && f.percentOfBudget().compareTo(BigDecimal.valueOf(100)) > 0;
            if (over) {
                bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
            }
            bar.getElement().setAttribute("aria-label", "Spent " + percent(BigDecimal.valueOf(share * 100)) + " of the budget");
            Span barCaption = new Span("Spent " + percent(BigDecimal.valueOf(share * 100)) + " of the " + money(f.budget()) + " budget"
                    + (over ? "; at this pace the month ends over it" : ""));
            barCaption.addClassNames(LumoUtility.FontSize.XSMALL, over ? LumoUtility.TextColor.ERROR : LumoUtility.TextColor.SECONDARY);
            add(bar, barCaption);
        } else {
            Paragraph none = new Paragraph("No budget is set for " + area.name() + ", so nothing is measured against one and no budget "
                    + "alert is raised. Its managers can set one.");
            none.setId("home-cost-no-budget-" + code);
            none.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Vertical.XSMALL);
            add(none);
        }

        Div alertList = new Div();
        alertList.setId("home-cost-alerts-" + code);
        alertList.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN, LumoUtility.Gap.XSMALL);
        List<BudgetAlert> open = alerts.stream().filter(a -> a.month().equals(f.month())).toList();
        for (BudgetAlert a : open) {
            Span alert = new Span(describe(a));
            alert.getElement().getThemeList().add("badge error");
            alert.getStyle().set("white-space", "normal").set("text-align", "start").set("line-height", "1.3");
            alertList.add(alert);
        }
        if (open.isEmpty() && budgeted) {
            Span none = new Span("No budget alert this month.");
            none.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            alertList.add(none);
        }
        add(alertList);

        if (used) {
            List<String> categories = new ArrayList<>();
            List<BigDecimal> values = new ArrayList<>();
            for (CostForecast.Month m : f.lastMonths()) {
                categories.add(SHORT_MONTH.format(YearMonth.parse(m.month())));
                values.add(m.amount().setScale(2, RoundingMode.HALF_UP));
            }
            String now = SHORT_MONTH.format(month);
            categories.add(now); // so far; short labels, so that a phone's narrow chart keeps them apart
            values.add(f.actual().setScale(2, RoundingMode.HALF_UP));
            categories.add("Forecast");
            values.add(f.forecast().setScale(2, RoundingMode.HALF_UP));
            DataChart chart = new DataChart("home-cost-chart-" + code, area.name() + ": the last three months, " + monthName
                    + " so far and its forecast (" + currency.getCurrencyCode() + ")", DataChart.Kind.BAR, "");
            chart.show(new ChartData("Month", categories, List.of(new SeriesData("Spend (" + currency.getCurrencyCode() + ")", values))));
            chart.chart().setHeight("180px");
            add(chart);
        }

        Div links = new Div();
        links.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.Column.MEDIUM, LumoUtility.Gap.Row.XSMALL,
                LumoUtility.FontSize.SMALL);
        Anchor costs = new Anchor("costs?area=" + java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8) + "&month="
                + month, "Open " + area.name() + "'s costs");
        costs.setId("home-cost-link-" + code);
        links.add(costs);
        if (last.isPresent()) {
            StatementView s = last.get();
            Anchor statement = new Anchor("costs/statements", "Last statement: " + Formats.month(s.month()) + ", " + money(s.total())
                    + (s.poolTotal().signum() == 0 ? "" : " with shared platform costs"));
            statement.setId("home-cost-statement-" + code);
            statement.setTitle(s.number());
            links.add(statement);
        } else {
            Span none = new Span("No statement yet: one is issued when a month closes.");
            none.addClassNames(LumoUtility.TextColor.SECONDARY);
            links.add(none);
        }
        add(links);
    }

    private String describe(BudgetAlert a) {
        String what = a.scope().equals("*") ? "" : "The model " + a.scopeName() + ": ";
        String when = Formats.dayMonth(a.raisedAt());
        return a.kind() == BudgetAlert.Kind.ACTUAL
                ? what + (what.isEmpty() ? "S" : "s") + "pent " + a.threshold() + "% of the " + money(a.budget()) + " budget (" + money(a.amount())
                        + ", " + when + ")"
                : what + (what.isEmpty() ? "F" : "f") + "orecast to reach " + a.threshold() + "% of the " + money(a.budget()) + " budget ("
                        + money(a.amount()) + ", " + when + ")";
    }

    private String money(BigDecimal amount) {
        return Formats.money(amount, currency);
    }

    private static String percent(BigDecimal p) {
        return Formats.percent(p == null ? null : p.doubleValue() / 100, 0);
    }
}
