package io.esteira.features;

import io.esteira.support.IntegrationTest;
import java.util.UUID;

@IntegrationTest
class OnlineFeatureIntegrationTest extends OnlineFeatureScenarios {

    private static final String SCRATCH = "jdbc:h2:mem:online-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    String[] scratchDatabase() {
        return new String[] {SCRATCH, "sa", ""};
    }
}
