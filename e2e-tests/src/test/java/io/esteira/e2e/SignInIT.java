package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.esteira.audit.AuditFilter;
import io.esteira.audit.AuditLog;
import io.esteira.identity.IdentityService;
import io.esteira.identity.UserSummary;
import io.esteira.shared.security.SystemActor;
import io.esteira.shared.security.UserDirectory;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

class SignInIT extends PortalIT {

    @Autowired
    IdentityService identity;
    @Autowired
    UserDirectory users;
    @Autowired
    AuditLog audit;

    @Test
    void signing_in_rotates_the_session_id_and_is_audited() {
        login();
        String before = sessionCookie();
        signIn("reviewer.risk");
        assertThat(sessionCookie()).isNotEqualTo(before);
        awaitAudit(new AuditFilter(null, null, "reviewer.risk", null, "user.signed-in", null, null, "SUCCESS"));
    }

    @Test
    void a_failed_sign_in_and_a_refused_page_are_audited() {
        login().signInExpectingError("manager.credit", "guess");
        awaitAudit(new AuditFilter(null, null, "manager.credit", null, "user.sign-in-failed", null, null, "FAILED"));
        signIn("manager.credit");
        page.navigate("/admin/users");
        assertThat(page.locator("#access-denied-view")).isVisible();
        awaitAudit(new AuditFilter(null, null, "manager.credit", null, "access.denied", null, "/admin/users", "DENIED"));
    }

    private String sessionCookie() {
        return context.cookies().stream().filter(c -> c.name.equals("JSESSIONID")).map(c -> c.value).findFirst()
                .orElse("");
    }

