package io.esteira.costs;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.StatementLine.Section;
import io.esteira.support.AuditTrail;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo's cost history (off in tests unless a test asks, as here): written through the usage ledger, rated into each
 * month, the whole months closed with a statement per demo area, a demo budget crossed, and a second run adds nothing.
 * It ends on the 26th of the month seventeen months back, so that its months are none that another cost scenario of the
 * shared test database uses (the ledger's 2 to 6 back, the budgets' 9 and 10, the close's 11 and 12, and the three
 * months before each close that it compares).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCostHistoryIntegrationTest {

    @Autowired
    DemoCostHistory history;
    @Autowired
    CostLedger ledger;
    @Autowired
    Statements statements;
    @Autowired
    BudgetAlerts alerts;
    @Autowired
    Budgets budgets;
    @Autowired
    CostForecasts forecasts;
    @Autowired
    AreaService areas;
    @Autowired
    Personas personas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail audit;

    Map<String, UUID> demoAreas() {
        return personas.call(ADMIN, areas::myAreas).stream().filter(a -> DemoCostHistory.AREAS.contains(a.code()))
                .collect(Collectors.toMap(AreaSummary::code, AreaSummary::id));
    }

    /** The demo areas' budgets back to their defaults, as the other cost scenarios expect them. */
    @AfterAll
    void restoreBudgets() {
        demoAreas().values().forEach(id -> personas.call(ADMIN, () -> budgets.put(id, new BudgetChange(null, null, null, null))));
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    @Test
    void the_history_has_every_month_closed_months_with_statements_a_budget_alert_and_is_written_once() {
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(17);
        Instant end = month.atDay(26).atTime(15, 30).toInstant(ZoneOffset.UTC);
        Map<String, UUID> demo = demoAreas();
        assertThat(demo).containsOnlyKeys("CREDIT", "FRAUD", "MARKETING");

        DemoCostHistory.Outcome outcome = history.ensure(end);
        assertThat(outcome.alreadyDone()).isFalse();
        assertThat(outcome.from()).isEqualTo(MonthlyClose.start(month.minusMonths(3)));
        assertThat(outcome.closed()).containsExactly(month.minusMonths(3), month.minusMonths(2), month.minusMonths(1));
        assertThat(count("select count(*) from usage_record where demo")).isEqualTo(outcome.intervals()).isGreaterThan(1000);
        assertThat(count("select count(*) from cost_demo_prediction")).isEqualTo(outcome.predictionHours()).isPositive();
        assertThat(count("select count(*) from usage_record where demo and ended_at is null"))
                .as("a history that ends in the past leaves nothing running").isZero();
        assertThat(jdbc.queryForObject("select count(*) from cost_due where from_hour >= ? and from_hour <= ?", Long.class,
                java.sql.Timestamp.from(outcome.from()), java.sql.Timestamp.from(end)))
                .as("every hour its past times marked due was rated: nothing left for the rating job").isZero();

        // lines in each month of each area, and month-over-month differences: Credit Risk grows, Marketing had one campaign
        Map<String, List<BigDecimal>> byMonth = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, UUID> area : demo.entrySet()) {
            List<CostTotal> months = personas.call(ADMIN, () -> ledger.totals(area.getValue(), MonthlyClose.start(month.minusMonths(3)),
                    MonthlyClose.start(month.plusMonths(1)), CostTotal.Granularity.MONTH, null));
            assertThat(months).as(area.getKey()).extracting(t -> YearMonth.from(t.period()))
                    .containsExactly(month.minusMonths(3), month.minusMonths(2), month.minusMonths(1), month);
            assertThat(months).allSatisfy(t -> assertThat(t.amount()).isPositive());
            byMonth.put(area.getKey(), months.stream().map(CostTotal::amount).toList());
            List<CostTotal> kinds = personas.call(ADMIN, () -> ledger.totals(area.getValue(), MonthlyClose.start(month.minusMonths(1)),
                    MonthlyClose.start(month), CostTotal.Granularity.MONTH, CostTotal.By.KIND));
            assertThat(kinds).extracting(CostTotal::key).as(area.getKey()).contains("SCHEDULE_RUN", "BATCH_RUN", "DEPLOYMENT", "PREDICTIONS");
        }
        List<BigDecimal> credit = byMonth.get("CREDIT");
        assertThat(credit.get(0)).isLessThan(credit.get(1));
        assertThat(credit.get(1)).isLessThan(credit.get(2));
        List<BigDecimal> marketing = byMonth.get("MARKETING");
        assertThat(marketing.get(1)).isGreaterThan(marketing.get(0).multiply(BigDecimal.TEN));
        assertThat(byMonth.get("FRAUD").get(0)).isGreaterThan(credit.get(0));

        // each closed month: a statement per demo area, its lines adding up to its total, its direct cost the ledger's month
        for (int back = 1; back <= 3; back++) {
            YearMonth closed = month.minusMonths(back);
            for (Map.Entry<String, UUID> area : demo.entrySet()) {
                StatementView s = personas.call(ADMIN, () -> statements.list(area.getValue())).stream().filter(v -> v.month().equals(closed))
                        .findFirst().orElseThrow(() -> new AssertionError("no statement of " + area.getKey() + " for " + closed));
                Statements.Statement full = personas.call(ADMIN, () -> statements.get(s.number()));
                assertThat(full.lines().stream().map(StatementLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                        .as(s.number()).isEqualByComparingTo(s.total());
                BigDecimal ledgerMonth = personas.call(ADMIN, () -> ledger.totals(area.getValue(), MonthlyClose.start(closed),
                        MonthlyClose.start(closed.plusMonths(1)), CostTotal.Granularity.MONTH, null)).stream().map(CostTotal::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(s.ledgerExact()).as(s.number()).isEqualByComparingTo(ledgerMonth);
                assertThat(s.correctionTotal()).as(s.number()).isEqualByComparingTo("0");
                assertThat(full.lines()).filteredOn(l -> l.section() == Section.POOL).extracting(StatementLine::description)
                        .anySatisfy(d -> assertThat(d).contains(DemoCostHistory.PORTAL_POOL));
                assertThat(personas.call(ADMIN, () -> statements.verify(s.number()))).isTrue();
            }
        }

        // the demo budgets, and Credit Risk over 80 % of its budget in the month the history ends
        BudgetPlan plan = personas.call(MANAGER_CREDIT, () -> budgets.get(demo.get("CREDIT")));
        assertThat(plan.area().amount()).isEqualByComparingTo(DemoCostHistory.BUDGETS.get("CREDIT"));
        assertThat(plan.area().areaDefault()).isFalse();
        List<BudgetAlert> raised = personas.call(MANAGER_CREDIT, () -> alerts.list(demo.get("CREDIT"))).stream()
                .filter(a -> a.month().equals(month.toString())).toList();
        assertThat(raised).extracting(a -> a.kind() + " " + a.threshold()).contains("ACTUAL 50", "ACTUAL 80");
        CostForecast forecast = personas.call(MANAGER_CREDIT, () -> forecasts.forecastAt(demo.get("CREDIT"), month, end));
        assertThat(forecast.lastMonths()).extracting(CostForecast.Month::amount).allSatisfy(a -> assertThat(a).isPositive());
        assertThat(audit.awaitEntry(AuditTrail.action("costs.demo-history-written")).details()).contains("CREDIT");

        // a second run (a restart) adds nothing
        List<Long> before = counts();
        DemoCostHistory.Outcome again = history.ensure(end);
        assertThat(again.alreadyDone()).isTrue();
        assertThat(counts()).isEqualTo(before);
        assertThat(history.ensure()).as("nor does one that would end now").extracting(DemoCostHistory.Outcome::alreadyDone).isEqualTo(true);
        assertThat(counts()).isEqualTo(before);
    }

    List<Long> counts() {
        List<Long> counts = new ArrayList<>();
        for (String table : List.of("usage_record", "cost_demo_prediction", "cost_line", "cost_statement", "cost_month", "cost_pool",
                "cost_budget", "cost_budget_alert", "cost_correction")) {
            counts.add(count("select count(*) from " + table));
        }
        return counts;
    }
}
