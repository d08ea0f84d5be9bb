package io.esteira.deployments.async;

import static io.esteira.deployments.DeploymentFixture.rows;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentFixture;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.ServingMode;
import io.esteira.support.Api.Response;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What the asynchronous serving tests and the benchmark share: the areas, the demo model
 * {@code card_fraud} of Fraud (as in {@link DeploymentScenarios}), area tokens and approved deployments.
 */
abstract class AsyncServingFixture extends DeploymentFixture {

    @Autowired
    AsyncPredictions predictions;
    @Autowired
    AsyncScoring scoring;
    @Autowired
    AsyncWorkers workers;
    @Autowired
    AsyncQueue queue;

    /** Requests a release of the demo version under the name, has a risk and a governance reviewer approve it, and waits until it is live. */
    DeploymentView live(String name, ServingMode mode) {
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(demo.id(), name, Environment.PRODUCTION,
                mode, null, null, null, null, null, null, null, null, "Card fraud scores for the authorisation flow",
                "Retire the deployment; the rules engine answers")));
        approve(requested.changeId());
        return awaitRelease(requested.id(), DeploymentState.LIVE);
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
