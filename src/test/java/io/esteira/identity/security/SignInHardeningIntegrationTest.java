package io.esteira.identity.security;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class SignInHardeningIntegrationTest extends SignInHardeningScenarios {
}
