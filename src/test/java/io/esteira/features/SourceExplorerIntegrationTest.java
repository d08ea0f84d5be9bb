package io.esteira.features;

import io.esteira.support.IntegrationTest;
import java.util.UUID;

@IntegrationTest
class SourceExplorerIntegrationTest extends SourceExplorerScenarios {

    private static final String SCRATCH = "jdbc:h2:mem:scratch-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    String[] scratchDatabase() {
        return new String[] {SCRATCH, "sa", ""};
    }
}
