package io.esteira.deployments;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class PredictionLogIntegrationTest extends PredictionLogScenarios {
}
