package io.esteira.scheduling;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class ScheduleCostOnPostgresIntegrationTest extends ScheduleCostScenarios {
}
