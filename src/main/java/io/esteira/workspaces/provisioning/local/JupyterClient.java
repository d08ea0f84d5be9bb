package io.esteira.workspaces.provisioning.local;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import io.esteira.workspaces.provisioning.Activity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Asks a Jupyter server whether it answers and how it was used: {@code /api/status} and {@code /api/kernels}. */
class JupyterClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = JsonMapper.builder().build();

    boolean answers(String address, String token) {
        try {
            return get(address, "api/status", token).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    Activity activity(String address, String token) {
        try {
            HttpResponse<String> status = get(address, "api/status", token);
            HttpResponse<String> kernels = get(address, "api/kernels", token);
            if (status.statusCode() != 200 || kernels.statusCode() != 200) {
                return new Activity(null, 0);
            }
            Instant last = parse(json.readTree(status.body()).path("last_activity").asText(null));
            int busy = 0;
            for (JsonNode kernel : json.readTree(kernels.body())) {
                // Jupyter 6 can report a kernel that is running code as still "starting" (its activity
                // monitor missed the status messages), so only "idle" and "dead" count as not busy
                String state = kernel.path("execution_state").asText();
                if (!"idle".equals(state) && !"dead".equals(state)) {
                    busy++;
                }
                Instant kernelLast = parse(kernel.path("last_activity").asText(null));
                if (kernelLast != null && (last == null || kernelLast.isAfter(last))) {
                    last = kernelLast;
                }
            }
            return new Activity(last, busy);
        } catch (Exception e) {
            return new Activity(null, 0);
        }
    }

    private HttpResponse<String> get(String address, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(address + path))
                .timeout(TIMEOUT)
                .header("Authorization", "token " + token)
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return OffsetDateTime.parse(text).toInstant();
    }
}
