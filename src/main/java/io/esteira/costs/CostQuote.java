package io.esteira.costs;

import java.math.BigDecimal;

/**
 * The cost of something before it starts, by the function that bills it, and what it leaves of the
 * area's budget this month.
 *
 * @param hourly        what one hour of it is billed (the lines of {@code estimate})
 * @param runsPerMonth  for a schedule, its runs in the next 730 hours; 1 for a training run; null for what runs until stopped
 * @param hoursPerRun   for a schedule or training run, the hours each run holds its resources
 * @param perRun        for a schedule or training run, what one run is billed (its time, and a batch run's predicted rows)
 * @param monthly       "if left on all month": 730 hours, or the schedule's runs × hours per run, or one training run
 * @param thisMonth     what it adds to the current month: the hours left of the month, the runs left, or one training run
 * @param remaining     budget − forecast − thisMonth; negative: it would take the area over its budget by that much
 * @param policy        the area's policy when {@code remaining} is negative: WARN lets it through, REFUSE refuses it
 */
public record CostQuote(String currency, CostEstimate estimate, BigDecimal hourly, Integer runsPerMonth, BigDecimal hoursPerRun,
        BigDecimal perRun, BigDecimal monthly, BigDecimal thisMonth, String month, BigDecimal budget, BigDecimal forecast, BigDecimal remaining,
        BudgetPolicy policy) {

    /** Whether it would take the area over its budget this month. */
    public boolean overBudget() {
        return remaining.signum() < 0 && thisMonth.signum() > 0;
    }
}
