package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cost at the point of request: before she starts a workspace, a data scientist sees what it costs and what it leaves of the
 * budget; in the demo, Credit Risk is forecast over its budget this month (a GPU workspace was left running), and the wizard
 * says so before she starts another.
 */
class WorkspaceBudgetIT extends PortalIT {

    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.areas.AreaService areas;
    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.costs.Statements statements;
    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.costs.BudgetAlerts alerts;
    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.costs.MonthlyClose close;
    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.costs.Budgets budgets;

    @Test
    void the_wizard_shows_the_hourly_price_the_month_price_and_the_budget_left_after_it_before_the_workspace_starts() {
        DemoCosts.awaitHistory(areas, statements, alerts, close);
        io.esteira.costs.BudgetPlan plan = io.esteira.shared.security.SystemActor.call(() -> budgets.get(DemoCosts.credit(areas)));
        String budget = new io.esteira.shared.Money(plan.area().amount(), java.util.Currency.getInstance(plan.currency()))
                .format(java.util.Locale.UK);
        signIn("ds.credit");
        page.navigate("/workspaces");
        page.locator("#new-workspace").click();
        page.locator("#wizard-template vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Jupyter on the portal")).click();
        page.locator("#wizard-next").click();

        page.locator("#wizard-size vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("XS ·")).click();
        assertThat(page.locator("#price-hour")).hasText(Pattern.compile("€\\d+\\.\\d{2}"));
        assertThat(page.locator("#price-month")).hasText(Pattern.compile("€[\\d,]+\\.\\d{2}"));
        assertThat(page.locator("#budget-left")).hasText(Pattern.compile("^-€[\\d,]+\\.\\d{2}$"));
        assertThat(page.locator("#wizard-pricing")).containsText("Left of the " + budget + " budget this month, after it");
        assertThat(page.locator("#budget-forecast")).containsText("This month's forecast for Credit Risk is €");
        assertThat(page.locator("#budget-forecast")).containsText("this workspace adds €");
        // the area's policy is WARN: she may still start it, and is told the managers will hear of it
        assertThat(page.locator("#budget-warning")).hasText(
                "This would take the area over its budget: you can still start it, and the area's managers will be told.");
        screenshot("workspace-budget-size");

        page.locator("#wizard-next").click();
        page.locator("#wizard-name input").fill("budget-" + UUID.randomUUID().toString().substring(0, 6));
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-review")).containsText("per month if always on");
        assertThat(page.locator("#wizard-review")).containsText("left of this month's budget after it");
        screenshot("workspace-budget-review");
    }
}
