package io.esteira.deployments.predictions;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class PredictionLogOnPostgresIntegrationTest extends PredictionLogScenarios {
}
