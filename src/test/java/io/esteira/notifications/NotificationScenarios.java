package io.esteira.notifications;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.audit.AuditEntry;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.notifications.delivery.WebhookSignature;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import io.esteira.support.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a person gets told: in the portal for them alone, by e-mail when SMTP is configured, by a
 * signed webhook that is retried and, when it keeps failing, given up and audited.
 */
abstract class NotificationScenarios {

    static final String SECRET = "test-webhook-secret"; // application-test.properties
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Notifications notifications;
    @Autowired
    AreaService areas;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    io.esteira.shared.ui.LiveInbox live;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    UUID credit;
    UUID dsCredit;

    /** The SMTP server the portal sends to, in the subclass whose context has one. */
    GreenMail smtp() {
        return null;
    }

    @BeforeEach
    void prepare() {
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id)
                .findFirst().orElseThrow();
        dsCredit = personas.user(DS_CREDIT).userId();
    }

    static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends as the platform would (a job, a listener): as the system actor. */
    void send(String subject, String webhookUrl, Map<String, Object> payload) {
        SystemActor.run(() -> notifications.send(new NotificationRequest(credit, dsCredit, "schedule.run-failed", subject,
                "The query timed out after 60 s.", "/schedules", webhookUrl, payload)));
    }

    NotificationView find(String username, String subject) {
        return personas.call(username, () -> notifications.list(PageRequest.of(0, 200))).stream()
                .filter(n -> n.subject().equals(subject)).findFirst().orElse(null);
    }

    List<Map<String, Object>> deliveries(UUID notificationId) {
        return jdbc.queryForList("select channel, state, attempts, last_error, sent_at from notification_delivery "
                + "where notification_id = ? order by channel", notificationId);
    }

    Map<String, Object> delivery(UUID notificationId, String channel) {
        return deliveries(notificationId).stream().filter(d -> d.get("channel").equals(channel)).findFirst().orElseThrow();
    }

    /** The audit entry of this action on this notification's delivery on this channel (with SMTP, e-mail has its own). */
    AuditEntry awaitAudited(String action, UUID notificationId, String channel) {
        return await().atMost(PATIENCE).until(() -> audit.entries(AuditTrail.actionOn(action, notificationId.toString()), 10).stream()
                .filter(e -> e.details().contains("\"channel\":\"" + channel + "\"")).findFirst().orElse(null), e -> e != null);
    }

    @Test
    void a_notification_is_in_its_recipients_inbox_and_nobody_elses() {
        long unreadBefore = personas.call(DS_CREDIT, notifications::unreadCount);
        String subject = unique("Schedule segment-counts failed");
        send(subject, null, null);

        NotificationView n = find(DS_CREDIT, subject);
        assertThat(n).isNotNull();
        assertThat(n.read()).isFalse();
        assertThat(n.areaName()).isEqualTo("Credit Risk");
        assertThat(n.link()).isEqualTo("/schedules");
        assertThat(n.body()).isEqualTo("The query timed out after 60 s.");
        assertThat(personas.call(DS_CREDIT, notifications::unreadCount)).isEqualTo(unreadBefore + 1);
        assertThat(personas.call(DS_CREDIT, () -> notifications.list(PageRequest.of(0, 1))).getContent().getFirst().subject())
                .as("newest first").isEqualTo(subject);

        assertThat(find(DS_FRAUD, subject)).isNull();
        assertThat(find(ADMIN, subject)).as("not even an administrator reads another person's inbox").isNull();
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> notifications.markRead(n.id())).isInstanceOf(NotFoundException.class));
        personas.run(ADMIN, () -> assertThatThrownBy(() -> notifications.markRead(n.id())).isInstanceOf(NotFoundException.class));
        personas.run(DS_FRAUD, notifications::markAllRead);
        assertThat(find(DS_CREDIT, subject).read()).as("another person's mark-all-read leaves it unread").isFalse();

        NotificationView read = personas.call(DS_CREDIT, () -> notifications.markRead(n.id()));
        assertThat(read.read()).isTrue();
        assertThat(read.readAt()).isNotNull();
        assertThat(personas.call(DS_CREDIT, notifications::unreadCount)).isEqualTo(unreadBefore);
        assertThat(personas.call(DS_CREDIT, () -> notifications.markRead(n.id())).readAt()).as("read once").isEqualTo(read.readAt());

        AuditEntry sent = audit.awaitEntry(AuditTrail.actionOn("notification.sent", n.id().toString()));
        assertThat(sent.actor()).isEqualTo("system");
        assertThat(sent.areaId()).isEqualTo(credit);
        assertThat(sent.details()).contains("\"recipient\":\"ds.credit\"").contains("schedule.run-failed");
        assertThat(sent.details()).contains("\"channels\":\"" + (smtp() == null ? "portal" : "portal,email") + "\"");
    }

    @Test
    void the_recipients_open_screens_hear_of_it_once_it_is_committed_and_nobody_elses() {
        java.util.concurrent.atomic.AtomicInteger rung = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger other = new java.util.concurrent.atomic.AtomicInteger();
        var mine = live.register(dsCredit, rung::incrementAndGet);
        var theirs = live.register(personas.user(DS_FRAUD).userId(), other::incrementAndGet);
        try {
            transactions.executeWithoutResult(tx -> {
                send(unique("Rung after commit"), null, null);
                assertThat(rung).as("not before the commit").hasValue(0);
            });
            assertThat(rung).hasValue(1);
            transactions.executeWithoutResult(tx -> {
                send(unique("Rolled back"), null, null);
                tx.setRollbackOnly();
            });
            assertThat(rung).as("a notification rolled back rings nothing").hasValue(1);
            assertThat(other).hasValue(0);
        } finally {
            mine.remove();
            theirs.remove();
        }
        assertThat(live.screensOf(dsCredit)).isZero();
    }

    @Test
    void the_system_has_no_inbox_so_telling_it_stores_nothing() {
        String subject = unique("To the system");
        SystemActor.run(() -> notifications.send(new NotificationRequest(credit, SystemActor.SYSTEM.userId(), "change.approved", subject,
                "Approved by policy.", null, null, null)));
        assertThat(jdbc.queryForObject("select count(*) from notification where subject = ?", Integer.class, subject)).isZero();
    }

    @Test
    void a_listener_or_job_without_a_signed_in_user_may_send_and_the_system_is_named_as_sender() {
        String subject = unique("From a listener");
        notifications.send(new NotificationRequest(credit, dsCredit, "schedule.run-failed", subject, "", null, null, null));
        UUID id = find(DS_CREDIT, subject).id();
        assertThat(audit.awaitEntry(AuditTrail.actionOn("notification.sent", id.toString())).actorType()).isEqualTo("SYSTEM");
        assertThatThrownBy(() -> notifications.unreadCount()).as("reads need a signed-in user")
                .isInstanceOfAny(org.springframework.security.core.AuthenticationException.class,
                        org.springframework.security.access.AccessDeniedException.class);
    }

    @Test
    void mark_all_read_empties_the_count() {
        send(unique("First"), null, null);
        send(unique("Second"), null, null);
        assertThat(personas.call(DS_CREDIT, notifications::unreadCount)).isGreaterThanOrEqualTo(2);
        assertThat(personas.call(DS_CREDIT, notifications::markAllRead)).isGreaterThanOrEqualTo(2);
        assertThat(personas.call(DS_CREDIT, notifications::unreadCount)).isZero();
        assertThat(personas.call(DS_CREDIT, notifications::markAllRead)).isZero();
    }

    @Test
    void the_api_shows_the_callers_own_notifications_and_another_user_gets_not_found() {
        String subject = unique("Drift alert on credit-scoring");
        send(subject, null, null);
        UUID id = find(DS_CREDIT, subject).id();
        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("inbox", null, LocalDate.now().plusDays(3), false))).secret();
        String fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("inbox", null, LocalDate.now().plusDays(3), false))).secret();

        Response list = api.get("/api/v1/notifications?size=200", token);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.body()).contains(subject).contains(id.toString());
        assertThat(api.get("/api/v1/notifications?size=200", fraudToken).body()).doesNotContain(subject);
        long unread = api.get("/api/v1/notifications/unread-count", token).json().get("unread").asLong();
        assertThat(unread).isPositive();

        Response denied = api.post("/api/v1/notifications/" + id + "/read", fraudToken, "");
        assertThat(denied.status()).isEqualTo(404);
        assertThat(denied.contentType()).startsWith("application/problem+json");
        assertThat(api.post("/api/v1/notifications/" + UUID.randomUUID() + "/read", token, "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/notifications", null).status()).isEqualTo(401);

        Response read = api.post("/api/v1/notifications/" + id + "/read", token, "");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("read").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/notifications/unread-count", token).json().get("unread").asLong()).isEqualTo(unread - 1);
        Response all = api.post("/api/v1/notifications/read-all", token, "");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("marked").asLong()).isEqualTo(unread - 1);
        assertThat(api.get("/api/v1/notifications/unread-count", token).json().get("unread").asLong()).isZero();
    }

    @Test
    void an_area_limited_token_sees_only_its_areas_notifications() {
        UUID fraud = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id)
                .findFirst().orElseThrow();
        String platformWide = unique("Your API token expires");
        SystemActor.run(() -> notifications.send(new NotificationRequest(null, dsCredit, "token.expiring", platformWide, "", null, null, null)));
        String creditOnly = unique("Credit news");
        send(creditOnly, null, null);
        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("credit-only", credit, LocalDate.now().plusDays(3), false)))
                .secret();
        String body = api.get("/api/v1/notifications?size=200", token).body();
        assertThat(body).contains(creditOnly).doesNotContain(platformWide);
        UUID other = find(DS_CREDIT, platformWide).id();
        assertThat(api.post("/api/v1/notifications/" + other + "/read", token, "").status()).isEqualTo(404);
        assertThat(fraud).isNotEqualTo(credit);
    }

    @Test
    void an_email_reaches_the_recipient_when_smtp_is_configured_and_is_skipped_without() throws Exception {
        String subject = unique("Schedule nightly-balances failed");
        send(subject, null, null);
        UUID id = find(DS_CREDIT, subject).id();
        GreenMail smtp = smtp();
        if (smtp == null) {
            assertThat(deliveries(id)).as("no SMTP server configured: no e-mail").isEmpty();
            assertThat(audit.awaitEntry(AuditTrail.actionOn("notification.sent", id.toString())).details())
                    .contains("\"channels\":\"portal\"");
            return;
        }
        MimeMessage mail = await().atMost(PATIENCE).until(() -> Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> subjectOf(m).equals("[Esteira] " + subject)).findFirst().orElse(null), m -> m != null);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ds.credit@esteira.example");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("esteira@localhost");
        String text = GreenMailUtil.getBody(mail);
        assertThat(text).contains("The query timed out after 60 s.").contains("Area: Credit Risk").contains("/schedules");
        await().atMost(PATIENCE).until(() -> delivery(id, "EMAIL").get("state"), "SENT"::equals);
        AuditEntry delivered = awaitAudited("notification.delivered", id, "email");
        assertThat(delivered.details()).contains("d***@esteira.example")
                .doesNotContain("ds.credit@esteira.example");
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    @Test
    void a_webhook_reaches_its_receiver_signed_with_hmac() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(204)) {
            String subject = unique("Schedule feature-refresh failed");
            send(subject, receiver.url(), Map.of("schedule", "feature-refresh", "attempt", 2));
            await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received hook = receiver.received().getFirst();
            assertThat(hook.method()).isEqualTo("POST");
            assertThat(hook.header("Content-Type")).isEqualTo("application/json");
            assertThat(WebhookSignature.verify(SECRET, hook.body(), hook.header(WebhookSignature.HEADER)))
                    .as("signature %s", hook.header(WebhookSignature.HEADER)).isTrue();
            assertThat(WebhookSignature.verify("another-secret", hook.body(), hook.header(WebhookSignature.HEADER))).isFalse();
            JsonNode json = JsonMapper.builder().build().readTree(hook.body());
            UUID id = find(DS_CREDIT, subject).id();
            assertThat(json.get("id").asString()).isEqualTo(id.toString());
            assertThat(hook.header("X-Esteira-Notification")).isEqualTo(id.toString());
            assertThat(json.get("subject").asString()).isEqualTo(subject);
            assertThat(json.get("body").asString()).isEqualTo("The query timed out after 60 s.");
            assertThat(json.get("topic").asString()).isEqualTo("schedule.run-failed");
            assertThat(json.get("area").get("code").asString()).isEqualTo("CREDIT");
            assertThat(json.get("area").get("name").asString()).isEqualTo("Credit Risk");
            assertThat(json.get("link").asString()).isEqualTo("/schedules");
            assertThat(json.get("payload").get("schedule").asString()).isEqualTo("feature-refresh");
            assertThat(json.get("payload").get("attempt").asInt()).isEqualTo(2);
            assertThat(Instant.parse(json.get("sentAt").asString())).isBefore(Instant.now().plusSeconds(1));

            await().atMost(PATIENCE).until(() -> delivery(id, "WEBHOOK").get("state"), "SENT"::equals);
            assertThat(((Number) delivery(id, "WEBHOOK").get("attempts")).intValue()).isEqualTo(1);
            AuditEntry delivered = awaitAudited("notification.delivered", id, "webhook");
            assertThat(delivered.details()).contains("127.0.0.1").doesNotContain("/hook");
            assertThat(audit.awaitEntry(AuditTrail.actionOn("notification.sent", id.toString())).details()).contains("webhook");
        }
    }

    @Test
    void a_webhook_that_fails_once_is_sent_again_after_a_backoff() {
        try (WebhookReceiver receiver = new WebhookReceiver(n -> n == 1 ? 503 : 200)) {
            String subject = unique("Retried");
            send(subject, receiver.url(), null);
            UUID id = find(DS_CREDIT, subject).id();
            await().atMost(PATIENCE).until(() -> delivery(id, "WEBHOOK").get("state"), "SENT"::equals);
            assertThat(receiver.received()).hasSize(2);
            assertThat(((Number) delivery(id, "WEBHOOK").get("attempts")).intValue()).isEqualTo(2);
        }
    }

    @Test
    void a_webhook_that_keeps_failing_is_retried_then_recorded_failed_and_audited() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(500)) {
            String subject = unique("Never arrives");
            send(subject, receiver.url(), null);
            UUID id = find(DS_CREDIT, subject).id();
            await().atMost(PATIENCE).until(() -> delivery(id, "WEBHOOK").get("state"), "FAILED"::equals);
            Map<String, Object> failed = delivery(id, "WEBHOOK");
            assertThat(((Number) failed.get("attempts")).intValue()).as("max-attempts in the test profile").isEqualTo(3);
            assertThat(receiver.received()).hasSize(3);
            assertThat(failed.get("last_error")).asString().contains("HTTP 500");
            AuditEntry entry = awaitAudited("notification.delivery-failed", id, "webhook");
            assertThat(entry.outcome()).isEqualTo("FAILED");
            assertThat(entry.areaId()).isEqualTo(credit);
            assertThat(entry.details()).contains("HTTP 500").contains("\"attempts\":3").contains("webhook");
            assertThat(find(DS_CREDIT, subject)).as("the inbox keeps it whatever the webhook did").isNotNull();
        }
    }

    @Test
    void a_webhook_refused_by_its_receiver_is_not_retried() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(404)) {
            String subject = unique("Wrong path");
            send(subject, receiver.url(), null);
            UUID id = find(DS_CREDIT, subject).id();
            await().atMost(PATIENCE).until(() -> delivery(id, "WEBHOOK").get("state"), "FAILED"::equals);
            assertThat(receiver.received()).hasSize(1);
            assertThat(delivery(id, "WEBHOOK").get("last_error")).asString().contains("HTTP 404");
        }
    }

    @Test
    void a_webhook_to_a_forbidden_address_fails_without_a_request_and_without_an_exception() {
        String subject = unique("Metadata");
        send(subject, "http://169.254.169.254/latest/meta-data/", null);
        UUID id = find(DS_CREDIT, subject).id();
        await().atMost(PATIENCE).until(() -> delivery(id, "WEBHOOK").get("state"), "FAILED"::equals);
        assertThat(((Number) delivery(id, "WEBHOOK").get("attempts")).intValue()).isEqualTo(1);
        assertThat(delivery(id, "WEBHOOK").get("last_error")).asString().contains("169.254.169.254");
        assertThat(audit.awaitEntry(AuditTrail.actionOn("notification.delivery-failed", id.toString())).outcome()).isEqualTo("FAILED");
    }

    @Test
    void a_delivery_left_pending_by_a_stopped_node_is_sent_by_the_sweep() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            UUID id = UUID.randomUUID();
            Instant longAgo = Instant.now().minusSeconds(600);
            jdbc.update("insert into notification (id, area_id, recipient_id, topic, subject, body, link, created_at) "
                    + "values (?, ?, ?, 'schedule.run-failed', ?, '', null, ?)", id, credit, dsCredit, unique("Orphan"),
                    java.sql.Timestamp.from(longAgo));
            jdbc.update("insert into notification_delivery (id, notification_id, channel, target, state, attempts, next_attempt_at, "
                    + "claimed_until, created_at) values (?, ?, 'WEBHOOK', ?, 'PENDING', 0, ?, ?, ?)", UUID.randomUUID(), id,
                    receiver.url(), java.sql.Timestamp.from(longAgo), java.sql.Timestamp.from(longAgo.plusSeconds(60)),
                    java.sql.Timestamp.from(longAgo));
            await().atMost(PATIENCE).until(() -> delivery(id, "WEBHOOK").get("state"), "SENT"::equals);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void check_webhook_refuses_what_may_not_receive_webhooks_with_the_reason() {
        SystemActor.run(() -> {
            assertThatThrownBy(() -> notifications.checkWebhook("http://169.254.169.254/latest/meta-data/"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("169.254.169.254")
                    .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("webhookUrl"));
            assertThatThrownBy(() -> notifications.checkWebhook("http://user:pw@127.0.0.1/hook"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("user name or password");
            assertThatThrownBy(() -> notifications.checkWebhook("https://hooks.example.com/x"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("only to hosts under 127.0.0.1, localhost");
            notifications.checkWebhook("http://127.0.0.1:8080/hook");
            notifications.checkWebhook("https://localhost/hook");
        });
    }

    @Test
    void a_subject_is_one_line_and_a_long_one_is_cut_rather_than_refused() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        send("Two lines " + id + "\r\nBcc: someone@example.com", null, null);
        assertThat(find(DS_CREDIT, "Two lines " + id + " Bcc: someone@example.com")).isNotNull();
        String long_ = "Long " + id + " " + "x".repeat(400);
        send(long_, null, null);
        NotificationView cut = personas.call(DS_CREDIT, () -> notifications.list(PageRequest.of(0, 50))).stream()
                .filter(n -> n.subject().startsWith("Long " + id)).findFirst().orElseThrow();
        assertThat(cut.subject()).hasSize(200).endsWith("…");
    }

    @Test
    void a_bad_request_is_refused_with_the_field_and_nothing_is_stored() {
        long before = jdbc.queryForObject("select count(*) from notification", Long.class);
        SystemActor.run(() -> {
            assertThatThrownBy(() -> notifications.send(new NotificationRequest(credit, dsCredit, "t", " ", null, null, null, null)))
                    .isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("subject"));
            assertThatThrownBy(() -> notifications.send(new NotificationRequest(credit, dsCredit, "t", "Hi", null, "https://evil.example/x", null, null)))
                    .isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("link"));
            assertThatThrownBy(() -> notifications.send(new NotificationRequest(credit, dsCredit, "t", "Hi", null, "//evil.example/x", null, null)))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> notifications.send(new NotificationRequest(credit, UUID.randomUUID(), "t", "Hi", null, null, null, null)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("No portal user");
            assertThatThrownBy(() -> notifications.send(new NotificationRequest(UUID.randomUUID(), dsCredit, "t", "Hi", null, null, null, null)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("No area");
        });
        assertThat(jdbc.queryForObject("select count(*) from notification", Long.class)).isEqualTo(before);
    }
}
