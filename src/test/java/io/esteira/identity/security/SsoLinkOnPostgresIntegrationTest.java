package io.esteira.identity.security;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class SsoLinkOnPostgresIntegrationTest extends SsoLinkScenarios {
}
