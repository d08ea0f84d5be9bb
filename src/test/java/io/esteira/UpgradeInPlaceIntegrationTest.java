package io.esteira;

import java.util.UUID;

/** {@link UpgradeInPlaceScenarios} on the embedded default's H2. */
class UpgradeInPlaceIntegrationTest extends UpgradeInPlaceScenarios {

    @Override
    String emptyDatabaseUrl() {
        return "jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }

    @Override
    String username() {
        return "sa";
    }

    @Override
    String vendor() {
        return "h2";
    }
}
