package io.esteira.features;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class DataSourceIntegrationTest extends DataSourceScenarios {
}
