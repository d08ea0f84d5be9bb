package io.esteira.monitoring;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class LiveProfileIntegrationTest extends LiveProfileScenarios {
}
