package io.esteira.features;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class DataSourceOnPostgresIntegrationTest extends DataSourceScenarios {
}
