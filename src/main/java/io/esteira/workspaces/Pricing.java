package io.esteira.workspaces;

import io.esteira.shared.Money;

/**
 * What a size costs an area, by the function that bills it, and what is left of its budget this month after it.
 *
 * @param perMonth         if it ran all month (730 hours)
 * @param forecast         the area's forecast for this month without it
 * @param thisMonth        what it adds this month if left on until the month ends
 * @param remaining        the monthly budget − forecast − thisMonth; negative when it would take the area over
 * @param overBudgetPolicy when over: WARN (it goes through, with a warning) or REFUSE (it is refused); null when it fits
 */
public record Pricing(Money perHour, Money perMonth, Money monthlyBudget, Money forecast, Money thisMonth, Money remaining,
        String overBudgetPolicy) {
}
