package io.esteira.deployments.predictions;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class PredictionLogIntegrationTest extends PredictionLogScenarios {
}
