package io.esteira.workspaces;

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

    /** Straight to the notebook server (its base address and token, as the portal's proxy reaches it). */
    static BusyKernel start(NotebookRoute notebook, int seconds) throws Exception {
        String base = notebook.upstream().toString();
        String token = notebook.token();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "api/kernels"))
                .header("Authorization", "token " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"python3\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Cannot start a kernel: " + created.statusCode() + " " + created.body());
        }
        String kernelId = JSON.readTree(created.body()).path("id").asString();
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", "token " + token)
                .buildAsync(URI.create(base.replace("http", "ws") + "api/kernels/" + kernelId + "/channels"),
                        new WebSocket.Listener() {
                            private final StringBuilder partial = new StringBuilder();

                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    received.add(partial.toString());
                                    partial.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        })
                .get();
        // as a notebook front end does: ask for kernel_info until the kernel answers, then it takes requests
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        boolean ready = false;
        while (!ready && System.nanoTime() < deadline) {
            socket.sendText(message("kernel_info_request", "{}"), true).get();
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            String reply;
            while (!ready && (reply = received.poll(Math.max(1, until - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) != null) {
                ready = reply.contains("\"kernel_info_reply\"");
            }
        }
        if (!ready) {
            throw new IllegalStateException("The kernel never answered kernel_info_request");
        }
        socket.sendText(executeRequest(seconds), true).get();
        // the kernel's own word that it runs the code: its iopub status "busy" and the code echoed back
        long runningBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean running = false;
        String message;
        while (!running && (message = received.poll(Math.max(1, runningBy - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) != null) {
            running = message.contains("\"execute_input\"") && message.contains("time.sleep(" + seconds + ")");
        }
        if (!running) {
            throw new IllegalStateException("The kernel did not start running the code");
        }
        return new BusyKernel(base, token, kernelId, socket);
    }

    private static String message(String type, String content) {
        return """
                {"header":{"msg_id":"%s","username":"test","session":"%s","msg_type":"%s","version":"5.3","date":"%s"},
                 "parent_header":{},"metadata":{},"channel":"shell","buffers":[],"content":%s}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), type, Instant.now(), content);
    }

    private static String executeRequest(int seconds) {
        return message("execute_request", """
                {"code":"import time\\ntime.sleep(%d)","silent":false,"store_history":false,
                 "user_expressions":{},"allow_stdin":false,"stop_on_error":true}""".formatted(seconds));
    }

    @Override
    public void close() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "api/kernels/" + kernelId + "/interrupt"))
                .header("Authorization", "token " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        socket.abort();
    }
}
