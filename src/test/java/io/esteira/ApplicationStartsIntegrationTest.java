package io.esteira;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class ApplicationStartsIntegrationTest extends ApplicationStartsScenarios {

    @Override
    String vendor() {
        return "h2";
    }
}
