package io.esteira.models;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class ModelRegistryOnPostgresIntegrationTest extends ModelRegistryScenarios {
}
