package io.esteira.models;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class ModelRegistryIntegrationTest extends ModelRegistryScenarios {
}
