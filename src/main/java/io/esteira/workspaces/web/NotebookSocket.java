package io.esteira.workspaces.web;

import io.esteira.workspaces.NotebookRoute;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of a notebook (a kernel's channels, a terminal) relayed through the portal: the
 * upstream socket to the workspace's notebook server is opened first (with the token), and only
 * then is the browser's request upgraded, through the servlet container's standard WebSocket API,
 * so a refused or absent upstream answers the browser with an HTTP error instead of a dead socket.
 * Messages pass as they come, in fragments, both ways; closing either side closes the other, and
 * so does the end of the session that opened it (the portal session, or on a notebook host the notebook session).
 */
final class NotebookSocket extends Endpoint implements WebSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(NotebookSocket.class);

    /** The relays open per portal session, closed when it ends. */
    private static final Map<String, Set<NotebookSocket>> BY_SESSION = new ConcurrentHashMap<>();

    private final AtomicBoolean closed = new AtomicBoolean();
    private final String sessionId;
    private volatile WebSocket upstream;
    private volatile Session browser;

    private NotebookSocket(String sessionId) {
        this.sessionId = sessionId;
    }

    /** Closes the notebook WebSockets a portal session (or a notebook session) opened: the session has ended. */
    static void sessionEnded(String sessionId) {
        Set<NotebookSocket> open = BY_SESSION.remove(sessionId);
        if (open != null) {
            open.forEach(socket -> socket.closeBoth(CloseReason.CloseCodes.VIOLATED_POLICY, "The portal session ended"));
        }
    }

    /** The sessions (portal sessions' ids, notebook sessions' keys) that have WebSockets open now. */
    static java.util.Set<String> openSessions() {
        return java.util.Set.copyOf(BY_SESSION.keySet());
    }

    static int openFor(String sessionId) {
        return BY_SESSION.getOrDefault(sessionId, Set.of()).size();
    }

    /** {@code sessionKey}: the portal session's id, or on a notebook host the notebook session's key; its end closes the relay. */
    static void upgrade(HttpServletRequest request, HttpServletResponse response, NotebookRoute route, URI target,
            HttpClient http, String sessionKey) throws IOException {
        ServerContainer container = (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            NotebookProxy.text(response, 501, "This server cannot relay WebSockets");
            return;
        }
        List<String> offered = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))) {
            for (String protocol : header.split(",")) {
                if (!protocol.isBlank()) {
                    offered.add(protocol.strip());
                }
            }
        }
        NotebookSocket socket = new NotebookSocket(sessionKey);
        URI ws = URI.create((target.getScheme().equals("https") ? "wss" : "ws") + target.toString().substring(target.getScheme().length()));
        WebSocket.Builder builder = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", "token " + route.token());
        if (!offered.isEmpty()) {
            builder.subprotocols(offered.getFirst(), offered.subList(1, offered.size()).toArray(String[]::new));
        }
        try {
            socket.upstream = builder.buildAsync(ws, socket).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                int status = refused.getResponse().statusCode();
                NotebookProxy.text(response, status >= 400 && status < 600 ? status : 502, "The notebook server refused the connection");
            } else {
                NotebookProxy.text(response, 502, "The notebook server of " + route.name() + " does not answer");
            }
            return;
        } catch (TimeoutException e) {
            NotebookProxy.text(response, 504, "The notebook server of " + route.name() + " did not answer in time");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            NotebookProxy.text(response, 503, "The portal is stopping");
            return;
        }
        String protocol = socket.upstream.getSubprotocol();
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(NotebookSocket.class, route.basePath())
                .subprotocols(protocol == null || protocol.isEmpty() ? List.of() : List.of(protocol))
                .configurator(new Relay(socket, protocol))
                .build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (Exception e) {
            socket.upstream.abort();
            log.debug("Upgrading a notebook WebSocket of workspace {} failed", route.workspaceId(), e);
            if (!response.isCommitted()) {
                NotebookProxy.text(response, 400, "Not a valid WebSocket request");
            }
        }
    }

    // the browser's side

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.browser = session;
        BY_SESSION.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(this);
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (text, last) ->
                send(() -> upstream.sendText(text, last)));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (data, last) ->
                send(() -> upstream.sendBinary(data, last)));
        upstream.request(1); // upstream messages were held back until the browser's side was open
    }

    /** One message (or fragment) to the notebook server, waited for: the next may only be sent once it went. */
    private void send(Supplier<CompletableFuture<WebSocket>> sending) {
        try {
            sending.get().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            closeBoth(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "The notebook server stopped answering");
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        forget();
        if (closed.compareAndSet(false, true)) {
            int code = reason.getCloseCode().getCode();
            upstream.sendClose(code == 1000 || (code >= 3000 && code <= 4999) ? code : WebSocket.NORMAL_CLOSURE, "")
                    .whenComplete((ws, error) -> upstream.abort());
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        log.debug("A notebook WebSocket failed on the browser's side", error);
        closeBoth(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "");
    }

    // the notebook server's side

    @Override
    public void onOpen(WebSocket webSocket) {
        // no request(1) yet: messages wait until the browser's side is open
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        try {
            browser.getBasicRemote().sendText(data.toString(), last);
            webSocket.request(1);
        } catch (IOException | RuntimeException e) {
            closeBoth(CloseReason.CloseCodes.GOING_AWAY, "The browser went away");
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        try {
            browser.getBasicRemote().sendBinary(data, last);
            webSocket.request(1);
        } catch (IOException | RuntimeException e) {
            closeBoth(CloseReason.CloseCodes.GOING_AWAY, "The browser went away");
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        forget();
        if (closed.compareAndSet(false, true) && browser != null) {
            CloseReason.CloseCode code = statusCode == 1000 || (statusCode >= 3000 && statusCode <= 4999)
                    ? CloseReason.CloseCodes.getCloseCode(statusCode) : CloseReason.CloseCodes.NORMAL_CLOSURE;
            try {
                browser.close(new CloseReason(code, reason == null ? "" : reason));
            } catch (IOException | RuntimeException e) {
                // already gone
            }
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        log.debug("A notebook WebSocket failed on the notebook server's side", error);
        closeBoth(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "The notebook server closed the connection");
    }

    private void forget() {
        Set<NotebookSocket> open = BY_SESSION.get(sessionId);
        if (open != null) {
            open.remove(this);
        }
    }

    private void closeBoth(CloseReason.CloseCode code, String reason) {
        forget();
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (upstream != null) {
            upstream.abort();
        }
        if (browser != null && browser.isOpen()) {
            try {
                browser.close(new CloseReason(code, reason));
            } catch (IOException | RuntimeException e) {
                // already gone
            }
        }
    }

    /** Hands the container the relay made for this request, with the subprotocol the notebook server chose and no extensions. */
    private static final class Relay extends ServerEndpointConfig.Configurator {

        private final NotebookSocket socket;
        private final String protocol;

        Relay(NotebookSocket socket, String protocol) {
            this.socket = socket;
            this.protocol = protocol == null ? "" : protocol;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(socket);
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return requested.contains(protocol) ? protocol : "";
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            return List.of();
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true; // checked by the proxy before the upgrade: the portal's own origin only
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            // nothing to add
        }
    }
}
