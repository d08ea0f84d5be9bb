package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Cost at the point of request: before she starts a workspace, a data scientist sees what it costs and what it leaves of the budget. */
class WorkspaceBudgetIT extends PortalIT {

    @Test
    void the_wizard_shows_the_hourly_price_the_month_price_and_the_budget_left_after_it_before_the_workspace_starts() {
        signIn("ds.credit");
        page.navigate("/workspaces");
        page.locator("#new-workspace").click();
        page.locator("#wizard-template vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Jupyter on the portal")).click();
        page.locator("#wizard-next").click();

        page.locator("#wizard-size vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("XS ·")).click();
        assertThat(page.locator("#price-hour")).hasText(Pattern.compile("€\\d+\\.\\d{2}"));
        assertThat(page.locator("#price-month")).hasText(Pattern.compile("€[\\d,]+\\.\\d{2}"));
        assertThat(page.locator("#budget-left")).hasText(Pattern.compile("€[\\d,]+\\.\\d{2}"));
        assertThat(page.locator("#wizard-pricing")).containsText("Left of the €120,000.00 budget this month, after it");
        assertThat(page.locator("#budget-forecast")).containsText("This month's forecast for Credit Risk is €");
        assertThat(page.locator("#budget-forecast")).containsText("this workspace adds €");
        assertThat(page.locator("#budget-warning")).hasCount(0);
        screenshot("workspace-budget-size");

        page.locator("#wizard-next").click();
        page.locator("#wizard-name input").fill("budget-" + UUID.randomUUID().toString().substring(0, 6));
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-review")).containsText("per month if always on");
        assertThat(page.locator("#wizard-review")).containsText("left of this month's budget after it");
        screenshot("workspace-budget-review");
    }
}
