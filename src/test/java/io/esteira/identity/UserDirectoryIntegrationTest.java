package io.esteira.identity;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class UserDirectoryIntegrationTest extends UserDirectoryScenarios {
}
