package io.esteira.monitoring;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class MonitorChangeIntegrationTest extends MonitorChangeScenarios {
}
