package io.esteira.deployments.async;

import static io.esteira.deployments.DeploymentFixture.rows;
import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.EsteiraApplication;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.changes.ChangeApprovals;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.ServingMode;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionView;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Personas;
import io.esteira.support.PostgresRequired;
import io.esteira.support.ScratchPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asynchronous requests survive a restart of the portal and are carried out exactly once: a portal
 * without workers ({@code esteira.serving.async.workers=0}) queues 200 requests over HTTP and is shut
 * down; a second portal on the same PostgreSQL database (and data directory), with workers, carries
 * every one of them out, with one prediction-log entry each. The two portals are Spring Boot
 * applications in this JVM, one after the other.
 */
@ExtendWith(PostgresRequired.class)
class AsyncServingRestartIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final int REQUESTS = 200;
    private static final String DATABASE = System.getProperty("esteira.it.database", "esteira_it") + "_async_restart";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void queued_requests_survive_a_restart_and_are_carried_out_exactly_once() throws Exception {
        String url = ScratchPostgres.recreate(DATABASE);
        Path dataDir = Path.of("target", "async-restart-data").toAbsolutePath();
        deleteRecursively(dataDir);
        String name = "fraud-async-restart";
        String token;
        List<UUID> ids = new ArrayList<>();

        try (ConfigurableApplicationContext first = start(url, dataDir, "node-1", 0)) {
            Personas personas = first.getBean(Personas.class);
            List<AreaSummary> all = personas.call(ADMIN, first.getBean(AreaService.class)::myAreas);
            UUID fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
            ModelRegistry registry = first.getBean(ModelRegistry.class);
            ModelView model = await("the demo model's champion").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> personas.call(DS_FRAUD, () -> {
                        try {
                            return registry.getByName("card_fraud", fraud);
                        } catch (NotFoundException e) {
                            return null;
                        }
                    }), m -> m != null && m.champion().isPresent());
            VersionView demo = personas.call(DS_FRAUD, () -> registry.production(model.id())).orElseThrow();
            DeploymentService deployments = first.getBean(DeploymentService.class);
            ChangeQueries changeQueries = first.getBean(ChangeQueries.class);
            ChangeApprovals changeApprovals = first.getBean(ChangeApprovals.class);
            DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(demo.id(), name,
                    Environment.PRODUCTION, ServingMode.ONLINE_ASYNC, null, null, null, null, null, null, null, null,
                    "Card fraud scores for the authorisation flow", "Retire the deployment; the rules engine answers")));
            ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(requested.changeId()));
            ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(change.id(), "Model risk: fine", change.version()));
            personas.run(REVIEWER_GOV, () -> changeApprovals.approve(change.id(), "Governance: go ahead", afterRisk.version()));
            await(name + " live").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> personas.call(DS_FRAUD, () -> deployments.get(requested.id())).state() == DeploymentState.LIVE);
            token = personas.call(ADMIN, () -> first.getBean(ApiTokenService.class)
                    .create(new TokenRequest("fraud-restart-app", fraud, LocalDate.now().plusDays(3), true))).secret();

            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> queued = post(first, "/api/v1/serving/" + name + "/predict-async", token,
                        JSON.writeValueAsString(Map.of("rows", rows(1 + i % 4))));
                assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
                ids.add(UUID.fromString(JSON.readTree(queued.body()).get("requestId").asString()));
            }
            Thread.sleep(1000);
            assertThat(first.getBean(JdbcTemplate.class).queryForObject(
                    "select count(*) from async_prediction where endpoint = ? and state = 'QUEUED'", Long.class, name))
                    .as("a node without workers only queues").isEqualTo(REQUESTS);
        }

        try (ConfigurableApplicationContext second = start(url, dataDir, "node-2", 2)) {
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            await("every request carried out after the restart").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> jdbc.queryForObject("select count(*) from async_prediction where endpoint = ? and state in ('DONE', 'FAILED')",
                            Long.class, name) == REQUESTS);
            List<Map<String, Object>> requests = jdbc.queryForList(
                    "select id, state, attempts, claimed_by, (select count(*) from prediction_log l where l.request_id = a.id) as logged "
                            + "from async_prediction a where endpoint = ?", name);
            assertThat(requests).hasSize(REQUESTS).allSatisfy(r -> {
                assertThat(r.get("state")).as(String.valueOf(r.get("id"))).isEqualTo("DONE");
                assertThat(((Number) r.get("attempts")).intValue()).isEqualTo(1);
                assertThat(r.get("claimed_by")).isEqualTo("node-2");
                assertThat(((Number) r.get("logged")).longValue()).as("prediction-log entries of " + r.get("id")).isEqualTo(1);
            });
            assertThat(requests.stream().map(r -> (UUID) r.get("id")).toList()).containsExactlyInAnyOrderElementsOf(ids);

            HttpResponse<String> read = get(second, "/api/v1/serving/" + name + "/requests/" + ids.get(3), token);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode done = JSON.readTree(read.body());
            assertThat(done.get("state").asString()).isEqualTo("DONE");
            assertThat(done.get("result").get("predictions")).hasSize(4);
        }
    }

    private static ConfigurableApplicationContext start(String url, Path dataDir, String node, int workers) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EsteiraApplication.class, Personas.class)
                .profiles("test")
                .run("--spring.datasource.url=" + url, "--spring.datasource.username=" + ScratchPostgres.USER, "--spring.datasource.password=",
                        "--server.port=0", "--esteira.data-dir=" + dataDir, "--esteira.node-id=" + node,
                        "--esteira.serving.async.workers=" + workers, "--spring.quartz.scheduler-name=esteira-async-restart-" + node);
        // Vaadin makes each context's security strategy the static one; the personas must sign in to this one
        context.getBeanProvider(SecurityContextHolderStrategy.class).ifAvailable(SecurityContextHolder::setContextHolderStrategy);
        return context;
    }

    private HttpResponse<String> post(ConfigurableApplicationContext context, String path, String token, String json)
            throws IOException, InterruptedException {
        return http.send(request(context, path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ConfigurableApplicationContext context, String path, String token)
            throws IOException, InterruptedException {
        return http.send(request(context, path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(ConfigurableApplicationContext context, String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
