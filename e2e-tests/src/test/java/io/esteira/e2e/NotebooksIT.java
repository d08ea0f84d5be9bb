package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.WebSocket;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.RequestOptions;
import io.esteira.shared.crypto.SecretCipher;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Notebooks reached through the portal: a data scientist opens her workspace's real Jupyter server
 * from the portal's {@code /workspaces/{id}/lab/}, which hands her over to the workspace's own origin
 * ({@code http://{id}.localhost:port}, the default {@code esteira.workspaces.notebook-host}), and runs a
 * cell (its kernel talks over a WebSocket relayed by the portal); the notebook's scripts cannot read the
 * portal; other areas' people, the area's manager and anonymous visitors do not get in; the notebook's
 * token never reaches the browser.
 */
class NotebooksIT extends PortalIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SecretCipher cipher;

    @Test
    void a_data_scientist_opens_her_notebook_through_the_portal_runs_a_cell_and_nobody_else_gets_in() {
        signIn("ds.credit");
        String name = "nb-" + UUID.randomUUID().toString().substring(0, 6);
        WorkspacesPage workspaces = new WorkspacesPage(page).open().requestRunning(name);
        String lab = workspaces.notebookPath(name);
        assertThat(lab).matches("/workspaces/[0-9a-f-]{36}/lab/");
        String token = cipher.decrypt(jdbc.queryForObject(
                "select access_token from workspace where name = ? and state = 'RUNNING'", String.class, name));
        assertThat(page.content()).doesNotContain(token);

        List<Response> seen = new CopyOnWriteArrayList<>();
        context.onResponse(seen::add);
        JupyterPage jupyter = workspaces.openNotebook(name);
        String workspaceId = lab.split("/")[2];
        String notebookOrigin = "http://" + workspaceId + ".localhost:" + port;
        jupyter.page().waitForURL(url -> url.startsWith(notebookOrigin + lab));
        jupyter.awaitTree();
        // the notebook runs on its workspace's own origin, not the portal's: its scripts cannot read the portal
        assertThat((String) jupyter.page().evaluate("() => location.origin")).isEqualTo(notebookOrigin).isNotEqualTo(baseUrl());
        for (String portalAddress : List.of(baseUrl() + "/api/v1/workspaces/" + workspaceId, baseUrl() + "/workspaces", baseUrl() + "/")) {
            assertThat((String) jupyter.page().evaluate("""
                    async (url) => {
                      try {
                        const r = await fetch(url, {credentials: 'include'});
                        return 'read ' + r.status + ' ' + (await r.text()).length;
                      } catch (e) {
                        return 'refused';
                      }
                    }""", portalAddress)).as("a notebook's script reading " + portalAddress).isEqualTo("refused");
        }
        assertThat((String) jupyter.page().evaluate("() => document.cookie")).as("the notebook session cookie is HttpOnly")
                .doesNotContain("esteira_notebook").doesNotContain("JSESSIONID");
        screenshot(jupyter.page(), "notebook-tree-through-the-portal");
        List<WebSocket> sockets = new CopyOnWriteArrayList<>();
        jupyter.page().onWebSocket(sockets::add);
        jupyter.newNotebook();
        assertThat(jupyter.run("print(6*7)")).containsText("42", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        screenshot(jupyter.page(), "notebook-cell-ran-through-the-portal");

        // the token stays between the portal and the notebook: not in any address, page or answer the browser saw
        assertThat(seen).isNotEmpty().allSatisfy(r -> {
            assertThat(r.url()).doesNotContain(token).doesNotContain("127.0.0.1");
            assertThat(r.allHeaders().toString()).doesNotContain(token);
        });
        assertThat(seen.stream().filter(r -> isText(r)).map(NotebooksIT::body)).allSatisfy(body -> assertThat(body).doesNotContain(token));
        assertThat(jupyter.page().content()).doesNotContain(token);
        assertThat((String) jupyter.page().evaluate("() => document.cookie + JSON.stringify(localStorage) + location.href"))
                .doesNotContain(token);
        assertThat(sockets).as("the kernel's channels, relayed by the portal").isNotEmpty()
                .allSatisfy(ws -> assertThat(ws.url()).startsWith("ws://" + workspaceId + ".localhost:" + port + lab).doesNotContain(token));

        // signing out of the portal ends the notebook's session on its own host too: its WebSockets close, and they cannot come back
        new Shell(page).signOut();
        jupyter.page().waitForCondition(() -> sockets.stream().allMatch(WebSocket::isClosed),
                new Page.WaitForConditionOptions().setTimeout(30_000));
        assertThat(((Number) jupyter.page().evaluate("async (base) => (await fetch(base + 'api/contents')).status", lab)).intValue())
                .as("the notebook after signing out of the portal").isEqualTo(401);
        jupyter.page().close();

        // another area's data scientist, the area's manager, anonymous visitors: nothing of the notebook
        assertThat(statusAs("ds.fraud", lab + "tree")).as("another area's data scientist").isIn(403, 404);
        assertThat(statusAs("ds.fraud", lab + "api/contents")).as("another area's data scientist").isIn(403, 404);
        assertThat(statusAs("manager.credit", lab + "api/contents")).as("the area's manager").isEqualTo(403);
        BrowserContext anonymous = newContext(1280, 800);
        try {
            APIResponse refused = anonymous.request().get(lab + "api/contents", RequestOptions.create().setMaxRedirects(0));
            assertThat(refused.status()).isEqualTo(302);
            assertThat(refused.headers().get("location")).endsWith("/login");
            Page visitor = anonymous.newPage();
            visitor.navigate(lab + "tree");
            visitor.waitForURL("**/login");
            assertThat(visitor.content()).doesNotContain(token);
            // signing in there leads back to the notebook
            visitor.locator("input[name=username]").fill("ds.credit");
            visitor.locator("input[name=password]").fill("demo");
            visitor.locator("input[name=password]").press("Enter");
            visitor.waitForURL(url -> url.startsWith(notebookOrigin + lab));
            new JupyterPage(visitor, lab).awaitTree();
        } finally {
            anonymous.close();
        }

        signIn("ds.credit");
        workspaces.open().delete(name);
    }

    private int statusAs(String person, String path) {
        BrowserContext other = newContext(1280, 800);
        try {
            Page page = other.newPage();
            new LoginPage(page).open().signIn(person, "demo");
            return page.request().get(path, RequestOptions.create().setMaxRedirects(0)).status();
        } finally {
            other.close();
        }
    }

    private static boolean isText(Response response) {
        String type = response.headers().getOrDefault("content-type", "");
        return response.status() < 300 && (type.contains("json") || type.contains("html") || type.startsWith("text/"));
    }

    private static String body(Response response) {
        try {
            return response.text();
        } catch (RuntimeException gone) {
            return ""; // a page that navigated away keeps no body
        }
    }
}
