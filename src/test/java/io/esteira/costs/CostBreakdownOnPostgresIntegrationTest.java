package io.esteira.costs;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class CostBreakdownOnPostgresIntegrationTest extends CostBreakdownScenarios {
}
