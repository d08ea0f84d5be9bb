package io.esteira.workspaces;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Jupyter kernel kept busy by a real execute request over the kernel's websocket, as a notebook cell would. */
final class BusyKernel implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;
    private final String kernelId;
    private final WebSocket socket;

    private BusyKernel(String base, String token, String kernelId, WebSocket socket) {
        this.base = base;
        this.token = token;
        this.kernelId = kernelId;
        this.socket = socket;
    }

    static BusyKernel start(URI openAddress, int seconds) throws Exception {
        String base = openAddress.getScheme() + "://" + openAddress.getAuthority() + "/";
        String token = openAddress.getQuery().replace("token=", "");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "api/kernels"))
                .header("Authorization", "token " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"python3\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Cannot start a kernel: " + created.statusCode() + " " + created.body());
        }
        String kernelId = JSON.readTree(created.body()).path("id").asString();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http", "ws") + "api/kernels/" + kernelId + "/channels?token=" + token),
                        new WebSocket.Listener() { })
                .get();
        String session = UUID.randomUUID().toString();
        String message = """
                {"header":{"msg_id":"%s","username":"test","session":"%s","msg_type":"execute_request","version":"5.3","date":"%s"},
                 "parent_header":{},"metadata":{},"channel":"shell","buffers":[],
                 "content":{"code":"import time\\ntime.sleep(%d)","silent":false,"store_history":false,
                            "user_expressions":{},"allow_stdin":false,"stop_on_error":true}}"""
                .formatted(UUID.randomUUID(), session, Instant.now(), seconds);
        socket.sendText(message, true).get();
        BusyKernel kernel = new BusyKernel(base, token, kernelId, socket);
        await().atMost(Duration.ofSeconds(30)).until(kernel::isBusy);
        return kernel;
    }

    boolean isBusy() throws Exception {
        HttpResponse<String> kernels = http.send(HttpRequest.newBuilder(URI.create(base + "api/kernels/" + kernelId))
                .header("Authorization", "token " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode kernel = JSON.readTree(kernels.body());
        return "busy".equals(kernel.path("execution_state").asString());
    }

    @Override
    public void close() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "api/kernels/" + kernelId + "/interrupt"))
                .header("Authorization", "token " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        socket.abort();
    }
}
