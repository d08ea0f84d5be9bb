package io.esteira.monitoring;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class SegmentDriftOnPostgresIntegrationTest extends SegmentDriftScenarios {
}
