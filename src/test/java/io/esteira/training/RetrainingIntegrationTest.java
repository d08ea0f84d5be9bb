package io.esteira.training;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class RetrainingIntegrationTest extends RetrainingScenarios {
}
