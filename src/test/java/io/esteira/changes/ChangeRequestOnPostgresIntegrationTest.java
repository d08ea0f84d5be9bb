package io.esteira.changes;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class ChangeRequestOnPostgresIntegrationTest extends ChangeRequestScenarios {
}
