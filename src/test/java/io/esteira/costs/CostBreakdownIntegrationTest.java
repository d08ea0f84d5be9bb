package io.esteira.costs;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class CostBreakdownIntegrationTest extends CostBreakdownScenarios {
}
