package io.esteira.areas;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class AreaIsolationOnPostgresIntegrationTest extends AreaIsolationScenarios {
}
