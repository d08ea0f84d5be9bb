package io.esteira.identity.security;

import static io.esteira.support.AuditTrail.action;
import static io.esteira.identity.security.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.audit.AuditEntry;
import io.esteira.audit.AuditFilter;
import io.esteira.support.AuditTrail;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sign-in and what every browser gets, tried over real HTTP as an attacker would: forged logins,
 * guessing, a spoofed client address, framing, anonymous metrics.
 */
abstract class SignInHardeningScenarios {

    private static final String[] ANY = {"Accept", "*/*"};
    private static final Pattern RETRY_IN = Pattern.compile("retry-in=(\\d+)");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail audit;

    Browser browser;

    @BeforeEach
    @AfterEach
    void forgetFailedSignIns() {
        jdbc.update("delete from sign_in_throttle");
        browser = new Browser(port);
    }

    // --- login CSRF

    @Test
    void the_login_form_signs_in_with_the_csrf_token_of_its_page() {
        HttpResponse<String> signIn = browser.signIn("ds.credit", "demo");
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(location(signIn)).doesNotContain("login");
        assertThat(browser.get("/").statusCode()).as("the portal's home page, signed in").isEqualTo(200);
    }

    @Test
    void a_login_without_csrf_token_signs_no_one_in() {
        browser.openSignInPage();
        HttpResponse<String> forged = browser.post("/login", Map.of("username", "ds.credit", "password", "demo"));
        assertThat(location(forged)).endsWith("/login?expired");
        assertThat(location(browser.get("/"))).as("still not signed in").endsWith("/login");
    }

    @Test
    void a_login_with_a_made_up_token_or_posing_as_a_vaadin_request_signs_no_one_in() {
        browser.openSignInPage();
        HttpResponse<String> madeUp = browser.post("/login", Map.of("username", "ds.credit", "password", "demo", "_csrf", "made-up"));
        assertThat(location(madeUp)).endsWith("/login?expired");
        HttpResponse<String> posing = browser.post("/login?v-r=uidl&v-uiId=0", Map.of("username", "ds.credit", "password", "demo"));
        assertThat(location(posing)).endsWith("/login?expired");
        assertThat(location(browser.get("/"))).as("still not signed in").endsWith("/login");
    }

    // --- throttling and lockout

