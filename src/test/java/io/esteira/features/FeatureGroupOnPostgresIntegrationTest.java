package io.esteira.features;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class FeatureGroupOnPostgresIntegrationTest extends FeatureGroupScenarios {
}
