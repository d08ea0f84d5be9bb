package io.esteira.identity.security;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class SsoLinkIntegrationTest extends SsoLinkScenarios {
}
