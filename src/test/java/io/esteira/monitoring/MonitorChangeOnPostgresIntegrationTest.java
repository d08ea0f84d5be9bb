package io.esteira.monitoring;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class MonitorChangeOnPostgresIntegrationTest extends MonitorChangeScenarios {
}
