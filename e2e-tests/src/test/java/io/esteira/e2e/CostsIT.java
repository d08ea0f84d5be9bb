package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import io.esteira.areas.AreaService;
import io.esteira.costs.CostLedger;
import io.esteira.costs.CostTotal;
import io.esteira.costs.Held;
import io.esteira.costs.ResourceShape;
import io.esteira.costs.Sku;
import io.esteira.costs.StorageKind;
import io.esteira.costs.UsageLedger;
import io.esteira.costs.UsageStart;
import io.esteira.shared.security.SystemActor;
import io.esteira.shared.security.UserDirectory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A manager reads the area's month from the ledger (so far, forecast, trend, by kind, person and
 * resource); a data scientist of the area reads only their own spend; a reviewer has no costs to open.
 * The manager's home opens on the area's month: spend so far, the forecast against the budget, the
 * budget alert, the months before and the last statement, from the demo's cost history.
 */
class CostsIT extends PortalIT {

    @Autowired
    io.esteira.costs.Statements statements;
    @Autowired
    io.esteira.costs.BudgetAlerts alerts;
    @Autowired
    io.esteira.costs.MonthlyClose close;
    @Autowired
    io.esteira.costs.CostForecasts forecasts;

    @Test
    void a_manager_home_shows_the_areas_spend_forecast_alert_and_last_statement_from_the_demo_history() {
        YearMonth last = DemoCosts.awaitHistory(areas, statements, alerts, close);
        UUID credit = DemoCosts.credit(areas);
        io.esteira.costs.CostForecast forecast = SystemActor.call(() -> forecasts.forecast(credit, null));
        org.assertj.core.api.Assertions.assertThat(forecast.lastMonths()).as("three months of history")
                .allSatisfy(m -> org.assertj.core.api.Assertions.assertThat(m.amount()).isPositive());
        org.assertj.core.api.Assertions.assertThat(forecast.lastMonths().stream().map(m -> m.amount()).distinct()).hasSize(3);

        signIn("manager.credit");
        Locator card = page.locator("#home-cost-CREDIT");
        assertThat(card).containsText("Credit Risk");
        assertThat(page.locator("#home-cost-spent-CREDIT")).hasText(Pattern.compile("€[\\d,]+\\.\\d{2}"));
        assertThat(page.locator("#home-cost-forecast-CREDIT")).containsText("Forecast for");
        assertThat(page.locator("#home-cost-forecast-CREDIT")).containsText("of the €400.00 budget");
        assertThat(page.locator("#home-cost-alerts-CREDIT [theme~='badge']").first()).isVisible();
        assertThat(page.locator("#home-cost-alerts-CREDIT")).containsText("% of the €400.00 budget");
        assertThat(page.locator("[data-testid=home-cost-chart-CREDIT-table]")).containsText("Forecast");
        assertThat(page.locator("#home-cost-chart-CREDIT-chart svg")).isVisible();
        assertThat(page.locator("#home-cost-statement-CREDIT")).containsText(
                last.format(java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy", java.util.Locale.ENGLISH)));
        assertThat(page.locator("#home-cost-FRAUD")).hasCount(0);
        screenshot("home-manager-costs");
        page.setViewportSize(390, 844);
        screenshot("home-manager-costs-phone");
        page.setViewportSize(1280, 800);

        YearMonth current = last.plusMonths(1);
        page.locator("#home-cost-link-CREDIT").click();
        page.waitForURL(url -> url.endsWith("/costs?area=CREDIT&month=" + current));
        page.locator("#costs-summary").waitFor();
        assertThat(page.locator("#costs-summary")).containsText("forecast");
        assertThat(page.locator("#costs-by-kind")).containsText("Deployment");
        assertThat(page.locator("#costs-by-person")).containsText("Ana Ribeiro");

        // month over month: six months of the history by kind, this month's forecast on top, compared with the months before
        assertThat(page.locator("#costs-months-chart svg")).isVisible();
        assertThat(page.locator("[data-testid=costs-months-table]")).containsText("Forecast, rest of");
        assertThat(page.locator("[data-testid=costs-months-table]")).containsText(
                last.format(java.time.format.DateTimeFormatter.ofPattern("MMM yyyy", java.util.Locale.UK)));
        assertThat(page.locator("#costs-months-compare")).containsText("The forecast for");
        assertThat(page.locator("#costs-months-compare")).containsText("the average of the");
        assertThat(page.locator("#costs-months-csv")).isVisible();

        // by model: the PD model's endpoint and batch scoring; a schedule's runs are one resource among the top ones
        assertThat(page.locator("#costs-by-model")).containsText("credit_pd");
        assertThat(page.locator("#costs-by-model")).containsText("Not tied to a model");
        assertThat(page.locator("#costs-by-resource")).containsText(Pattern.compile("credit-pd-batch-scoring · Batch scoring · \\d+ runs"));

        // drills down from the people to Ana's resources: her workspaces among them, adding up to her row, exportable
        UUID ana = directory.findByUsername("ds.credit").orElseThrow().id();
        Instant monthStart = current.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        page.locator("#costs-by-person").getByText("Ana Ribeiro").click();
        Locator anas = page.locator("#costs-by-person-detail-" + ana);
        assertThat(anas).containsText("pd-model-gpu · Workspace");
        assertThat(anas).containsText("credit-scorecard-notebook · Workspace");
        assertThat(page.locator("#costs-by-person-detail-" + ana + "-sum")).containsText("the row's amount");
        com.microsoft.playwright.Download csv = page.waitForDownload(() -> page.locator("#costs-by-person-detail-" + ana + "-csv").click());
        List<String> rows = readLines(csv);
        org.assertj.core.api.Assertions.assertThat(rows.getFirst()).startsWith("resource,kind,ledger_resources,amount");
        BigDecimal exported = rows.stream().skip(1).map(r -> new BigDecimal(r.split(",")[3])).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal anasRow = SystemActor.call(() -> ledger.totals(credit, monthStart, current.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant(), CostTotal.Granularity.MONTH, CostTotal.By.PERSON)).stream().filter(t -> ana.toString().equals(t.key()))
                .findFirst().orElseThrow().amount();
        org.assertj.core.api.Assertions.assertThat(exported).as("the drill-down's export adds up to Ana's row").isEqualByComparingTo(anasRow);

        // the kinds open from the keyboard too: Space on the focused row closes and opens its resources
        page.locator("#costs-by-kind").getByText("Workspace", new Locator.GetByTextOptions().setExact(true)).click();
        Locator workspaces = page.locator("#costs-by-kind-detail-workspace");
        assertThat(workspaces).containsText("pd-model-gpu");
        page.keyboard().press("Space");
        assertThat(workspaces).isHidden();
        page.keyboard().press("Space");
        assertThat(workspaces).containsText("pd-model-gpu");
        assertThat(page.locator("#costs-pools-how")).containsText("No shared pool is priced for");
        screenshot("costs-manager-history");
        page.setViewportSize(390, 844);
        screenshot("costs-manager-history-phone");
        page.setViewportSize(1280, 800);

        page.locator("#costs-month").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(
                last.format(java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy", java.util.Locale.ENGLISH)))).click();
        page.waitForURL(url -> url.endsWith("/costs?area=CREDIT&month=" + last));
        assertThat(page.locator("#costs-summary")).not().containsText("so far");
        assertThat(page.locator("#costs-trend-chart svg")).isVisible();
        // a closed month: the area's share of each pool, as its statement has it
        assertThat(page.locator("#costs-pools")).containsText("Portal and database");
        assertThat(page.locator("#costs-pools-how")).containsText("statement ST-" + last + "-CREDIT-");
        screenshot("costs-manager-last-month");

        // the address opens an area's month; a wrong one says so and shows what it can
        page.navigate("/costs?area=FRAUD&month=" + last);
        page.locator("#costs-summary").waitFor(); // the page's own timeout: a first render can take long on a busy machine
        assertThat(page.locator("#costs-notice")).containsText("No area FRAUD among yours");
        assertThat(page.locator("#costs-summary")).not().containsText("so far");
    }

    static List<String> readLines(com.microsoft.playwright.Download download) {
        try {
            return java.nio.file.Files.readAllLines(download.path(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Autowired
    UsageLedger usage;
    @Autowired
    CostLedger ledger;
    @Autowired
    AreaService areas;
    @Autowired
    UserDirectory directory;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    io.esteira.costs.IdleTime idleTime;

    @Test
    void a_manager_reads_the_month_by_kind_person_and_resource_and_a_data_scientist_only_their_own() {
        UUID credit = SystemActor.call(() -> areas.names()).entrySet().stream().filter(e -> e.getValue().equals("Credit Risk"))
                .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
        UUID ana = directory.findByUsername("ds.credit").orElseThrow().id();
        Instant now = Instant.now();
        Instant monthStart = YearMonth.now(ZoneOffset.UTC).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant started = now.minus(Duration.ofHours(3)).isBefore(monthStart) ? monthStart : now.minus(Duration.ofHours(3));
        String longName = "ana-gpu-notebook-for-the-retail-credit-scorecard-recalibration-with-a-name-long-enough-to-wrap-twice";
        // an A100: among the month's top resources however much of the demo's history the month already holds
        ResourceShape a100 = new ResourceShape(16, 64, "nvidia-a100", 1, 0);
        UUID workspace = UUID.randomUUID();
        transactions.executeWithoutResult(t -> usage.open(new UsageStart(credit, "workspace", workspace, longName, ana, "Ana Ribeiro",
                "Python · PyTorch GPU · GPU-A100", a100, started, Held.compute(a100))));
        // what a storage measurement opens for a feature group's offline table; large (about a petabyte, some €95 in these three
        // hours) so that it is among the month's top 20 resources however much of the demo's history the month already holds
        String storage = StorageKind.FEATURE_OFFLINE.describe("feature group customer_profile");
        UUID stored = UUID.randomUUID();
        transactions.executeWithoutResult(t -> usage.open(new UsageStart(credit, StorageKind.FEATURE_OFFLINE.sourceType(), stored,
                storage, ana, "Ana Ribeiro", "Storage · offline table", new ResourceShape(0, 0, null, 0, 0), started,
                Held.of(Sku.STORAGE_GIB_MONTH, new BigDecimal("1000000")))));
        // no activity from its start for an hour past the grace, as housekeeping records it (in one transaction: this workspace
        // exists only in the ledger, and reconciliation drops an open idle period of a workspace it does not know)
        transactions.executeWithoutResult(t -> {
            idleTime.seen(new io.esteira.costs.IdleCheck(credit, workspace, longName, ana, "Ana Ribeiro", Held.compute(a100), started, 0,
                    started.plus(idleTime.grace()).plusSeconds(60)));
            idleTime.ended(workspace, started.plus(idleTime.grace()).plus(Duration.ofHours(1)), "activity");
        });
        SystemActor.run(() -> ledger.rate(monthStart, now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1))));
        BigDecimal month = SystemActor.call(() -> ledger.totals(credit, monthStart, now.plus(Duration.ofDays(40)), CostTotal.Granularity.MONTH,
                null)).stream().map(CostTotal::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<CostTotal> byKind = SystemActor.call(() -> ledger.totals(credit, monthStart, now.plus(Duration.ofDays(40)),
                CostTotal.Granularity.MONTH, CostTotal.By.KIND));
        org.assertj.core.api.Assertions.assertThat(byKind.stream().map(CostTotal::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("the kinds add up to the month").isEqualByComparingTo(month);

        signIn("manager.credit");
        page.navigate("/costs");
        page.locator("#costs-summary").waitFor(); // the page's own timeout: the first render of the view can take long on a busy machine
        assertThat(page.locator("#costs-summary")).containsText("so far");
        assertThat(page.locator("#costs-summary")).containsText("forecast");
        assertThat(page.locator("#costs-trend-chart svg")).isVisible();
        assertThat(page.locator("#costs-by-kind")).containsText("Workspace");
        assertThat(page.locator("#costs-by-person")).containsText("Ana Ribeiro");
        assertThat(page.locator("#costs-by-resource")).containsText(longName);
        assertThat(page.locator("#costs-by-kind")).containsText("Storage");
        assertThat(page.locator("#costs-by-resource")).containsText("feature group customer_profile · offline table · Storage");
        assertThat(page.locator("#costs-idle")).containsText("Ana Ribeiro");
        assertThat(page.locator("#costs-idle-how")).containsText("no busy kernel");
        page.locator("#costs-idle").getByText("Ana Ribeiro").click();
        assertThat(page.locator("#costs-idle")).containsText("idle in 1 period");
        screenshot("costs-manager");
        page.setViewportSize(390, 844);
        screenshot("costs-manager-phone");
        page.setViewportSize(1280, 800);

        switchTo("ds.credit");
        page.navigate("/costs");
        page.locator("#costs-summary").waitFor();
        assertThat(page.locator("#costs-summary")).containsText("Your spend");
        assertThat(page.locator("#costs-by-resource")).containsText(longName);
        assertThat(page.locator("#costs-by-person")).hasCount(0);
        assertThat(page.locator("#costs-pools")).hasCount(0);
        assertThat(page.locator("#costs-months-compare")).containsText("Your spend in");
        assertThat(page.locator("#costs-idle")).containsText("Ana Ribeiro");
        // her own resources of a kind, nobody else's
        page.locator("#costs-by-kind").getByText("Workspace", new Locator.GetByTextOptions().setExact(true)).click();
        assertThat(page.locator("#costs-by-kind-detail-workspace")).containsText(longName);
        assertThat(page.locator("#costs-by-kind-detail-workspace")).not().containsText("credit-portfolio-report");
        screenshot("costs-data-scientist");

        switchTo("reviewer.risk");
        page.navigate("/costs");
        assertThat(page.locator("#costs-view")).hasCount(0);
        // stopped, so that the other journeys' forecasts do not carry an A100 for the rest of the month
        transactions.executeWithoutResult(t -> {
            usage.close("workspace", workspace, Instant.now(), "stopped");
            usage.close(StorageKind.FEATURE_OFFLINE.sourceType(), stored, Instant.now(), "dropped");
        });
    }
}
