package io.esteira.deployments.async;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class AsyncServingOnPostgresIntegrationTest extends AsyncServingScenarios {
}
