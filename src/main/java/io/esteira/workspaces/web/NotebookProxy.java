package io.esteira.workspaces.web;

import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.web.AccessDeniedRecorder;
import io.esteira.workspaces.NotebookAccess;
import io.esteira.workspaces.NotebookHosts;
import io.esteira.workspaces.NotebookRoute;
import io.esteira.workspaces.provisioning.NotebookPaths;
import io.esteira.workspaces.WorkspaceService;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Serves each workspace's notebook at {@code /workspaces/{id}/lab/}, as JupyterHub's proxy does: HTTP with streamed
 * bodies, and WebSockets (the kernels' channels), sent only to the notebook server recorded for that workspace, never to
 * an address taken from the request. The proxy adds the notebook's token upstream ({@code Authorization: token …}); the
 * browser never sees it, nor the notebook server any of the portal's cookies.
 *
 * <p>When notebooks have hosts of their own ({@link NotebookHosts}, the default), a notebook's scripts must not run in the
 * portal's origin, where they would act with the viewer's portal session. The portal's {@code /workspaces/{id}/lab/…}
 * then serves nothing of the notebook: it authorises the opening with the portal session (the workspace's owner, or an
 * administrator of its area; the first opening in a session is audited), makes a one-time ticket and sends the browser
 * to the workspace's own host, whose {@code _esteira/handoff} turns the ticket into a notebook session cookie of that
 * host ({@link NotebookHostSecurity}). There the notebook is served to that cookie alone, with the access checked again
 * at every request. Without the setting, the portal serves the notebook on its own origin to its owner only.
 *
 * <p>Jupyter's requests carry no CSRF token of ours: a request that changes something, and every WebSocket, must come
 * from the origin it is served on ({@code Origin}, else {@code Referer}).
 */
@Controller
@Hidden
class NotebookProxy {

    static final String OPENED = NotebookProxy.class.getName() + ".opened";
    private static final Logger log = LoggerFactory.getLogger(NotebookProxy.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Hop-by-hop headers, and those the proxy sets itself or must not pass on. */
    private static final Set<String> REQUEST_HEADERS_KEPT_BACK = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect", "authorization", "cookie", "origin", "referer", "forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip", "http2-settings", "via", "date", "warning",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol", "sec-websocket-accept");
    private static final Set<String> RESPONSE_HEADERS_KEPT_BACK = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "set-cookie", "content-length", ":status");
    /** The only cookie that passes, both ways: Jupyter's XSRF cookie. Its login cookie would be a credential. */
    private static final String XSRF_COOKIE = "_xsrf";
    /** Jupyter's pages are read whole to take the token out of them; they are far smaller. */
    private static final int MAX_PAGE = 4 * 1024 * 1024;

    private final WorkspaceService workspaces;
    private final AccessDeniedRecorder denied;
    private final NotebookHosts hosts;
    private final NotebookAccess access;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    NotebookProxy(WorkspaceService workspaces, AccessDeniedRecorder denied, NotebookHosts hosts, NotebookAccess access) {
        this.workspaces = workspaces;
        this.denied = denied;
        this.hosts = hosts;
        this.access = access;
    }

    /** Without its trailing slash, the notebook's address is sent to the one with it. */
    @RequestMapping("/workspaces/{id}/lab")
    void withoutSlash(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        UUID workspaceId = uuid(id);
        if (workspaceId == null) {
            text(response, 404, "There is no such workspace");
            return;
        }
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", "/workspaces/" + workspaceId + "/lab/"
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
    }

    @RequestMapping("/workspaces/{id}/lab/**")
    void proxy(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        UUID workspaceId = uuid(id);
        if (workspaceId == null) {
            text(response, 404, "There is no such workspace");
            return;
        }
        boolean websocket = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        Optional<UUID> notebookHost = hosts.workspaceOf(request.getServerName());
        if (notebookHost.isPresent() && !notebookHost.get().equals(workspaceId)) {
            text(response, 404, "There is nothing here but the notebook of workspace " + notebookHost.get());
            return;
        }
        if (notebookHost.isEmpty() && hosts.isolated()) {
            handOff(workspaceId, websocket, request, response);
            return;
        }
        if ((websocket || !SAFE_METHODS.contains(request.getMethod())) && !fromPortal(request)) {
            denied.denied("notebook", request.getMethod() + " " + request.getRequestURI() + ": not from the notebook's own pages (Origin "
                    + request.getHeader("Origin") + ")");
            text(response, 403, "Requests to a notebook must come from the notebook's own pages");
            return;
        }
        // on the notebook's own host: checked again at every request (still running, still its owner or an
        // administrator, the account enabled); the opening was audited when the portal handed the person over
        NotebookRoute route = unlessRefused(workspaceId, request, response,
                () -> notebookHost.isPresent() ? workspaces.notebook(workspaceId, false) : route(workspaceId, request));
        if (route == null) {
            return;
        }
        String path = request.getRequestURI();
        if (!path.startsWith(route.basePath()) || path.contains("/..") || path.contains("\\")) {
            text(response, 404, "There is no such page in the notebook");
            return;
        }
        URI target;
        try {
            target = URI.create(route.upstreamPrefix() + path
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        } catch (IllegalArgumentException e) {
            text(response, 400, "Not a valid address");
            return;
        }
        if (websocket) {
            String key = notebookHost.isPresent() ? (String) request.getAttribute(NotebookHostSecurity.SESSION_KEY)
                    : request.getSession(false) == null ? null : request.getSession(false).getId();
            if (key == null) {
                text(response, 403, "A notebook's WebSockets need a session");
                return;
            }
            NotebookSocket.upgrade(request, response, route, target, http, key);
            return;
        }
        forward(request, response, route, target);
    }

    /**
     * On the portal's host, with notebooks on hosts of their own: authorises the opening with the portal session (audited
     * once per session and workspace), and sends the browser to the workspace's notebook host with a one-time ticket.
     * Nothing of the notebook is served on the portal's origin.
     */
    private void handOff(UUID workspaceId, boolean websocket, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (websocket || !SAFE_METHODS.contains(request.getMethod())) {
            denied.denied("notebook", request.getMethod() + " " + request.getRequestURI() + ": a notebook request on the portal's host");
            text(response, 403, "Notebooks are served on their own address, not the portal's: open the notebook again from the portal");
            return;
        }
        HttpSession session = request.getSession(false);
        @SuppressWarnings("unchecked")
        Set<UUID> opened = session == null ? null : (Set<UUID>) session.getAttribute(OPENED);
        boolean first = opened == null || !opened.contains(workspaceId);
        String ticket = unlessRefused(workspaceId, request, response, () -> access.handOff(workspaceId, first,
                session == null ? null : session.getId(),
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString())));
        if (ticket == null) {
            return;
        }
        if (first && session != null) {
            if (opened == null) {
                opened = ConcurrentHashMap.newKeySet();
                session.setAttribute(OPENED, opened);
            }
            opened.add(workspaceId);
        }
        String to = hosts.origin(workspaceId, request.getScheme(), request.getServerPort())
                + NotebookPaths.basePath(workspaceId) + NotebookHostSecurity.HANDOFF + "?ticket=" + ticket;
        // a page that moves on, not a redirect: after the sign-in form (the notebook was asked for before signing in),
        // a redirect to another origin would break the portal's form-action policy, which must not name notebook hosts
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentType("text/html;charset=UTF-8");
        String href = org.springframework.web.util.HtmlUtils.htmlEscape(to);
        response.getOutputStream().write(("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url="
                + href + "\"><title>Opening the notebook</title></head><body><p>Opening the notebook… <a id=\"notebook-handoff\" href=\""
                + href + "\">Continue</a></p></body></html>").getBytes(StandardCharsets.UTF_8));
    }


    /**
     * On a workspace's notebook host: redeems the portal's one-time ticket for a notebook session of this host (a host-only
     * cookie, for this workspace's path only) and goes on to the notebook. A used, expired or foreign ticket is refused
     * and audited.
     */
    @GetMapping("/workspaces/{id}/lab/" + NotebookHostSecurity.HANDOFF)
    void handoff(@PathVariable String id, @RequestParam(name = "ticket", required = false) String ticket,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        UUID workspaceId = uuid(id);
        Optional<UUID> notebookHost = hosts.workspaceOf(request.getServerName());
        if (workspaceId == null || notebookHost.isEmpty() || !notebookHost.get().equals(workspaceId)) {
            text(response, 404, "There is no such page");
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        Optional<NotebookAccess.Handed> handed = access.redeem(ticket, workspaceId);
        if (handed.isEmpty()) {
            denied.denied("notebook", "handoff to the notebook of workspace " + workspaceId + " on " + request.getServerName()
                    + ": the ticket is unknown, was used already, has expired, or is for another workspace");
            text(response, 403, "This link to the notebook has been used already or has expired (such a link opens once, within a "
                    + NotebookAccess.TICKET_LIFETIME.toSeconds() + " seconds). Open the notebook again from the portal's workspaces screen.");
            return;
        }
        String base = NotebookPaths.basePath(workspaceId);
        response.addHeader("Set-Cookie", NotebookHostSecurity.COOKIE + "=" + handed.get().sessionId() + "; Path=" + base
                + "; HttpOnly; SameSite=Lax" + (request.isSecure() ? "; Secure" : ""));
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", handed.get().nextPath());
    }

    /** What the check gives, or null when it refused: then the refusal is answered (404, 403 or 409) and a denial recorded. */
    private <T> T unlessRefused(UUID workspaceId, HttpServletRequest request, HttpServletResponse response, Supplier<T> check)
            throws IOException {
        try {
            return check.get();
        } catch (NotFoundException e) {
            denied.denied("notebook", request.getMethod() + " " + request.getRequestURI() + ": not found (workspace " + workspaceId + ")");
            text(response, 404, "There is no such workspace");
            return null;
        } catch (ForbiddenException e) {
            denied.denied("notebook", request.getMethod() + " " + request.getRequestURI() + ": " + e.getMessage());
            text(response, 403, e.getMessage());
            return null;
        } catch (InvalidRequestException e) {
            text(response, 409, e.getMessage());
            return null;
        }
    }

    private NotebookRoute route(UUID id, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        @SuppressWarnings("unchecked")
        Set<UUID> opened = session == null ? null : (Set<UUID>) session.getAttribute(OPENED);
        boolean first = opened == null || !opened.contains(id);
        NotebookRoute route = workspaces.notebook(id, first);
        if (first && session != null) {
            if (opened == null) {
                opened = ConcurrentHashMap.newKeySet();
                session.setAttribute(OPENED, opened);
            }
            opened.add(id);
        }
        return route;
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, NotebookRoute route, URI target)
            throws IOException {
        HttpRequest.Builder upstream = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10));
        copyRequestHeaders(request, upstream);
        upstream.header("Authorization", "token " + route.token());
        String cookies = xsrfCookie(request);
        if (cookies != null) {
            upstream.header("Cookie", cookies);
        }
        upstream.method(request.getMethod(), body(request));
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(upstream.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            text(response, 502, "The notebook server of " + route.name() + " does not answer; it may be starting or stopping");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text(response, 503, "The portal is stopping");
            return;
        } catch (IOException e) {
            log.debug("Proxying to the notebook of workspace {} failed", route.workspaceId(), e);
            if (!response.isCommitted()) {
                text(response, 502, "The notebook server of " + route.name() + " did not answer properly");
            }
            return;
        }
        try (InputStream in = answer.body()) {
            response.setStatus(answer.statusCode());
            copyResponseHeaders(answer, response, route);
            if ("HEAD".equals(request.getMethod())) {
                return;
            }
            OutputStream out = response.getOutputStream();
            if (answer.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/html")) {
                // Jupyter 6 writes the token it was reached with into its pages (data-jupyter-api-token, the
                // dashboard link): its pages are read whole and the token taken out; the proxy adds it to every
                // request anyway, so the pages work without it
                byte[] page = in.readNBytes(MAX_PAGE + 1);
                byte[] clean = without(page, route.token().getBytes(StandardCharsets.UTF_8));
                if (page.length <= MAX_PAGE) {
                    response.setContentLength(clean.length);
                    out.write(clean);
                    return;
                }
                out.write(clean); // a larger file served as HTML: the rest streams as it is
            }
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (in.available() == 0) {
                    out.flush(); // streamed answers (progress, event streams) reach the browser as they come
                }
            }
        }
    }

    /** {@code bytes} without any occurrence of {@code token}. */
    static byte[] without(byte[] bytes, byte[] token) {
        if (token.length == 0) {
            return bytes;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            if (i + token.length <= bytes.length && java.util.Arrays.equals(bytes, i, i + token.length, token, 0, token.length)) {
                i += token.length;
            } else {
                out.write(bytes[i++]);
            }
        }
        return out.toByteArray();
    }

    private static HttpRequest.BodyPublisher body(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (length == 0 || (length < 0 && !chunked)) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return request.getInputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    private static void copyRequestHeaders(HttpServletRequest request, HttpRequest.Builder upstream) {
        Set<String> named = connectionHeaders(request.getHeader("Connection"));
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (REQUEST_HEADERS_KEPT_BACK.contains(lower) || named.contains(lower)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                try {
                    upstream.header(name, value);
                } catch (IllegalArgumentException restricted) {
                    // a header the HTTP client sets itself
                }
            }
        }
    }

    private static void copyResponseHeaders(HttpResponse<?> answer, HttpServletResponse response, NotebookRoute route) {
        Set<String> named = connectionHeaders(answer.headers().firstValue("Connection").orElse(null));
        String upstreamOrigin = route.upstreamPrefix();
        answer.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                values.stream().findFirst().ifPresent(v -> response.setHeader("Content-Length", v));
                return;
            }
            if (lower.equals("set-cookie")) {
                values.stream().filter(v -> v.startsWith(XSRF_COOKIE + "=")).forEach(v -> response.addHeader("Set-Cookie", v));
                return;
            }
            if (RESPONSE_HEADERS_KEPT_BACK.contains(lower) || named.contains(lower) || lower.startsWith("access-control-")) {
                return; // no CORS: nothing of a notebook is for another origin
            }
            for (String value : values) {
                if (lower.equals("location") && value.startsWith(upstreamOrigin)) {
                    // the notebook's own address stays between the portal and the notebook
                    value = value.substring(upstreamOrigin.length());
                    value = value.isEmpty() ? "/" : value;
                }
                response.addHeader(name, value);
            }
        });
    }

    private static Set<String> connectionHeaders(String connection) {
        if (connection == null) {
            return Set.of();
        }
        return List.of(connection.split(",")).stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Jupyter's XSRF cookie only: the portal's session cookie is not the notebook server's business. */
    private static String xsrfCookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        return java.util.Arrays.stream(request.getCookies())
                .filter(c -> XSRF_COOKIE.equals(c.getName()))
                .map(c -> c.getName() + "=" + c.getValue())
                .findFirst().orElse(null);
    }

    /** Whether the request comes from the pages of the origin it is served on: its Origin (or, without one, its Referer). */
    static boolean fromPortal(HttpServletRequest request) {
        String own = ownOrigin(request);
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return origin.equalsIgnoreCase(own);
        }
        String referer = request.getHeader("Referer");
        return referer != null && referer.regionMatches(true, 0, own + "/", 0, own.length() + 1);
    }

    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    private static UUID uuid(String id) {
        try {
            UUID parsed = UUID.fromString(id);
            return parsed.toString().equals(id) ? parsed : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void text(HttpServletResponse response, int status, String message) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
    }
}
