package io.esteira.changes;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class ChangeRequestIntegrationTest extends ChangeRequestScenarios {
}
