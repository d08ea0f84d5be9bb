package io.esteira.monitoring;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class OperationalMetricOnPostgresIntegrationTest extends OperationalMetricScenarios {
}
