package io.esteira.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.esteira.EsteiraApplication;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the browser tests: the whole portal on a random port (embedded H2 with demo data, SSO
 * against a real OIDC server from mock-oauth2-server), driven by Debian's Chromium through
 * Playwright. Every test gets a fresh browser context, so no session leaks between tests.
 */
// Vaadin makes each context's security strategy the JVM's static one when it starts: with a second portal in this JVM
// (KeycloakSignInIT), point it back at the context of the test before each test, as the integration tests do
@org.springframework.test.context.TestExecutionListeners(listeners = io.esteira.support.SecurityStrategyOfThisContext.class,
        mergeMode = org.springframework.test.context.TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
@SpringBootTest(classes = EsteiraApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:esteira-e2e;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "esteira.demo.enabled=true",
                "esteira.data-dir=target/e2e-data",
                "esteira.demo.warehouse.customers=5000",
                "esteira.demo.warehouse.transactions=100000",
                // the demo's live release with ten days of history, the merchant mix shifted in the last three
                "esteira.demo.replay.enabled=true",
                "esteira.demo.replay.days=10",
                "esteira.demo.replay.shift-days=3",
                // the demo's cost history (three closed months and this one so far, demo budgets, an alert): the manager's
                // journeys read it; CostsIT, CostStatementsIT and WorkspaceBudgetIT wait for it (DemoCosts)
                "esteira.demo.costs.enabled=true",
                "vaadin.devmode.devTools.enabled=false",
                "vaadin.launch-browser=false",
                "esteira.identity.oidc-client-id=esteira-portal",
                "esteira.identity.oidc-client-secret=e2e-secret",
                // every browser here comes from 127.0.0.1: the address throttle would make the suite's few wrong
                // passwords add up; the per-name throttle stays as configured (SignInIT locks a name)
                "esteira.identity.sign-in.address-delay-after=1000",
                "esteira.identity.sign-in.address-lock-after=2000"})
public abstract class PortalIT {

    static final String ISSUER_ID = "sso";
    static final MockOAuth2Server OIDC = startOidcServer();
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort
    int port;

    BrowserContext context;
    Page page;

    private static MockOAuth2Server startOidcServer() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start(0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        return server;
    }

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        registry.add("esteira.identity.oidc-issuer-uri", () -> OIDC.issuerUrl(ISSUER_ID).toString());
    }

    @BeforeAll
    static void launchBrowser() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
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

    static {
        // the journeys share two cores with the unit and integration tier (./test-all runs both at once): an assertion waits
        // up to 15 s for the page, as a user would, instead of Playwright's 5 s
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @BeforeEach
    void openContext() {
        context = newContext(1280, 800);
        page = context.newPage();
    }

    /** What the browser's console said about the Content-Security-Policy: it must never refuse anything the portal needs. */
    final List<String> policyViolations = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void closeContext() {
        context.close();
        org.assertj.core.api.Assertions.assertThat(policyViolations).as("Content-Security-Policy violations in the console").isEmpty();
    }

    BrowserContext newContext(int width, int height) {
        BrowserContext c = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
                .setBaseURL(baseUrl()));
        c.setDefaultTimeout(20_000);
        c.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                policyViolations.add(message.text());
            }
        });
        return c;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    LoginPage login() {
        return new LoginPage(page).open();
    }

    Shell signIn(String username) {
        return login().signIn(username, "demo");
    }

    /**
     * Signs another person in, in a browser of their own (a new context, same viewport). Clearing
     * the cookies of the open page is not enough: a request the page still sends as it goes (the
     * unload beacon, push) can start a session after the cookies are gone and expire the sign-in
     * form's token, and the form then says, rightly, that it had expired.
     */
    Shell switchTo(String username) {
        var size = page.viewportSize();
        context.close();
        context = newContext(size.width, size.height);
        page = context.newPage();
        return signIn(username);
    }

    void screenshot(String name) {
        screenshot(page, name);
    }

    /** The whole view: the app layout scrolls inside itself, so the viewport grows to the view for the shot. */
    static void screenshot(Page page, String name) {
        page.waitForTimeout(400);
        var size = page.viewportSize();
        Object content = page.evaluate("() => { const v = document.querySelector('vaadin-app-layout > :not([slot])');"
                + " return v ? v.scrollHeight + 80 : 0; }");
        int height = Math.min(4000, Math.max(size.height, ((Number) content).intValue()));
        if (height > size.height) {
            page.setViewportSize(size.width, height);
            page.waitForTimeout(300);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
        page.setViewportSize(size.width, size.height);
    }
}
