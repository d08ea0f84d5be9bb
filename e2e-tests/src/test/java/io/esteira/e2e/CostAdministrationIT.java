package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import io.esteira.areas.AreaService;
import io.esteira.costs.BudgetChange;
import io.esteira.costs.BudgetPlan;
import io.esteira.costs.BudgetPolicy;
import io.esteira.costs.Budgets;
import io.esteira.costs.MonthlyClose;
import io.esteira.costs.PoolDraft;
import io.esteira.costs.RateCard;
import io.esteira.costs.SharedPools;
import io.esteira.shared.security.SystemActor;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The cost administration pages: an administrator schedules a price from next month on the rate card
 * (this month's price stays) and sets a month's shared pools; a manager edits their area's budget and
 * sees no other area's. Bad input is refused next to its field and stores nothing.
 */
class CostAdministrationIT extends PortalIT {

    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.areas.AreaService demoAreas;
    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.costs.Statements demoStatements;
    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.costs.BudgetAlerts demoAlerts;
    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.costs.MonthlyClose demoClose;

    /** The demo's cost history sets budgets and closes months in the background: these journeys start once it is written. */
    @org.junit.jupiter.api.BeforeEach
    void afterTheDemoCostHistory() {
        DemoCosts.awaitHistory(demoAreas, demoStatements, demoAlerts, demoClose);
    }


    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    @Autowired
    RateCard rateCard;
    @Autowired
    SharedPools pools;
    @Autowired
    MonthlyClose close;
    @Autowired
    Budgets budgets;
    @Autowired
    AreaService areas;

    private UUID area(String name) {
        return SystemActor.call(() -> areas.names()).entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    /** Opens a page and waits for its view (the default 20 s: a loaded machine can take more than an assertion's 5 s). */
    private void open(String path, String viewId) {
        page.navigate(path);
        page.locator("#" + viewId).waitFor();
    }

    /** The grid's shown cells with the text (a grid keeps rows it no longer shows, hidden, for reuse). */
    private static Locator visibleCells(Locator grid, String text) {
        return grid.locator("vaadin-grid-cell-content:visible").filter(new Locator.FilterOptions().setHasText(text));
    }

    /** Picks an item of a select by its text (the open list's items: not the header's area switcher, nor a select's shown value). */
    private void choose(String selectId, String item) {
        page.locator("#" + selectId).click();
        page.locator("vaadin-select-item[role=option]:visible").filter(new Locator.FilterOptions().setHasText(item)).first().click();
    }

    @Test
    void an_administrator_schedules_a_price_from_next_month_this_months_price_stays_and_bad_prices_are_refused_on_their_field() {
        UUID credit = area("Credit Risk");
        Currency eur = Currency.getInstance("EUR");
        BigDecimal now = SystemActor.call(() -> rateCard.ratesFor(credit, eur)).vcpuHour();
        int versions = SystemActor.call(() -> rateCard.prices(null)).size();
        YearMonth next = YearMonth.now(ZoneOffset.UTC).plusMonths(1);
        String start = "1 " + next.format(DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK)) + ", 00:00 UTC";

        signIn("admin");
        open("/costs/rates", "rates-view");
        Locator grid = page.locator("#rates-grid");
        assertThat(grid).containsText("Compute (vCPU)");
        assertThat(grid).containsText("Platform default");
        screenshot("cost-rates");

        page.locator("#rates-schedule").click();
        assertThat(page.locator("#rate-from vaadin-date-picker input")).hasValue(next.atDay(1).toString());
        // a negative price from a past day: both refused where they were typed
        page.locator("#rate-price input").fill("-0.01");
        page.locator("#rate-from vaadin-date-picker input").fill("2020-01-01");
        page.locator("#rate-from vaadin-date-picker input").press("Enter");
        page.locator("#rate-save").click();
        assertThat(page.locator("#rate-price")).hasAttribute("invalid", "");
        assertThat(page.locator("#rate-price")).containsText("A price cannot be negative");
        assertThat(page.locator("#rate-from")).containsText("it never re-rates a past hour");
        screenshot("cost-rates-invalid");
        // an unknown currency: the service's word on the currency field
        page.locator("#rate-price input").fill("0.05");
        page.locator("#rate-from vaadin-date-picker input").fill(next.atDay(1).toString());
        page.locator("#rate-from vaadin-date-picker input").press("Enter");
        page.locator("#rate-currency input").fill("XYZ");
        page.locator("#rate-currency input").press("Enter");
        page.locator("#rate-save").click();
        assertThat(page.locator("#rate-currency")).hasAttribute("invalid", "");
        assertThat(page.locator("#rate-currency")).containsText("Unknown currency 'XYZ'");
        org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> rateCard.prices(null))).as("nothing stored").hasSize(versions);

        page.locator("#rate-currency input").fill("EUR");
        page.locator("#rate-currency input").press("Enter");
        page.locator("#rate-save").click();
        assertThat(page.locator("#rate-dialog")).hasCount(0);

        // the grid: the new price from next month, and this month's still in force until then
        choose("rates-area", "Credit Risk");
        screenshot("cost-rates-credit");
        assertThat(visibleCells(grid, "BRL")).hasCount(0); // the area's prices: in its currency
        choose("rates-sku", "Compute (vCPU)");
        assertThat(visibleCells(grid, "Memory")).hasCount(0);
        assertThat(grid).containsText("0.05 EUR per vCPU-hour");
        assertThat(grid).containsText("Scheduled");
        assertThat(grid).containsText(start);
        assertThat(grid).containsText(now.stripTrailingZeros().toPlainString() + " EUR per vCPU-hour");
        assertThat(grid).containsText("In force");
        screenshot("cost-rates-scheduled");
        org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> rateCard.ratesFor(credit, eur)).vcpuHour())
                .as("this month's price").isEqualByComparingTo(now);
        org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> rateCard.ratesFor(credit, eur,
                next.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant())).vcpuHour()).isEqualByComparingTo("0.05");

        // the same SKU and scope from the same hour again: refused on the start
        page.locator("#rates-schedule").click();
        page.locator("#rate-price input").fill("0.06");
        page.locator("#rate-save").click();
        assertThat(page.locator("#rate-from")).containsText("There is already a EUR price of VCPU_HOUR (platform default)");
        org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> rateCard.prices(null))).hasSize(versions + 1);
    }

    @Test
    void fixed_shares_that_do_not_sum_to_100_percent_are_refused_and_a_closed_month_is_read_only() {
        YearMonth next = YearMonth.now(ZoneOffset.UTC).plusMonths(1);
        signIn("admin");
        open("/costs/pools", "pools-view");
        choose("pools-month", MONTH.format(next));
        assertThat(page.locator("#pools-grid")).containsText("No shared pools for " + MONTH.format(next));
        page.locator("#pools-add").click();
        page.locator("#pool-name input").fill("Cluster headroom");
        page.locator("#pool-amount input").fill("1200");
        choose("pool-rule", "By fixed percentages");
        page.locator("#pool-share-CREDIT input").fill("60");
        page.locator("#pool-share-FRAUD input").fill("39");
        assertThat(page.locator("#pool-shares-total")).hasText("Together: 99% of 100%");
        page.locator("#pool-save").click();
        assertThat(page.locator("#pool-shares-error")).hasText("The percentages of a FIXED pool sum to exactly 100, not 99");
        screenshot("cost-pools-refused");
        org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> pools.pools(next))).as("nothing stored").isEmpty();

        page.locator("#pool-share-FRAUD input").fill("40");
        page.locator("#pool-save").click();
        assertThat(page.locator("#pool-dialog")).hasCount(0);
        assertThat(page.locator("#pools-grid")).containsText("Cluster headroom");
        assertThat(page.locator("#pools-grid")).containsText("1,200.00 EUR");
        assertThat(page.locator("#pools-grid")).containsText("Credit Risk 60% · Fraud 40%");
        screenshot("cost-pools");
        page.setViewportSize(390, 844);
        screenshot("cost-pools-phone");
        page.setViewportSize(1280, 800);

        // a month closed a year ago (no other journey uses it): its pools are shown, never changed
        YearMonth closed = YearMonth.now(ZoneOffset.UTC).minusMonths(12);
        SystemActor.run(() -> pools.set(closed, List.of(new PoolDraft("Portal and database", new BigDecimal("300.00"), "EUR", "EVEN", null))));
        SystemActor.run(() -> close.close(closed));
        choose("pools-month", MONTH.format(closed));
        assertThat(page.locator("#pools-grid")).containsText("Portal and database");
        assertThat(page.locator("#pools-closed")).containsText(MONTH.format(closed) + " is closed");
        assertThat(page.locator("#pools-add")).isHidden();
        assertThat(page.locator("#pools-grid vaadin-button")).hasCount(0);
        screenshot("cost-pools-closed");
    }

    @Test
    void a_manager_edits_the_credit_budget_refused_in_another_currency_and_sees_no_other_area() {
        UUID credit = area("Credit Risk");
        UUID marketing = area("Marketing");
        UUID fraud = area("Fraud");
        // the demo's budgets (its cost history sets them), put back as they were when the journey ends
        Map<UUID, BudgetPlan> before = new java.util.LinkedHashMap<>();
        for (UUID a : List.of(fraud, credit, marketing)) {
            before.put(a, SystemActor.call(() -> budgets.get(a)));
        }
        try {
            signIn("manager.credit");
            open("/costs/budgets", "budgets-view");
            Locator grid = page.locator("#budgets-grid");
            assertThat(grid).containsText("Credit Risk");
            assertThat(grid).not().containsText("Fraud");
            assertThat(grid).not().containsText("Marketing");
            assertThat(page.locator("#budget-spent")).containsText("Spent in ");
            assertThat(page.locator("#budget-policy")).hasAttribute("readonly", "");
            screenshot("cost-budgets-manager");

            page.locator("#budget-amount input").fill("150000");
            page.locator("#budget-currency input").fill("USD");
            page.locator("#budget-save").click();
            assertThat(page.locator("#budget-currency")).hasAttribute("invalid", "");
            assertThat(page.locator("#budget-currency")).containsText("Budgets of this area are in its ledger currency, EUR, not USD");
            org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> budgets.get(credit))).as("nothing stored")
                    .isEqualTo(before.get(credit));

            page.locator("#budget-currency input").fill("EUR");
            page.locator("#budget-actual-thresholds input").fill("50, 75, 100");
            page.locator("#budget-save").click();
            assertThat(grid).containsText("150,000.00 EUR");
            BudgetPlan saved = SystemActor.call(() -> budgets.get(credit));
            org.assertj.core.api.Assertions.assertThat(saved.area().amount()).isEqualByComparingTo("150000");
            org.assertj.core.api.Assertions.assertThat(saved.area().actualThresholds()).containsExactly(50, 75, 100);
            page.setViewportSize(390, 844);
            screenshot("cost-budgets-manager-phone");
            page.setViewportSize(1280, 800);

            // the rate card, to read: the defaults and Credit's own, nothing to schedule
            open("/costs/rates", "rates-view");
            assertThat(page.locator("#rates-grid")).containsText("Compute (vCPU)");
            assertThat(page.locator("#rates-schedule")).hasCount(0);
            screenshot("cost-rates-manager");

            // the administrator sees every area and sets the policy
            switchTo("admin");
            open("/costs/budgets", "budgets-view");
            assertThat(page.locator("#budgets-grid")).containsText("Fraud");
            page.locator("#budgets-grid").getByText("Marketing").click();
            assertThat(page.locator("#budget-details h2")).hasText("Marketing");
            choose("budget-policy", "Refuse them");
            page.locator("#budget-save").click();
            assertThat(page.locator("#budgets-grid")).containsText("Refuse");
            org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> budgets.policy(marketing))).isEqualTo(BudgetPolicy.REFUSE);
            screenshot("cost-budgets-admin");

            // a model's budget in Fraud, with this month's spend beside it
            org.awaitility.Awaitility.await("the demo model").atMost(java.time.Duration.ofMinutes(3)).until(() -> SystemActor.call(
                    () -> budgets.models(fraud)).containsValue("card_fraud"));
            page.locator("#budgets-grid").getByText("Fraud").click();
            assertThat(page.locator("#budget-details h2")).hasText("Fraud");
            page.locator("#model-budget-add").click();
            page.locator("#model-budget-model input").fill("card_fraud");
            page.locator("vaadin-combo-box-item:visible").filter(new Locator.FilterOptions().setHasText("card_fraud")).first().click();
            page.locator("#model-budget-amount input").fill("500");
            page.locator("#model-budget-save").click();
            assertThat(page.locator("#model-budget-dialog")).hasCount(0);
            assertThat(page.locator("#model-budgets-grid")).containsText("card_fraud");
            assertThat(page.locator("#model-budgets-grid")).containsText("500.00 EUR");
            org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> budgets.get(fraud)).models()).singleElement()
                    .satisfies(b -> org.assertj.core.api.Assertions.assertThat(b.amount()).isEqualByComparingTo("500"));
            screenshot("cost-budgets-model");
        } finally {
            before.forEach((a, plan) -> SystemActor.run(() -> budgets.put(a, new BudgetChange(
                    Boolean.TRUE.equals(plan.area().areaDefault()) ? null : plan.area(), plan.models(), plan.policy(), plan.webhookUrl()))));
        }
    }
}
