package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import io.esteira.areas.AreaService;
import io.esteira.costs.CostLedger;
import io.esteira.costs.CostTotal;
import io.esteira.costs.Held;
import io.esteira.costs.ResourceShape;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A manager reads the area's month from the ledger (so far, forecast, trend, by kind, person and
 * resource); a data scientist of the area reads only their own spend; a reviewer has no costs to open.
 */
class CostsIT extends PortalIT {

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
        UUID workspace = UUID.randomUUID();
        transactions.executeWithoutResult(t -> usage.open(new UsageStart(credit, "workspace", workspace, longName, ana, "Ana Ribeiro",
                "Python · M", new ResourceShape(4, 16, null, 0, 0), started, Held.compute(new ResourceShape(4, 16, null, 0, 0)))));
        // no activity since it started: idle from the end of the grace until now, as housekeeping records it
        transactions.executeWithoutResult(t -> idleTime.seen(new io.esteira.costs.IdleCheck(credit, workspace, longName, ana, "Ana Ribeiro",
                Held.compute(new ResourceShape(4, 16, null, 0, 0)), started, 0, started.plus(idleTime.grace()).plusSeconds(60))));
        SystemActor.run(() -> ledger.rate(monthStart, now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1))));
        BigDecimal month = SystemActor.call(() -> ledger.totals(credit, monthStart, now.plus(Duration.ofDays(40)), CostTotal.Granularity.MONTH,
                null)).stream().map(CostTotal::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<CostTotal> byKind = SystemActor.call(() -> ledger.totals(credit, monthStart, now.plus(Duration.ofDays(40)),
                CostTotal.Granularity.MONTH, CostTotal.By.KIND));
        org.assertj.core.api.Assertions.assertThat(byKind.stream().map(CostTotal::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("the kinds add up to the month").isEqualByComparingTo(month);

        signIn("manager.credit");
        page.navigate("/costs");
        assertThat(page.locator("#costs-summary")).containsText("so far");
        assertThat(page.locator("#costs-summary")).containsText("forecast");
        assertThat(page.locator("#costs-trend-chart svg")).isVisible();
        assertThat(page.locator("#costs-by-kind")).containsText("Workspace");
        assertThat(page.locator("#costs-by-person")).containsText("Ana Ribeiro");
        assertThat(page.locator("#costs-by-resource")).containsText(longName);
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
        assertThat(page.locator("#costs-summary")).containsText("Your spend");
        assertThat(page.locator("#costs-by-resource")).containsText(longName);
        assertThat(page.locator("#costs-by-person")).hasCount(0);
        assertThat(page.locator("#costs-idle")).containsText("Ana Ribeiro");
        screenshot("costs-data-scientist");

        switchTo("reviewer.risk");
        page.navigate("/costs");
        assertThat(page.locator("#costs-view")).hasCount(0);
    }
}
