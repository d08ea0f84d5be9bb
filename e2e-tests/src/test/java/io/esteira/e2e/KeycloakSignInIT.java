package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.esteira.EsteiraApplication;
import io.esteira.audit.AuditFilter;
import io.esteira.audit.AuditLog;
import io.esteira.identity.IdentityService;
import io.esteira.identity.UserSummary;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SystemActor;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on against a real Keycloak (the server distribution from Maven Central, see {@link KeycloakServer})
 * with the repository's realm, through Keycloak's own sign-in page in Chromium. The portal runs on a port chosen
 * here, which the realm copy names as its redirect address.
 */
// Vaadin makes each context's security strategy the JVM's static one when it starts: with a second portal in this JVM
// (KeycloakSignInIT), point it back at the context of the test before each test, as the integration tests do
@org.springframework.test.context.TestExecutionListeners(listeners = io.esteira.support.SecurityStrategyOfThisContext.class,
        mergeMode = org.springframework.test.context.TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
@SpringBootTest(classes = EsteiraApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:esteira-e2e-keycloak;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "esteira.demo.enabled=true",
                "esteira.data-dir=target/e2e-keycloak-data",
                "esteira.demo.warehouse.customers=1000",
                "esteira.demo.warehouse.transactions=5000",
                "vaadin.devmode.devTools.enabled=false",
                "vaadin.launch-browser=false",
                "esteira.identity.oidc-client-id=" + KeycloakServer.CLIENT_ID,
                "esteira.identity.oidc-client-secret=" + KeycloakServer.CLIENT_SECRET})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KeycloakSignInIT {

    static final int PORTAL_PORT = KeycloakServer.freePort();
    static final String PASSWORD = "kc-analyst-password";

    /** A realm user whose name is no local account of the portal: what a new person of the bank is. */
    @RegisterExtension
    static final KeycloakServer KEYCLOAK = new KeycloakServer(PORTAL_PORT, """
            {"username": "kc.analyst", "enabled": true, "firstName": "Kim", "lastName": "Analyst",
             "email": "kc.analyst@esteira.example", "emailVerified": true,
             "realmRoles": ["DATA_SCIENTIST", "REVIEWER"],
             "attributes": {"areas": ["FRAUD:DATA_SCIENTIST"]},
             "credentials": [{"type": "password", "value": "%s", "temporary": false}]}
            """.formatted(PASSWORD));

    @DynamicPropertySource
    static void portal(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORTAL_PORT);
        registry.add("esteira.identity.oidc-issuer-uri", KEYCLOAK::issuer);
    }

    private static Playwright playwright;
    private static Browser browser;

    @Autowired
    IdentityService identity;
    @Autowired
    AuditLog audit;

    BrowserContext context;
    Page page;

    @BeforeAll
    static void launchBrowser() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(System.getProperty("esteira.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
                .setBaseURL("http://localhost:" + PORTAL_PORT));
        context.setDefaultTimeout(30_000);
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void a_new_realm_user_signs_in_through_keycloak_with_roles_and_areas_signs_out_and_a_role_taken_away_counts_at_the_next_sign_in()
            throws Exception {
        Shell shell = signInThroughKeycloak("kc.analyst", PASSWORD);
        assertThat(shell.userName()).hasText("Kim Analyst");
        assertThat(shell.menu()).contains("Workspaces", "Schedules", "Approvals", "Audit log");
        assertThat(shell.areaSwitcher()).containsText("Fraud");
        assertThat(portalRoles("kc.analyst")).containsExactlyInAnyOrder(Role.DATA_SCIENTIST, Role.REVIEWER);
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "home-keycloak.png")));

        // signing out of the portal ends the Keycloak session too: signing in again asks for the password
        shell.signOut();
        page.navigate("/oauth2/authorization/sso");
        page.waitForURL(url -> url.startsWith(KEYCLOAK.baseUrl()));
        assertThat(page.locator("#password")).isVisible();

        // an administrator takes the reviewer role away in Keycloak: the next sign-in has no reviewer menu
        KEYCLOAK.removeRealmRole("kc.analyst", "REVIEWER");
        shell = submitKeycloakForm("kc.analyst", PASSWORD);
        assertThat(shell.menu()).contains("Workspaces", "Schedules").doesNotContain("Approvals", "Audit log");
        assertThat(portalRoles("kc.analyst")).containsExactly(Role.DATA_SCIENTIST);
        page.navigate("/approvals");
        assertThat(page.locator("#access-denied-view")).isVisible();
        awaitAudit(new AuditFilter(null, null, "kc.analyst", null, "user.updated", null, null, "SUCCESS"));
    }

    @Test
    void a_realm_user_whose_name_is_a_local_account_is_refused_an_administrator_links_it_and_the_person_signs_in_as_that_account() {
        // the repository's realm has ds.credit, and so has the portal's demo, as a local account
        UserSummary local = SystemActor.call(() -> identity.list("ds.credit", PageRequest.of(0, 1)).getContent().getFirst());
        assertThat(local.origin()).isEqualTo("LOCAL");
        page.navigate("/login");
        page.locator("#sso-sign-in").click();
        page.waitForURL(url -> url.startsWith(KEYCLOAK.baseUrl()));
        page.locator("#username").fill("ds.credit");
        page.locator("#password").fill("change-me");
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.contains("/login?sso-error=name-is-local-account"));
        assertThat(page.locator("#sso-error")).hasText("Your single sign-on name matches a local account of the portal. "
                + "Ask a platform administrator to link that account to your single sign-on (Users → Link to single sign-on).");
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "login-keycloak-name-is-local-account.png")));
        awaitAudit(new AuditFilter(null, null, "ds.credit", null, "user.sign-in-failed", null, "ds.credit", "FAILED"));

        // an administrator, in a browser of their own, is told and links the account in Users
        BrowserContext adminContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
                .setBaseURL("http://localhost:" + PORTAL_PORT));
        try {
            adminContext.setDefaultTimeout(30_000);
            Page admin = adminContext.newPage();
            new LoginPage(admin).open().signIn("admin", "demo");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> SystemActor.call(() -> audit.search(
                    new AuditFilter(null, null, null, null, "notification.sent", null, null, null), 0, 50)).stream()
                    .anyMatch(e -> String.valueOf(e.details()).contains("identity.sso-link-requested")));
            admin.navigate("/admin/users");
            admin.locator("#users-view vaadin-text-field input").first().fill("ds.credit");
            assertThat(admin.locator("#sso-link-pending-ds-credit")).hasText("Link requested");
            admin.locator("#users-grid").getByText("ds.credit", new Locator.GetByTextOptions().setExact(true)).click();
            assertThat(admin.locator("#sso-link-request")).containsText("Tried single sign-on on ");
            assertThat(admin.locator("#sso-link-request")).containsText(" UTC as Ana Souza <ds.credit@esteira.example>.");
            admin.locator("#link-sso").click();
            Locator dialog = admin.locator("#sso-link-dialog");
            assertThat(admin.getByText("Link ds.credit to single sign-on?")).isVisible();
            assertThat(dialog).containsText("keeps its history, areas and roles until the next sign-in");
            assertThat(dialog).containsText("Its password is removed");
            assertThat(dialog).containsText("Its API tokens are kept");
            admin.waitForTimeout(600); // the dialog's opening animation, or the screenshot shows it half transparent
            admin.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "admin-users-link-sso.png")));
            admin.locator("#confirm-sso-link").click();
            assertThat(admin.getByText("ds.credit now signs in with single sign-on")).isVisible();
            assertThat(admin.locator("#users-grid")).containsText("Linked");
            admin.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "admin-users-linked-sso.png")));
        } finally {
            adminContext.close();
        }
        awaitAudit(new AuditFilter(null, null, "admin", null, "user.linked-to-sso", null, local.id().toString(), "SUCCESS"));

        // the person, in a fresh browser, signs in with single sign-on and lands as that account
        context.close();
        openContext();
        Shell shell = signInThroughKeycloak("ds.credit", "change-me");
        assertThat(shell.userName()).hasText("Ana Souza");
        assertThat(shell.areaSwitcher()).containsText("Credit");
        UserSummary linked = SystemActor.call(() -> identity.get(local.id()));
        assertThat(linked.origin()).isEqualTo("SSO");
        assertThat(linked.username()).isEqualTo("ds.credit");
        assertThat(linked.ssoLinkRequest()).isNull();
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "home-keycloak-linked.png")));
        awaitAudit(new AuditFilter(null, null, "ds.credit", null, "user.signed-in", null, local.id().toString(), "SUCCESS"));

        // and no longer with the password the account had
        shell.signOut();
        new LoginPage(page).open().signInExpectingError("ds.credit", "demo");
    }

    private Shell signInThroughKeycloak(String username, String password) {
        page.navigate("/login");
        page.locator("#sso-sign-in").click();
        page.waitForURL(url -> url.startsWith(KEYCLOAK.baseUrl()));
        return submitKeycloakForm(username, password);
    }

    /** Keycloak's own sign-in page, then back in the portal. */
    private Shell submitKeycloakForm(String username, String password) {
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith("http://localhost:" + PORTAL_PORT) && !url.contains("/login"));
        return new Shell(page).waitUntilReady();
    }

    private Set<Role> portalRoles(String username) {
        return SystemActor.call(() -> identity.list(username, PageRequest.of(0, 1)).getContent().getFirst().roles());
    }

    private void awaitAudit(AuditFilter filter) {
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> !SystemActor.call(() -> audit.search(filter, 0, 1)).isEmpty());
    }
}
