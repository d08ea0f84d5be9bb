package io.esteira.identity;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class UserDirectoryOnPostgresIntegrationTest extends UserDirectoryScenarios {
}
