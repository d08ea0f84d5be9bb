package io.esteira.training;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class RetrainingOnPostgresIntegrationTest extends RetrainingScenarios {
}
