package io.esteira.costs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.costs.BudgetPolicy;
import io.esteira.costs.CostQuote;
import io.esteira.shared.Formats;
import java.util.Currency;
import org.springframework.modulith.NamedInterface;

/**
 * Cost at the point of request, the same in every wizard that starts something that costs (workspaces,
 * schedules, training jobs): the price in figures, what is left of the area's budget this month after it, the month's
 * forecast it adds to, and the area's policy when it would go over. Ids: {@code price-hour} or
 * {@code price-run}, {@code price-month}, {@code budget-left}, {@code cost-basis}, {@code budget-forecast},
 * {@code budget-warning}.
 */
@NamedInterface("cost-quote-panel")
public class CostQuotePanel extends Composite<Div> implements HasStyle {

    public CostQuotePanel() {
        getContent().addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.MEDIUM);
    }

    /**
     * Something that runs until it is stopped (a workspace): per hour, per month if always on, the budget left.
     *
     * @param what   it in the user's words, e.g. "this workspace"
     * @param action what the user does with it, e.g. "start it"
     */
    public void showRunning(CostQuote q, String areaName, String what, String action) {
        Currency c = Currency.getInstance(q.currency());
        getContent().removeAll();
        getContent().add(stat("Per hour", Formats.money(q.hourly(), c), "price-hour"),
                stat("Per month, if always on", Formats.money(q.monthly(), c), "price-month"), budgetLeft(q, c));
        getContent().add(note("This month's forecast for " + areaName + " is " + Formats.money(q.forecast(), c) + "; left on until the month ends, "
                + what + " adds " + Formats.money(q.thisMonth(), c) + ".", "budget-forecast"));
        warning(q, action);
    }

    /**
     * Something that runs on a schedule: per run, about how many runs a month and their cost, the budget left after
     * its runs left this month.
     *
     * @param basis how a run's price was found, e.g. "2 min 10 s, the average of its last 10 runs"
     */
    public void showRuns(CostQuote q, String areaName, String basis, String action) {
        Currency c = Currency.getInstance(q.currency());
        getContent().removeAll();
        int runs = q.runsPerMonth() == null ? 0 : q.runsPerMonth();
        getContent().add(stat("Per run", Formats.money(q.perRun(), c), "price-run"),
                stat("About " + Formats.count(runs) + (runs == 1 ? " run" : " runs") + " a month", "≈ " + Formats.money(q.monthly(), c),
                        "price-month"), budgetLeft(q, c));
        getContent().add(note("Each run is priced at " + basis + ".", "cost-basis"));
        getContent().add(note("This month's forecast for " + areaName + " is " + Formats.money(q.forecast(), c) + "; its runs left this month add "
                + Formats.money(q.thisMonth(), c) + ".", "budget-forecast"));
        warning(q, action);
    }

    /**
     * One run of something that holds its resources for at most a time (a training run): per hour, the run at its maximum
     * time, the budget left after it.
     *
     * @param basis the run's limit in words, e.g. "size S for 1 h"
     */
    public void showRun(CostQuote q, String areaName, String basis, String action) {
        Currency c = Currency.getInstance(q.currency());
        getContent().removeAll();
        getContent().add(stat("Per hour", Formats.money(q.hourly(), c), "price-hour"), stat("One run, at most", Formats.money(q.perRun(), c), "price-run"),
                budgetLeft(q, c));
        getContent().add(note("A run is billed for the time it really runs, at most " + basis + "; a run that ends sooner costs less.",
                "cost-basis"));
        getContent().add(note("This month's forecast for " + areaName + " is " + Formats.money(q.forecast(), c) + "; a run adds at most "
                + Formats.money(q.thisMonth(), c) + ".", "budget-forecast"));
        warning(q, action);
    }

    /** No figures: a prompt ("Pick a size…") or why there is no price. */
    public void showMessage(String text) {
        getContent().removeAll();
        getContent().add(new Paragraph(text));
    }

    private static Component budgetLeft(CostQuote q, Currency c) {
        return stat("Left of the " + Formats.money(q.budget(), c) + " budget this month, after it", Formats.money(q.remaining(), c), "budget-left");
    }

    private void warning(CostQuote q, String action) {
        if (!q.overBudget()) {
            return;
        }
        boolean refuse = q.policy() == BudgetPolicy.REFUSE;
        Paragraph over = note(refuse
                ? "This would take the area over its budget, and the area refuses requests over budget: ask a manager to raise it."
                : "This would take the area over its budget: you can still " + action + ", and the area's managers will be told.",
                "budget-warning");
        over.removeClassName(LumoUtility.TextColor.SECONDARY);
        over.addClassNames(refuse ? LumoUtility.TextColor.ERROR : LumoUtility.TextColor.WARNING);
        getContent().add(over);
    }

    private static Paragraph note(String text, String id) {
        Paragraph p = new Paragraph(text);
        p.setId(id);
        p.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Width.FULL, LumoUtility.Margin.NONE);
        return p;
    }

    private static Component stat(String label, String value, String id) {
        Span l = new Span(label);
        l.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        Span v = new Span(value);
        v.setId(id);
        v.addClassNames(LumoUtility.FontSize.XLARGE, LumoUtility.FontWeight.SEMIBOLD);
        Div card = new Div(l, v);
        card.addClassNames("stat-card", LumoUtility.Padding.MEDIUM, LumoUtility.Border.ALL, LumoUtility.BorderRadius.MEDIUM);
        return card;
    }
}
