package io.esteira.deployments;

import static io.esteira.deployments.DeploymentScenarios.rows;
import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.changes.ChangeRequestService;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.Environment;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionView;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.Personas;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the asynchronous serving tests and the benchmark share: the areas, the demo model
 * {@code card_fraud} of Fraud (as in {@link DeploymentScenarios}), area tokens and approved deployments.
 */
abstract class AsyncServingFixture {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration PATIENCE = Duration.ofSeconds(120);

    @Autowired
    DeploymentService deployments;
    @Autowired
    AsyncPredictions predictions;
    @Autowired
    AsyncScoring scoring;
    @Autowired
    AsyncWorkers workers;
    @Autowired
    AsyncQueue queue;
    @Autowired
    ModelRegistry registry;
    @Autowired
    ChangeRequestService changes;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    UUID credit;
    UUID fraud;
    VersionView demo;

    @BeforeEach
    void prepare() {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        credit = all.stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        ModelView model = await("the demo model's champion").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> {
                    try {
                        return registry.getByName("card_fraud", fraud);
                    } catch (NotFoundException e) {
                        return null;
                    }
                }), m -> m != null && m.champion().isPresent());
        demo = personas.call(DS_FRAUD, () -> registry.production(model.id())).orElseThrow();
    }

    String serviceToken(UUID area, String name) {
        return personas.call(ADMIN, () -> tokens.create(new TokenRequest(name, area, LocalDate.now().plusDays(3), true))).secret();
    }

    /** Requests a release of the demo version under the name, has a risk and a governance reviewer approve it, and waits until it is live. */
    DeploymentView live(String name, ServingMode mode) {
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(demo.id(), name, Environment.PRODUCTION,
                mode, null, null, null, null, null, null, null, null, "Card fraud scores for the authorisation flow",
                "Retire the deployment; the rules engine answers")));
        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changes.get(requested.changeId()));
        ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changes.approve(change.id(), "Model risk: fine", change.version()));
        personas.run(REVIEWER_GOV, () -> changes.approve(change.id(), "Governance: go ahead", afterRisk.version()));
        return await(name + " live").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> deployments.get(requested.id())), d -> d.state() == DeploymentState.LIVE);
    }

    Response submit(String name, String token, Object body) {
        return api.post("/api/v1/serving/" + name + "/predict-async", token, body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    JsonNode awaitFinished(String location, String token) {
        return await("the request at " + location + " finished").atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get(location, token).json(), j -> j.get("state").asString().equals("DONE")
                        || j.get("state").asString().equals("FAILED"));
    }

    long stored(String endpoint) {
        return jdbc.queryForObject("select count(*) from async_prediction where endpoint = ?", Long.class, endpoint);
    }
    /** A request as a node left it: queued, or RUNNING on {@code dead-node} with the given attempts and lease. */
    UUID queueDirectly(DeploymentView release, String state, int attempts, Instant leaseUntil) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into async_prediction (id, deployment_id, endpoint, area_id, input_rows, row_count, state, attempts, claimed_by,
                    claim_id, lease_until, created_at, started_at, requested_by, requested_by_id)
                values (?, ?, ?, ?, ?, 2, ?, ?, ?, ?, ?, ?, ?, 'ds.fraud', ?)
                """, id, release.id(), release.name(), release.areaId(), JSON.writeValueAsString(rows(2)), state, attempts,
                state.equals("RUNNING") ? "dead-node" : null, state.equals("RUNNING") ? UUID.randomUUID() : null,
                leaseUntil == null ? null : Timestamp.from(leaseUntil), Timestamp.from(Instant.now().minusSeconds(60)),
                state.equals("RUNNING") ? Timestamp.from(Instant.now().minusSeconds(50)) : null,
                personas.user(DS_FRAUD).userId());
        return id;
    }

    AsyncQueue.Request awaitFinished(UUID id) {
        return await("request " + id + " finished").atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> queue.find(id).orElseThrow(), r -> r.state() == AsyncQueue.State.DONE || r.state() == AsyncQueue.State.FAILED);
    }
}
