package io.esteira.deployments;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class PredictionLogOnPostgresIntegrationTest extends PredictionLogScenarios {
}
