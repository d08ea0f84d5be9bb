package io.esteira.deployments;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class BatchDeploymentOnPostgresIntegrationTest extends BatchDeploymentScenarios {
}
