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
        // a kernel that is still starting may miss a request: wait until it reports idle
        await().atMost(Duration.ofSeconds(60)).until(() -> "idle".equals(state(http, base, token, kernelId)));
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http", "ws") + "api/kernels/" + kernelId + "/channels?token=" + token),
                        new WebSocket.Listener() { })
                .get();
        BusyKernel kernel = new BusyKernel(base, token, kernelId, socket);
        // resend if the first request is not taken up: the channel may still have been connecting
        for (int attempt = 0; attempt < 3 && !kernel.isBusy(); attempt++) {
            socket.sendText(executeRequest(seconds), true).get();
            try {
                await().atMost(Duration.ofSeconds(15)).until(kernel::isBusy);
            } catch (org.awaitility.core.ConditionTimeoutException notYet) {
                // try again
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(kernel::isBusy);
        return kernel;
    }

    private static String executeRequest(int seconds) {
        String session = UUID.randomUUID().toString();
        return """
                {"header":{"msg_id":"%s","username":"test","session":"%s","msg_type":"execute_request","version":"5.3","date":"%s"},
                 "parent_header":{},"metadata":{},"channel":"shell","buffers":[],
                 "content":{"code":"import time\\ntime.sleep(%d)","silent":false,"store_history":false,
                            "user_expressions":{},"allow_stdin":false,"stop_on_error":true}}"""
                .formatted(UUID.randomUUID(), session, Instant.now(), seconds);
    }

    private static String state(HttpClient http, String base, String token, String kernelId) throws Exception {
        HttpResponse<String> kernel = http.send(HttpRequest.newBuilder(URI.create(base + "api/kernels/" + kernelId))
                .header("Authorization", "token " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(kernel.body()).path("execution_state").asString();
    }

    boolean isBusy() throws Exception {
        return "busy".equals(state(http, base, token, kernelId));
    }

    @Override
    public void close() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "api/kernels/" + kernelId + "/interrupt"))
                .header("Authorization", "token " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        socket.abort();
    }
}