    private void awaitAudit(AuditFilter filter) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> !SystemActor.call(() -> audit.search(filter, 0, 1)).isEmpty());
    }

    @ParameterizedTest(name = "{0} sees only their menu")
    @CsvSource(delimiter = ';', value = {
            "ds.credit;Home|Workspaces|Feature store|Schedules|Models|Training|Retraining|Change requests|Deployments|Monitoring|Costs|Data access|API tokens",
            "ds.fraud;Home|Workspaces|Feature store|Schedules|Models|Training|Retraining|Change requests|Deployments|Monitoring|Costs|Data access|API tokens",
            "reviewer.risk;Home|Feature store|Models|Monitoring|Approvals|Audit log|API tokens",
            "reviewer.gov;Home|Feature store|Models|Monitoring|Approvals|Audit log|API tokens",
            "manager.credit;Home|Workspaces|Feature store|Schedules|Models|Training|Retraining|Change requests|Deployments|Monitoring|Costs|Cost statements|Budgets|Rate card|Data access|API tokens",
            "admin;Home|Workspaces|Feature store|Schedules|Models|Training|Retraining|Deployments|Monitoring|Costs|Cost statements|Budgets|Rate card|Shared pools|Approvals|Data access|Audit log|Business areas|Data sources|Workspace templates|Users|API tokens"})
    void each_persona_signs_in_and_sees_only_its_menu(String username, String menu) {
        Shell shell = signIn(username);
        assertThat(shell.menu()).containsExactly(menu.split("\\|"));
        // home leads each persona to their next task
        boolean reviewer = username.startsWith("reviewer.");
        boolean dataScientist = username.startsWith("ds.");
        assertThat(page.locator("#home-review-queue")).hasCount(reviewer ? 1 : 0);
        assertThat(page.locator("#home-training")).hasCount(dataScientist ? 1 : 0);
        assertThat(page.locator("#home-alerts")).hasCount(dataScientist ? 1 : 0);
        assertThat(page.locator("#home-workspaces")).hasCount(dataScientist ? 1 : 0);
        screenshot("home-" + username);
    }

    @Test
    void a_name_locked_after_five_failures_is_told_how_long_to_wait_whether_or_not_it_is_an_account() {
        String name = "nobody-" + System.nanoTime();
        for (int i = 1; i <= 4; i++) {
            login().signInExpectingError(name, "guess-" + i);
            page.waitForTimeout(i >= 3 ? (1L << (i - 3)) * 1000 + 200 : 0); // the waits after the 3rd and 4th failures
        }
        LoginPage login = login().signInExpectingError(name, "guess-5");
        assertThat(login.tooManyAttempts()).isVisible();
        assertThat(page.getByText("Try again in 15 minutes").first()).isVisible();
        screenshot("login-too-many-attempts");
    }

    @Test
    void a_wrong_password_shows_an_error_and_signs_nobody_in() {
        LoginPage login = login().signInExpectingError("ds.credit", "not-the-password");
        screenshot("login-wrong-password");
        assertThat(login.errorMessage()).isVisible();
        page.navigate("/");
        page.waitForURL(url -> url.contains("/login"));
        assertThat(page.locator("#current-user")).hasCount(0);
    }

    @Test
    void a_data_scientist_opening_area_administration_is_refused() {
        signIn("ds.credit");
        page.navigate("/admin/areas");
        assertThat(page.locator("#access-denied-view")).isVisible();
        assertThat(page.locator("#areas-grid")).hasCount(0);
        screenshot("access-denied");
    }

    @Test
    void an_unknown_address_shows_the_not_found_page() {
        signIn("ds.fraud");
        page.navigate("/no-such-page");
        assertThat(page.locator("#not-found-view")).isVisible();
        screenshot("not-found");
    }

    @Test
    void signing_out_ends_the_session() {
        signIn("reviewer.gov").signOut();
        page.navigate("/audit");
        page.waitForURL(url -> url.contains("/login"));
        assertThat(page.locator("#audit-grid")).hasCount(0);
    }

    @Test
    void single_sign_on_creates_the_person_with_roles_and_areas_from_claims() {
        OIDC.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "sso-subject-1", "JWT", List.of("esteira-portal"),
                Map.of("preferred_username", "sso.analyst", "name", "Sofia Analyst", "email", "sofia@bank.example",
                        "roles", List.of("DATA_SCIENTIST", "SOME_OTHER_APP_ROLE"),
                        "areas", List.of("FRAUD:DATA_SCIENTIST")), 3600));
        LoginPage login = login();
        screenshot("login");
        login.ssoButton().click();
        page.waitForURL(url -> !url.contains("/login") && url.startsWith(baseUrl()));
        Shell shell = new Shell(page).waitUntilReady();
        assertThat(shell.userName()).hasText("Sofia Analyst");
        assertThat(shell.menu()).containsExactly("Home", "Workspaces", "Feature store", "Schedules", "Models", "Training", "Retraining", "Change requests", "Deployments",
                "Monitoring", "Costs", "Data access", "API tokens");
        assertThat(shell.areaSwitcher()).containsText("Fraud");
        assertThat(users.findByUsername("sso.analyst")).isPresent();
        screenshot("home-sso");

        // signing out also ends the session at the identity provider, then comes back to the login page
        java.util.List<String> visited = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onRequest(request -> visited.add(request.url()));
        shell.signOut();
        assertThat(visited).anyMatch(url -> url.startsWith(OIDC.endSessionEndpointUrl(ISSUER_ID).toString()));
        page.navigate("/");
        page.waitForURL(url -> url.contains("/login"));
    }

    @Test
    void a_realm_user_named_like_a_local_account_is_refused_logged_audited_and_told_what_to_ask() {
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.esteira.identity.security.SsoFailureHandler");
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logged.start();
        logger.addAppender(logged);
        try {
            // the realm has a "ds.credit" too; here it is not the portal's local ds.credit (another subject)
            OIDC.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "realm-subject-of-ds-credit", "JWT",
                    List.of("esteira-portal"), Map.of("preferred_username", "ds.credit", "name", "Ana Souza",
                            "roles", List.of("ADMIN"), "areas", List.of("CREDIT:MANAGER")), 3600));
            login().ssoButton().click();
            page.waitForURL(url -> url.contains("/login?sso-error=name-is-local-account"));
            assertThat(page.locator("#sso-error")).hasText("Your single sign-on name matches a local account of the portal. "
                    + "Ask a platform administrator to link that account to your single sign-on (Users → Link to single sign-on).");
            assertThat(page.locator("#sso-error")).not().containsText("realm-subject");
            assertThat(page.locator("#current-user")).hasCount(0);
            screenshot("login-sso-name-is-local-account");

            awaitAudit(new AuditFilter(null, null, "ds.credit", null, "user.sign-in-failed", null, "ds.credit", "FAILED"));
            var entries = SystemActor.call(() -> audit.search(
                    new AuditFilter(null, null, "ds.credit", null, "user.sign-in-failed", null, "ds.credit", "FAILED"), 0, 20));
            assertThat(entries).filteredOn(e -> e.details().contains("name-is-local-account")).singleElement()
                    .satisfies(e -> assertThat(e.details()).contains("already a local account"));
            // recorded once, by the refusal's handler (not a second time, reasonless, by Spring's failure event)
            var allRefusals = SystemActor.call(() -> audit.search(
                    new AuditFilter(null, null, null, null, "user.sign-in-failed", null, null, null), 0, 200));
            assertThat(allRefusals).filteredOn(e -> e.details().contains("realm-subject-of-ds-credit")).hasSize(1);
            assertThat(logged.list).anySatisfy(line -> {
                assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                assertThat(line.getFormattedMessage()).contains("ds.credit", "name-is-local-account");
            });

            // nothing was taken from the claims: the local account keeps its roles and signs in as before
            UserSummary local = SystemActor.call(() -> identity.list("ds.credit",
                    org.springframework.data.domain.PageRequest.of(0, 1)).getContent().getFirst());
            assertThat(local.roles()).doesNotContain(io.esteira.shared.security.Role.ADMIN);
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void disabling_a_person_ends_their_session_at_the_next_request() {
        Shell shell = signIn("ds.fraud");
        assertThat(shell.userName()).isVisible();
        UserSummary fraud = SystemActor.call(() -> identity.list("ds.fraud",
                org.springframework.data.domain.PageRequest.of(0, 1)).getContent().getFirst());
        SystemActor.run(() -> identity.update(fraud.id(), fraud.displayName(), fraud.roles(), false, fraud.version()));
        try {
            page.navigate("/settings/tokens");
            page.waitForURL(url -> url.contains("/login"));
            login().signInExpectingError("ds.fraud", "demo");
        } finally {
            UserSummary disabled = SystemActor.call(() -> identity.get(fraud.id()));
            SystemActor.run(() -> identity.update(fraud.id(), fraud.displayName(), fraud.roles(), true, disabled.version()));
        }
    }

    @Test
    void losing_the_reviewer_role_ends_the_session_at_the_next_request() {
        signIn("reviewer.gov");
        UserSummary reviewer = SystemActor.call(() -> identity.list("reviewer.gov",
                org.springframework.data.domain.PageRequest.of(0, 1)).getContent().getFirst());
        SystemActor.run(() -> identity.update(reviewer.id(), reviewer.displayName(), java.util.Set.of(), true, reviewer.version()));
        try {
            page.navigate("/audit");
            page.waitForURL(url -> url.contains("/login"));
        } finally {
            UserSummary demoted = SystemActor.call(() -> identity.get(reviewer.id()));
            SystemActor.run(() -> identity.update(reviewer.id(), reviewer.displayName(), reviewer.roles(), true, demoted.version()));
        }
    }

    @Test
    void the_portal_is_usable_on_a_phone() {
        BrowserContext phone = newContext(390, 844);
        Page small = phone.newPage();
        try {
            new LoginPage(small).open().signIn("manager.credit", "demo");
            screenshot(small, "home-manager-phone");
            small.locator("vaadin-drawer-toggle").click();
            assertThat(small.locator("#side-nav")).isVisible();
            screenshot(small, "menu-phone");
        } finally {
            phone.close();
        }
    }
}
