package io.esteira.workspaces.provisioning.kubernetes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.esteira.workspaces.provisioning.Activity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asks a Jupyter server, through its REST API, when it was last used and which kernels are busy. */
final class NotebookApi implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The server's activity, or {@code Activity(null, 0)} when it cannot be asked. */
    Activity activity(String address, String token) {
        try {
            JsonNode status = get(address, "api/status", token);
            JsonNode kernels = get(address, "api/kernels", token);
            if (!kernels.isArray()) {
                return new Activity(null, 0);
            }
            int busy = 0;
            for (JsonNode kernel : kernels) {
                if ("busy".equals(kernel.path("execution_state").asString(""))) {
                    busy++;
                }
            }
            return new Activity(instant(status.path("last_activity").asString("")), busy);
        } catch (IOException | RuntimeException e) {
            return new Activity(null, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Activity(null, 0);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private JsonNode get(String address, String path, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(address).resolve(path))
                .timeout(TIMEOUT)
                .header("Authorization", "token " + token)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + request.uri());
        }
        return JSON.readTree(response.body());
    }

    private static Instant instant(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
