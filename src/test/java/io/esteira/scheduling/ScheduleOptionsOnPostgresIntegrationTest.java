package io.esteira.scheduling;

import io.esteira.support.PostgresIntegrationTest;

/** Retries, deadlines, calendars and edits with Quartz's job store on PostgreSQL. */
@PostgresIntegrationTest
class ScheduleOptionsOnPostgresIntegrationTest extends ScheduleOptionsScenarios {
}
