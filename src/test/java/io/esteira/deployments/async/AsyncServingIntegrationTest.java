package io.esteira.deployments.async;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class AsyncServingIntegrationTest extends AsyncServingScenarios {
}
