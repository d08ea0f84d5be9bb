package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The forecast of an area's month, with every part, so that a screen can show how it was made:
 * {@code forecast = actual + runningHourly × hoursLeft + dailyAverage × daysLeft}; the band replaces the
 * daily average with the lowest ({@code low}) and the highest ({@code high}) of the last 7 full days.
 *
 * @param actual        what the ledger holds for the month up to {@code asOf}
 * @param running       what runs now (open workspaces, disks, live deployments), priced per hour by {@link CostEstimates}
 * @param runningHourly the hourly price of what runs now
 * @param hoursLeft     hours from {@code asOf} to the end of the month (0 for a past month)
 * @param runningRest   runningHourly × hoursLeft
 * @param jobDays       the last 7 full days' cost of jobs and calls (scheduled queries, batch runs, training, predictions)
 * @param dailyAverage  their average (the sum over 7 days)
 * @param daysLeft      hoursLeft / 24
 * @param jobsRest      dailyAverage × daysLeft
 * @param lastMonths    the 3 months before, as billed
 * @param budget        the area's budget for the month; percentOfBudget: forecast / budget × 100 (null without a budget)
 */
public record CostForecast(UUID areaId, String month, String currency, Instant asOf, BigDecimal actual, CostEstimate running,
        BigDecimal runningHourly, BigDecimal hoursLeft, BigDecimal runningRest, List<Day> jobDays, BigDecimal dailyAverage,
        BigDecimal dailyLow, BigDecimal dailyHigh, BigDecimal daysLeft, BigDecimal jobsRest, BigDecimal forecast, BigDecimal low,
        BigDecimal high, List<Month> lastMonths, BigDecimal budget, BigDecimal percentOfBudget) {

    public record Day(LocalDate day, BigDecimal amount) {
    }

    public record Month(String month, BigDecimal amount) {
    }
}
