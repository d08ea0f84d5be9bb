package io.esteira.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.audit.AuditLog;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class OperabilityIntegrationTest {

    @Autowired
    Api api;
    @Autowired
    Scheduler scheduler;
    @Autowired
    AuditLog audit;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void health_probes_include_the_database_and_answer_without_signing_in() {
        Api.Response readiness = api.get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @Test
    void prometheus_metrics_and_the_openapi_description_are_published() throws Exception {
        // metrics for the scraper's credential only (application-test.properties); see SignInHardeningScenarios
        var scrape = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "prometheus:test-scrape-password-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build();
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            assertThat(client.send(scrape, java.net.http.HttpResponse.BodyHandlers.ofString()).body()).contains("jvm_memory_used_bytes");
        }
        assertThat(api.get("/actuator/prometheus", null).status()).as("not for anyone").isEqualTo(401);
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/areas", "/api/v1/audit", "bearer");
    }

    @Test
    void every_response_carries_a_correlation_id() {
        assertThat(api.get("/actuator/health", null).headers().firstValue("X-Correlation-Id")).isPresent();
    }

    @Test
    void the_daily_audit_chain_check_is_scheduled_in_quartz_and_really_runs() throws Exception {
        assertThat(scheduler.getTrigger(TriggerKey.triggerKey("audit-chain-check", "audit"))).isNotNull();
        Instant before = Instant.now();
        scheduler.triggerJob(JobKey.jobKey("audit-chain-check", "audit"));
        await().atMost(Duration.ofSeconds(30)).until(() -> SystemActor.call(audit::lastVerification)
                .filter(v -> v.requestedBy().equals("daily check") && v.finishedAt().isAfter(before)).isPresent());
        assertThat(SystemActor.call(audit::lastVerification).orElseThrow().intact()).isTrue();
    }
}
