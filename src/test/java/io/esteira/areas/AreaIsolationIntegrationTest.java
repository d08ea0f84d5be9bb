package io.esteira.areas;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class AreaIsolationIntegrationTest extends AreaIsolationScenarios {
}
