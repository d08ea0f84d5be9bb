package io.esteira.scheduling;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class ScheduleCostIntegrationTest extends ScheduleCostScenarios {
}
