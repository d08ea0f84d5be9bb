package io.esteira.workspaces.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.esteira.workspaces.NotebookRoute;
import io.esteira.workspaces.WorkspaceService;
import jakarta.servlet.http.Cookie;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class NotebookProxyTest {

    @Test
    void theTokenIsTakenOutOfJupytersPagesWhereverItStands() {
        byte[] page = "<body data-jupyter-api-token=\"s3cr3t\"><a href=\"/lab/tree?token=s3cr3t\">s3cr3ts3cr3t</a>s3cr"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(NotebookProxy.without(page, "s3cr3t".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("<body data-jupyter-api-token=\"\"><a href=\"/lab/tree?token=\"></a>s3cr");
    }

    @Test
    void onlyRequestsFromThePortalsOwnOriginCount() {
        assertThat(NotebookProxy.fromPortal(request("https://portal.bank.example", null))).isTrue();
        assertThat(NotebookProxy.fromPortal(request("https://evil.example", null))).isFalse();
        assertThat(NotebookProxy.fromPortal(request("https://portal.bank.example.evil.example", null))).isFalse();
        assertThat(NotebookProxy.fromPortal(request("null", null))).isFalse();
        assertThat(NotebookProxy.fromPortal(request(null, "https://portal.bank.example/workspaces/x/lab/tree"))).isTrue();
        assertThat(NotebookProxy.fromPortal(request(null, "https://portal.bank.example.evil.example/"))).isFalse();
        assertThat(NotebookProxy.fromPortal(request(null, null))).as("neither Origin nor Referer").isFalse();
    }

    /**
     * A notebook server behind an address with a path, as the Kubernetes provisioner's address pattern may give
     * ({@code http://{name}.{namespace}.svc…:8888/}, or behind a gateway prefix): the request goes there and nowhere else.
     */
    @Test
    void aRequestGoesOnlyToTheWorkspacesNotebookServerWithItsTokenAndWithoutThePortalsCredentials() throws Exception {
        AtomicReference<String> target = new AtomicReference<>();
        AtomicReference<Headers> headers = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        HttpServer notebook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = notebook.getAddress().getPort();
        UUID id = UUID.randomUUID();
        notebook.createContext("/", exchange -> {
            target.set(exchange.getRequestURI().toString());
            headers.set(exchange.getRequestHeaders());
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/gateway/workspaces/" + id + "/lab/tree");
            exchange.getResponseHeaders().add("Set-Cookie", "username-127-0-0-1-" + port + "=signed; Path=/");
            exchange.getResponseHeaders().add("Set-Cookie", "_xsrf=x2; Path=/");
            exchange.getResponseHeaders().add("Keep-Alive", "timeout=5");
            exchange.getResponseHeaders().add("X-Jupyter", "yes");
            byte[] answer = "moved".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(302, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        notebook.start();
        try {
            WorkspaceService workspaces = mock(WorkspaceService.class);
            when(workspaces.notebook(eq(id), anyBoolean())).thenReturn(new NotebookRoute(id, "nb",
                    URI.create("http://127.0.0.1:" + port + "/gateway/workspaces/" + id + "/lab/"), "the-token"));
            NotebookProxy proxy = new NotebookProxy(workspaces, (channel, what) -> { }, io.esteira.workspaces.NotebookHosts.of(""),
                    mock(io.esteira.workspaces.NotebookAccess.class));
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/workspaces/" + id + "/lab/api/contents");
            request.setQueryString("type=notebook");
            request.setServerName("portal.bank.example");
            request.setServerPort(80);
            request.addHeader("Origin", "http://portal.bank.example");
            request.addHeader("Host", "portal.bank.example");
            request.addHeader("Authorization", "Basic cG9ydGFsOnNlY3JldA==");
            request.addHeader("X-Forwarded-Host", "evil.example");
            request.addHeader("Connection", "keep-alive, X-Hop");
            request.addHeader("X-Hop", "only to the portal");
            request.setCookies(new Cookie("JSESSIONID", "the-portal-session"), new Cookie("_xsrf", "x1"),
                    new Cookie("username-127-0-0-1-" + port, "forged"));
            request.setContentType("application/json");
            request.setContent("{\"type\":\"notebook\"}".getBytes(StandardCharsets.UTF_8));
            MockHttpServletResponse response = new MockHttpServletResponse();

            proxy.proxy(id.toString(), request, response);

            assertThat(target.get()).as(response.getStatus() + " " + response.getContentAsString()).isEqualTo("/gateway/workspaces/" + id + "/lab/api/contents?type=notebook");
            assertThat(headers.get().getFirst("Authorization")).isEqualTo("token the-token");
            assertThat(headers.get().get("Cookie")).containsExactly("_xsrf=x1");
            assertThat(headers.get().getFirst("Host")).isEqualTo("127.0.0.1:" + port);
            assertThat(headers.get()).doesNotContainKeys("X-forwarded-host", "X-hop", "Origin");
            assertThat(body.get()).isEqualTo("{\"type\":\"notebook\"}");
            assertThat(response.getStatus()).isEqualTo(302);
            assertThat(response.getHeader("Location")).as("the notebook's own address stays hidden")
                    .isEqualTo("/workspaces/" + id + "/lab/tree");
            assertThat(response.getHeaders("Set-Cookie")).as("Jupyter's login cookie would be a credential")
                    .containsExactly("_xsrf=x2; Path=/");
            assertThat(response.getHeader("Keep-Alive")).isNull();
            assertThat(response.getHeader("X-Jupyter")).isEqualTo("yes");
            assertThat(response.getContentAsString()).isEqualTo("moved");

            for (String path : new String[] {"/workspaces/" + id + "/lab/../../api/v1/areas", "/workspaces/" + id.toString().toUpperCase() + "/lab/"}) {
                MockHttpServletRequest escape = new MockHttpServletRequest("GET", path);
                MockHttpServletResponse refused = new MockHttpServletResponse();
                proxy.proxy(path.split("/")[2], escape, refused);
                assertThat(refused.getStatus()).as(path).isEqualTo(404);
            }
        } finally {
            notebook.stop(0);
        }
    }

    private static MockHttpServletRequest request(String origin, String referer) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/workspaces/x/lab/api/kernels");
        request.setScheme("https");
        request.setServerName("portal.bank.example");
        request.setServerPort(443);
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        if (referer != null) {
            request.addHeader("Referer", referer);
        }
        return request;
    }
}
