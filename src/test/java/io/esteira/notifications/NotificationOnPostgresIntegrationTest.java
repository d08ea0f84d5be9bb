package io.esteira.notifications;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class NotificationOnPostgresIntegrationTest extends NotificationScenarios {
}
