package io.esteira.features;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class FeatureGroupIntegrationTest extends FeatureGroupScenarios {
}
