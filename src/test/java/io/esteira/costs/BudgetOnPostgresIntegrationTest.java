package io.esteira.costs;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class BudgetOnPostgresIntegrationTest extends BudgetScenarios {
}
