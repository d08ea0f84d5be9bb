package io.esteira;

import io.esteira.support.PostgresRequired;
import io.esteira.support.ScratchPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link UpgradeInPlaceScenarios} on PostgreSQL, in a scratch database of this checkout's test prefix. */
@ExtendWith(PostgresRequired.class)
class UpgradeInPlaceOnPostgresIntegrationTest extends UpgradeInPlaceScenarios {

    @Override
    String emptyDatabaseUrl() {
        return ScratchPostgres.recreate(System.getProperty("esteira.it.database", "esteira_it") + "_upgrade");
    }

    @Override
    String username() {
        return ScratchPostgres.USER;
    }

    @Override
    String vendor() {
        return "postgresql";
    }
}
