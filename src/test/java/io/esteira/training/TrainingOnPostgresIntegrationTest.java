package io.esteira.training;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class TrainingOnPostgresIntegrationTest extends TrainingScenarios {
}
