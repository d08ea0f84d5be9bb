package io.esteira.costs;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class BudgetIntegrationTest extends BudgetScenarios {
}
