package io.esteira.shared.web;

import static io.esteira.support.Personas.DS_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.limits.PerPersonLimits;
import io.esteira.support.Api;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What one caller may send and run at once on the API, tried with too much of it. */
@IntegrationTest
class RequestLimitsIntegrationTest {

    @Autowired
    Api api;
    @Autowired
    Personas personas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    PerPersonLimits limits;
    @LocalServerPort
    int port;

    String token;

    @BeforeEach
    void aTokenOfDsCredit() {
        token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("limits", null, LocalDate.now().plusDays(3), false))).secret();
    }

    private String preview(String sql) {
        return "{\"areaId\": \"" + UUID.randomUUID() + "\", \"sourceId\": \"" + UUID.randomUUID() + "\", \"sql\": \"" + sql + "\"}";
    }

    @Test
    void a_json_body_over_the_limit_is_refused_before_it_is_read_declared_or_chunked() throws Exception {
        String huge = preview("select '" + "x".repeat(1_100_000) + "'");
        Api.Response declared = api.post("/api/v1/schedules/preview", token, huge);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith("application/problem+json");

        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/schedules/preview"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(unknownLength(huge.getBytes(StandardCharsets.UTF_8))).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(413);
        }
    }

    @Test
    void a_query_longer_than_100_000_characters_is_refused_on_its_field() {
        Api.Response tooLong = api.post("/api/v1/schedules/preview", token, preview("select '" + "x".repeat(100_000) + "'"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get("sql").asString()).contains("100,000");
    }

    @Test
    void one_preview_too_many_for_a_person_is_answered_429_with_retry_after_and_others_are_not_held_up() {
        List<PerPersonLimits.Permit> running = new ArrayList<>();
        try (var signedIn = personas.signIn(DS_CREDIT)) {
            for (int i = 0; i < 3; i++) {
                running.add(limits.acquire("preview"));
            }
        }
        try {
            Api.Response refused = api.post("/api/v1/schedules/preview", token, preview("select 1 as one"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");

            String fraudToken = personas.call(Personas.DS_FRAUD,
                    () -> tokens.create(new TokenRequest("limits", null, LocalDate.now().plusDays(3), false))).secret();
            assertThat(api.post("/api/v1/schedules/preview", fraudToken, preview("select 1 as one")).status())
                    .as("another person").isNotEqualTo(429);
        } finally {
            running.forEach(PerPersonLimits.Permit::close);
        }
        assertThat(api.post("/api/v1/schedules/preview", token, preview("select 1 as one")).status())
                .as("once the running ones end").isNotEqualTo(429);
    }

    /** A body without Content-Length (sent chunked). */
    private static HttpRequest.BodyPublisher unknownLength(byte[] bytes) {
        HttpRequest.BodyPublisher fixed = HttpRequest.BodyPublishers.ofByteArray(bytes);
        return new HttpRequest.BodyPublisher() {
            public long contentLength() { return -1; }
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) { fixed.subscribe(subscriber); }
        };
    }
}
