package io.esteira.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasText;
import com.vaadin.flow.component.html.Anchor;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.BudgetAlert;
import io.esteira.costs.CostEstimate;
import io.esteira.costs.CostForecast;
import io.esteira.costs.StatementView;
import io.esteira.shared.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a manager's card of an area says: the month and its forecast against the budget, its alerts, and in words when there is nothing. */
class AreaCostCardTest {

    static final UUID AREA = UUID.randomUUID();
    static final AreaSummary CREDIT = new AreaSummary(AREA, "CREDIT", "Credit Risk", "CC-1001", Money.of("120000", "EUR"), true, List.of(),
            2, 0);
    static final Instant NOW = Instant.parse("2026-05-14T10:00:00Z");

    static CostForecast forecast(String actual, String forecast, String budget, String... lastMonths) {
        BigDecimal b = new BigDecimal(budget);
        BigDecimal f = new BigDecimal(forecast);
        List<CostForecast.Month> last = Stream.of(lastMonths).map(a -> new CostForecast.Month("2026-0" + (2 + List.of(lastMonths).indexOf(a)),
                new BigDecimal(a))).toList();
        return new CostForecast(AREA, "2026-05", "EUR", NOW, new BigDecimal(actual), new CostEstimate(Currency.getInstance("EUR"), List.of(),
                BigDecimal.ZERO, BigDecimal.ZERO), BigDecimal.ZERO, BigDecimal.TEN, BigDecimal.ZERO, List.of(), BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ZERO, f, f.subtract(BigDecimal.TEN), f.add(BigDecimal.TEN), last, b,
                b.signum() == 0 ? null : f.multiply(BigDecimal.valueOf(100)).divide(b, 2, java.math.RoundingMode.HALF_UP));
    }

    static String text(Component c) {
        String own = c instanceof HasText t ? t.getText() : "";
        return own + " " + c.getChildren().map(AreaCostCardTest::text).collect(Collectors.joining(" "));
    }

    static Optional<Component> byId(Component c, String id) {
        if (id.equals(c.getId().orElse(null))) {
            return Optional.of(c);
        }
        return c.getChildren().map(child -> byId(child, id)).flatMap(Optional::stream).findFirst();
    }

    @Test
    void an_area_with_spend_shows_the_month_its_forecast_against_the_budget_its_alerts_and_last_statement() {
        BudgetAlert alert = new BudgetAlert(UUID.randomUUID(), AREA, "*", "Credit Risk", "2026-05", BudgetAlert.Kind.FORECAST, 100,
                new BigDecimal("689.1"), new BigDecimal("400.00"), "EUR", NOW);
        BudgetAlert lastMonths = new BudgetAlert(UUID.randomUUID(), AREA, "*", "Credit Risk", "2026-04", BudgetAlert.Kind.ACTUAL, 80,
                new BigDecimal("330"), new BigDecimal("400.00"), "EUR", NOW);
        StatementView april = new StatementView("ST-2026-04-CREDIT-0001", YearMonth.of(2026, 4), AREA, "CREDIT", "Credit Risk", "CC-1001",
                "EUR", new BigDecimal("327.10"), BigDecimal.ZERO, new BigDecimal("186.31"), new BigDecimal("513.41"), new BigDecimal("327.1"),
                4500, "hash", NOW, "system");
        AreaCostCard card = new AreaCostCard(CREDIT, forecast("243.5", "689.1", "400.00", "185", "240", "327"), List.of(alert, lastMonths),
                Optional.of(april));

        assertThat(text(byId(card, "home-cost-spent-CREDIT").orElseThrow())).contains("€243.50");
        assertThat(text(byId(card, "home-cost-forecast-CREDIT").orElseThrow()))
                .contains("Forecast for May 2026: €689.10 (€679.10 to €699.10), 172% of the €400.00 budget");
        assertThat(text(byId(card, "home-cost-alerts-CREDIT").orElseThrow()))
                .contains("Forecast to reach 100% of the €400.00 budget (€689.10, 14 May)").doesNotContain("80%");
        assertThat(text(card)).contains("Spent 61% of the €400.00 budget; at this pace the month ends over it");
        assertThat(byId(card, "home-cost-chart-CREDIT")).isPresent();
        Anchor statement = (Anchor) byId(card, "home-cost-statement-CREDIT").orElseThrow();
        assertThat(statement.getText()).isEqualTo("Last statement: April 2026, €513.41 with shared platform costs");
        assertThat(statement.getHref()).isEqualTo("costs/statements");
        assertThat(((Anchor) byId(card, "home-cost-link-CREDIT").orElseThrow()).getHref()).isEqualTo("costs?area=CREDIT&month=2026-05");
    }

    @Test
    void an_area_without_usage_or_budget_says_so_in_words() {
        AreaCostCard unused = new AreaCostCard(CREDIT, forecast("0", "0", "400.00", "0", "0", "0"), List.of(), Optional.empty());
        assertThat(text(byId(unused, "home-cost-empty-CREDIT").orElseThrow())).contains("Nothing used in Credit Risk yet");
        assertThat(byId(unused, "home-cost-spent-CREDIT")).isEmpty();
        assertThat(byId(unused, "home-cost-chart-CREDIT")).isEmpty();
        assertThat(text(unused)).contains("No budget alert this month.", "No statement yet: one is issued when a month closes.");

        AreaCostCard unbudgeted = new AreaCostCard(CREDIT, forecast("12.5", "40", "0", "0", "3", "9"), List.of(), Optional.empty());
        assertThat(text(byId(unbudgeted, "home-cost-no-budget-CREDIT").orElseThrow())).contains("No budget is set for Credit Risk");
        assertThat(text(byId(unbudgeted, "home-cost-forecast-CREDIT").orElseThrow())).contains("€40.00").doesNotContain("%");
        assertThat(byId(unbudgeted, "home-cost-bar-CREDIT")).isEmpty();
        assertThat(text(unbudgeted)).doesNotContain("No budget alert");
    }
}
