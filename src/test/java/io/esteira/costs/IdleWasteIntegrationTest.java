package io.esteira.costs;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class IdleWasteIntegrationTest extends IdleWasteScenarios {
}
