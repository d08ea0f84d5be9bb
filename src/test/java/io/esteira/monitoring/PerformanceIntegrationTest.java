package io.esteira.monitoring;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class PerformanceIntegrationTest extends PerformanceScenarios {
}
