package io.esteira.notifications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.esteira.support.IntegrationTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The same scenarios with an SMTP server configured: GreenMail, a real SMTP server in this JVM on a
 * free port, configured the way an operator does (the host through ESTEIRA_SMTP_HOST's property). A
 * context of its own, because Boot makes its mail sender only when a host is set.
 */
@IntegrationTest
@TestPropertySource(properties = "esteira.notifications.smtp-host=127.0.0.1") // what ESTEIRA_SMTP_HOST sets
class NotificationWithSmtpIntegrationTest extends NotificationScenarios {

    static final GreenMail SMTP = start();

    private static GreenMail start() {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        return smtp;
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @Override
    GreenMail smtp() {
        return SMTP;
    }
}
