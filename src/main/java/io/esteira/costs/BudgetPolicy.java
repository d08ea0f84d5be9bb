package io.esteira.costs;

/** What happens to a request that would take an area over its monthly budget: let it through with a warning, or refuse it. */
public enum BudgetPolicy { WARN, REFUSE }
