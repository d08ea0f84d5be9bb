package io.esteira.notifications;

import io.esteira.support.IntegrationTest;

/** No SMTP server configured: e-mail is skipped. */
@IntegrationTest
class NotificationIntegrationTest extends NotificationScenarios {
}
