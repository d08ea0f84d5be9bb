package io.esteira.deployments;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class DeploymentOnPostgresIntegrationTest extends DeploymentScenarios {
}