    @Test
    void repeated_failures_make_the_next_attempt_wait_longer_and_then_lock_the_account_even_for_its_password() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertThat(location(browser.signIn("ds.fraud", "guess-" + i))).endsWith("/login?error");
        }
        assertThat(delayOf("account:ds.fraud")).as("after the third failure the next attempt waits a second").isEqualTo(Duration.ofSeconds(1));
        HttpResponse<String> tooSoon = signInWhileTheDelayRuns("ds.fraud", "guess-4");
        assertThat(retryIn(tooSoon)).as("an attempt while the delay runs is told to wait").isBetween(1L, 2L);
        letTheDelayPass("account:ds.fraud");
        assertThat(location(browser.signIn("ds.fraud", "guess-4"))).endsWith("/login?error");
        assertThat(delayOf("account:ds.fraud")).as("then two seconds").isEqualTo(Duration.ofSeconds(2));
        assertThat(retryIn(signInWhileTheDelayRuns("ds.fraud", "guess-5"))).isBetween(1L, 2L);
        letTheDelayPass("account:ds.fraud");
        HttpResponse<String> fifth = browser.signIn("ds.fraud", "guess-5");
        assertThat(retryIn(fifth)).as("the fifth failure locks for 15 minutes").isBetween(890L, 900L);

        HttpResponse<String> rightPassword = browser.signIn("ds.fraud", "demo");
        assertThat(retryIn(rightPassword)).as("locked: the right password is refused too").isBetween(880L, 900L);
        assertThat(location(browser.get("/"))).endsWith("/login");
        assertThat(new Browser(port).signIn("DS.Fraud", "demo").headers().firstValue("Location").orElse(""))
                .as("another browser, the name in capitals").contains("retry-in=");

        AuditEntry locked = audit.awaitEntry(action("user.sign-in-locked"));
        assertThat(locked.objectId()).isEqualTo("ds.fraud");
        assertThat(locked.outcome()).isEqualTo("DENIED");
        audit.awaitEntry(new AuditFilter(null, null, "ds.fraud", null, "user.sign-in-failed", null, null, "FAILED"));
        assertThat(audit.entries(new AuditFilter(null, null, "ds.fraud", null, "user.sign-in-failed", null, null, null), 50))
                .as("the refused attempts are audited with why").anySatisfy(e -> assertThat(e.details().toString()).contains("refused"));
        await().atMost(AuditTrail.PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select n.subject from notification n join app_user u on u.id = n.recipient_id "
                        + "where u.username = 'admin' and n.topic = 'identity.sign-in-locked'", String.class))
                .as("the administrator is told").anySatisfy(s -> assertThat(s).contains("ds.fraud")));
    }

    @Test
    void a_name_that_is_no_account_is_answered_exactly_like_one_that_is() throws Exception {
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("manager.credit", nobody)) {
            Browser fresh = new Browser(port);
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> failed = fresh.signIn(name, "guess-" + i);
                if (i < 5) {
                    assertThat(location(failed)).as(name + ", failure " + i).endsWith("/login?error");
                    Thread.sleep(i >= 3 ? (1L << (i - 3)) * 1000 + 100 : 0);
                } else {
                    assertThat(retryIn(failed)).as(name + ", locked").isBetween(890L, 900L);
                }
            }
            jdbc.update("delete from sign_in_throttle where subject like 'address:%'");
        }
    }

    @Test
    void a_client_cannot_escape_the_throttle_of_its_address_with_a_made_up_x_forwarded_for() {
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> failed = browser.signIn("guess-" + i + "@" + UUID.randomUUID(), "guess", "X-Forwarded-For", "203.0.113." + i);
            assertThat(location(failed)).endsWith("/login?error");
        }
        assertThat(jdbc.queryForObject("select not_before from sign_in_throttle where subject = 'address:127.0.0.1'", Timestamp.class))
                .as("ten failures from one real address impose a delay on it").isNotNull();
        // the delay is a second or two: on a busy machine it could be over before the next request, so it is made to last
        jdbc.update("update sign_in_throttle set not_before = ? where subject = 'address:127.0.0.1'",
                Timestamp.from(Instant.now().plusSeconds(60)));
        HttpResponse<String> next = browser.signIn("yet-another-name", "guess", "X-Forwarded-For", "198.51.100.77");
        assertThat(retryIn(next)).as("the eleventh attempt from the same real address waits, whatever it claims").isPositive();
        assertThat(jdbc.queryForList("select subject from sign_in_throttle where subject like 'address:%'", String.class))
                .containsExactly("address:127.0.0.1");
    }

    @Autowired
    SignInThrottle throttle;
    @Autowired
    SignInProperties signInProperties;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;
    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Test
    void a_burst_of_parallel_guesses_at_one_name_cannot_slip_past_the_waits() throws Exception {
        String name = "parallel-" + UUID.randomUUID();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> tries = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String address = "198.51.100." + i;
                tries.add(pool.submit(() -> throttle.attempt(name, address).isEmpty()));
            }
            int allowed = 0;
            for (var t : tries) {
                allowed += t.get() ? 1 : 0;
            }
            assertThat(allowed).as("attempts whose password would have been checked").isEqualTo(signInProperties.accountDelayAfter());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_burst_of_failures_alerts_the_administrators_and_another_node_sees_the_same_locks() {
        for (int i = 0; i < signInProperties.burstThreshold(); i++) {
            String name = "burst-" + i + "-" + UUID.randomUUID();
            String address = "192.0.2." + (i % 200);
            assertThat(throttle.attempt(name, address)).isEmpty();
            throttle.failed(name, address);
        }
        AuditEntry burst = audit.awaitEntry(action("user.sign-in-burst"));
        assertThat(burst.details()).contains("\"failures\":" + signInProperties.burstThreshold());
        await().atMost(AuditTrail.PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from notification n join app_user u on u.id = n.recipient_id "
                        + "where u.username = 'admin' and n.topic = 'identity.sign-in-burst'", Integer.class)).isPositive());

        for (int i = 0; i < signInProperties.accountLockAfter(); i++) {
            jdbc.update("update sign_in_throttle set not_before = null where not_before is not null and locked_until is null");
            assertThat(throttle.attempt("victim", "192.0.2.250")).isEmpty();
            throttle.failed("victim", "192.0.2.250");
        }
        SignInThrottle otherNode = new SignInThrottle(jdbc, transactions, events, signInProperties, java.time.Clock.systemUTC());
        assertThat(otherNode.refusal("victim", "203.0.113.1")).get().extracting(SignInThrottle.Refusal::locked).isEqualTo(true);
    }

    // --- headers

    @Test
    void every_page_and_answer_carries_the_security_headers() {
        HttpResponse<String> login = browser.get("/login");
        assertHardened(login);
        String csp = login.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "frame-ancestors 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
                "script-src 'self' 'unsafe-inline' 'unsafe-eval'");
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");

        assertThat(location(browser.signIn("ds.credit", "demo"))).doesNotContain("login");
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertHardened(home);
        assertThat(home.headers().firstValue("Cache-Control").orElse("")).as("a signed-in page is never stored").contains("no-store");

        for (HttpResponse<String> other : List.of(browser.get("/api/v1/areas", ANY), browser.get("/actuator/health", ANY),
                browser.get("/actuator/prometheus", ANY))) {
            assertHardened(other);
            assertThat(other.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'", "frame-ancestors 'none'");
        }
    }

    private static void assertHardened(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).as(response.uri() + " CSP").isPresent();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(response.uri() + " nosniff").hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).as(response.uri() + " referrer").hasValue("same-origin");
    }

    // --- management endpoints

    @Test
    void metrics_need_the_scrape_credential_and_health_does_not() {
        assertThat(browser.get("/actuator/health", ANY).statusCode()).isEqualTo(200);
        assertThat(browser.get("/actuator/prometheus", ANY).statusCode()).isEqualTo(401);
        assertThat(browser.get("/actuator/info", ANY).statusCode()).isEqualTo(401);
        assertThat(browser.get("/actuator/prometheus", "Accept", "*/*", "Authorization", basic("admin", "demo")).statusCode())
                .as("a person's password is not the scrape credential").isEqualTo(401);
        assertThat(browser.get("/actuator/prometheus", "Accept", "*/*", "Authorization", basic("prometheus", "wrong")).statusCode()).isEqualTo(401);
        HttpResponse<String> scraped = browser.get("/actuator/prometheus", "Accept", "*/*", "Authorization",
                basic("prometheus", "test-scrape-password-0123456789"));
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("jvm_memory_used_bytes");
        assertThat(location(browser.signIn("admin", "demo"))).doesNotContain("login");
        assertThat(browser.get("/actuator/prometheus", ANY).statusCode()).as("nor is an administrator's portal session").isEqualTo(401);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // The delays are a second or two of real time: on a busy machine a request could arrive after one is over. The
    // tests read the delay the throttle set, then make it still run, or be over, when the next attempt comes.

    private Duration delayOf(String subject) {
        return jdbc.queryForObject("select not_before, last_failure_at from sign_in_throttle where subject = ?", (rs, i) ->
                Duration.between(rs.getTimestamp(2).toInstant(), rs.getTimestamp(1).toInstant()), subject);
    }

    private HttpResponse<String> signInWhileTheDelayRuns(String username, String password) {
        String token = browser.openSignInPage();
        jdbc.update("update sign_in_throttle set not_before = ? where subject = ?", Timestamp.from(Instant.now().plusMillis(1_500)),
                "account:" + username);
        return browser.post("/login", Map.of("username", username, "password", password, "_csrf", token));
    }

    private void letTheDelayPass(String subject) {
        jdbc.update("update sign_in_throttle set not_before = ? where subject = ?", Timestamp.from(Instant.now().minusMillis(1)), subject);
    }

    private static long retryIn(HttpResponse<?> response) {
        Matcher m = RETRY_IN.matcher(location(response));
        if (!m.find()) {
            throw new AssertionError("Expected to be told to wait, was sent to " + location(response));
        }
        return Long.parseLong(m.group(1));
    }
}
