package io.esteira.scheduling;

import io.esteira.support.PostgresIntegrationTest;

/** The portal and its Quartz job store on PostgreSQL; the source is the demo warehouse. */
@PostgresIntegrationTest
class SchedulingOnPostgresIntegrationTest extends SchedulingScenarios {
}
