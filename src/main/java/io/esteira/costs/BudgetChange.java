package io.esteira.costs;

import java.util.List;

/**
 * A PUT of an area's budgets: replaces the area's budget ({@code area} null: back to the area's default
 * monthly budget) and its models' budgets ({@code models} null or empty: none); {@code policy} null
 * keeps the current one (only administrators change it); {@code webhookUrl} null or blank: no webhook.
 * Of each budget: amount and currency (the area's ledger currency), thresholds optional (defaults).
 */
public record BudgetChange(Budget area, List<Budget> models, BudgetPolicy policy, String webhookUrl) {
}
