package io.esteira.costs.web;

import io.esteira.costs.BudgetAlert;
import io.esteira.costs.BudgetAlerts;
import io.esteira.costs.BudgetChange;
import io.esteira.costs.BudgetPlan;
import io.esteira.costs.Budgets;
import io.esteira.costs.CostForecast;
import io.esteira.costs.CostForecasts;
import io.esteira.costs.CostQuote;
import io.esteira.costs.CostQuoteRequest;
import io.esteira.shared.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Costs")
class BudgetsController {

    private final Budgets budgets;
    private final CostForecasts forecasts;
    private final BudgetAlerts alerts;
    private final io.esteira.costs.CostQuotes quotes;
    private final Clock clock;

    BudgetsController(Budgets budgets, CostForecasts forecasts, BudgetAlerts alerts, io.esteira.costs.CostQuotes quotes, Clock clock) {
        this.clock = clock;
        this.budgets = budgets;
        this.forecasts = forecasts;
        this.alerts = alerts;
        this.quotes = quotes;
    }

    @GetMapping("/api/v1/costs/budgets")
    @Operation(summary = "An area's monthly budgets (its own, its models'), their alert thresholds, the policy for requests over "
            + "budget (WARN or REFUSE) and the budget webhook: members of the area")
    BudgetPlan budgets(@RequestParam UUID area) {
        return budgets.get(area);
    }

    @GetMapping("/api/v1/costs/budgets/managed")
    @Operation(summary = "The budgets of every area the caller answers for: all areas for administrators, the areas they manage for "
            + "managers; nobody else's")
    List<BudgetPlan> managed() {
        return budgets.managed();
    }

    @GetMapping("/api/v1/costs/budgets/spent")
    @Operation(summary = "What each of the area's budgets spent of the month so far (managers, administrators), by scope: * for the "
            + "area's budget, else the model's id. month=YYYY-MM, default the current one")
    java.util.Map<String, java.math.BigDecimal> spent(@RequestParam UUID area, @RequestParam(required = false) String month) {
        return forecasts.spent(area, month(month));
    }

    @PutMapping("/api/v1/costs/budgets")
    @Operation(summary = "Replaces an area's budgets (its managers, administrators; audited): area {amount, currency, "
            + "actualThresholds, forecastThresholds} (none: the area's default budget), models [{modelId, amount, currency, …}], "
            + "webhookUrl; policy WARN|REFUSE (administrators only; none keeps it). Amounts in the area's ledger currency only")
    BudgetPlan put(@RequestParam UUID area, @RequestBody BudgetChange change) {
        return budgets.put(area, change);
    }

    @GetMapping("/api/v1/costs/forecast")
    @Operation(summary = "The month's forecast of an area (managers, administrators), with every part: actual + what runs now × hours "
            + "left + the last 7 full days' average of jobs and calls × days left, a low–high band (lowest and highest of those days) "
            + "and the last 3 months. month=YYYY-MM, default the current one")
    CostForecast forecast(@RequestParam UUID area, @RequestParam(required = false) String month) {
        return forecasts.forecast(area, month(month));
    }

    private YearMonth month(String month) {
        try {
            return month == null || month.isBlank() ? null : YearMonth.parse(month.strip());
        } catch (DateTimeException e) {
            throw new InvalidRequestException("month", "Give the month as YYYY-MM, e.g. " + YearMonth.now(clock));
        }
    }

    @GetMapping("/api/v1/costs/alerts")
    @Operation(summary = "An area's budget alerts, newest first (managers, administrators): thresholds of the actual cost and of the "
            + "forecast, each raised once per month")
    List<BudgetAlert> alerts(@RequestParam UUID area) {
        return alerts.list(area);
    }

    @PostMapping("/api/v1/costs/quotes")
    @Operation(summary = "The cost of a request before it starts, by the function that bills it (members of the area): areaId, kind "
            + "WORKSPACE (shape) | DEPLOYMENT (replicas) | SCHEDULE (cron, zone, hoursPerRun) | TRAINING (shape, hoursPerRun); answers "
            + "the hourly price, the month's (730 h or the schedule's runs), what it adds this month and what remains of the budget "
            + "after it (budget − forecast − this), with the area's policy")
    CostQuote quote(@RequestBody CostQuoteRequest request) {
        return quotes.quote(request);
    }
}
