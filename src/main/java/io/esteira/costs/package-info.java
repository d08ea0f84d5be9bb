/**
 * Cost: the rate card and the usage ledger that other modules write (workspaces today). Rollups,
 * budgets per period and chargeback statements come with the cost capability.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Costs")
package io.esteira.costs;
