package io.esteira.workspaces;

import io.esteira.shared.Money;

/**
 * What a size costs an area, and what is left of its budget this month.
 *
 * @param perMonth   if it ran all month (730 hours)
 * @param remaining  the monthly budget minus what the area has spent this month; negative when over
 */
public record Pricing(Money perHour, Money perMonth, Money monthlyBudget, Money spentThisMonth, Money remaining) {
}
