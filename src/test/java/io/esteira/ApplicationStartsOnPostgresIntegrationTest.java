package io.esteira;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class ApplicationStartsOnPostgresIntegrationTest extends ApplicationStartsScenarios {

    @Override
    String vendor() {
        return "postgresql";
    }
}
