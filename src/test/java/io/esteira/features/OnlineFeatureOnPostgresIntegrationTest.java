package io.esteira.features;

import io.esteira.support.PostgresIntegrationTest;

/** The online table on PostgreSQL; the scratch source is the database esteira_it_source. */
@PostgresIntegrationTest
class OnlineFeatureOnPostgresIntegrationTest extends OnlineFeatureScenarios {

    @Override
    String[] scratchDatabase() {
        return new SourceExplorerOnPostgresIntegrationTest().scratchDatabase();
    }
}
