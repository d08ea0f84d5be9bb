package io.esteira.costs;

import java.util.List;
import java.util.UUID;

/**
 * An area's budgets: the area's own (its default monthly budget unless one was set here), its models'
 * budgets, the policy for requests that would go over (administrators set it; managers read it) and
 * the webhook that gets budget alerts (optional).
 */
public record BudgetPlan(UUID areaId, String areaName, String currency, BudgetPolicy policy, String webhookUrl, Budget area,
        List<Budget> models) {
}
