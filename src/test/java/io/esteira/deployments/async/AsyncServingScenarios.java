package io.esteira.deployments.async;

import static io.esteira.deployments.DeploymentFixture.rows;
import static io.esteira.deployments.DeploymentFixture.unique;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.ServingMode;
import io.esteira.notifications.delivery.WebhookSignature;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api.Response;
import io.esteira.support.Personas;
import io.esteira.support.WebhookReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Asynchronous serving: an approved ONLINE_ASYNC deployment queues rows (checked at once) and
 * answers later what the synchronous path answers; callbacks are signed webhooks; another area sees
 * neither the deployment nor its requests; a request whose node stopped is taken over when its lease
 * lapses and given up after three attempts; two worker pools on one database carry out each of
 * 1,000 requests exactly once, even when one pool stops halfway. Uses the demo model
 * {@code card_fraud} of Fraud, like {@link DeploymentScenarios}.
 */
abstract class AsyncServingScenarios extends AsyncServingFixture {

    @Test
    void an_async_deployment_queues_rows_and_answers_later_what_the_sync_path_answers() {
        String token = serviceToken(fraud, unique("fraud-app"));
        String name = unique("fraud-async");
        String syncName = unique("fraud-sync");

        // before approval: nothing queued, as /predict
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(demo.id(), name,
                Environment.PRODUCTION, ServingMode.ONLINE_ASYNC, null, null, null, null, null, null, null, null,
                "Card fraud scores for the authorisation flow", "Retire the deployment; the rules engine answers")));
        Response early = submit(name, token, Map.of("rows", rows(2)));
        assertThat(early.status()).as(early.toString()).isEqualTo(409);
        assertThat(early.contentType()).contains("application/problem+json");
        assertThat(early.json().get("state").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(stored(name)).isZero();
        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(requested.changeId()));
        ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(change.id(), "Model risk: fine", change.version()));
        personas.run(REVIEWER_GOV, () -> changeApprovals.approve(change.id(), "Governance: go ahead", afterRisk.version()));
        DeploymentView async = await(name + " live").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> deployments.get(requested.id())), d -> d.state() == DeploymentState.LIVE);
        assertThat(async.mode()).isEqualTo(ServingMode.ONLINE_ASYNC);
        live(syncName, ServingMode.ONLINE_SYNC);

        List<Map<String, Object>> rows = rows(50);
        Response queued = submit(name, token, Map.of("rows", rows));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        UUID requestId = UUID.fromString(queued.json().get("requestId").asString());
        String location = "/api/v1/serving/" + name + "/requests/" + requestId;
        assertThat(queued.json().get("state").asString()).isEqualTo("QUEUED");
        assertThat(queued.json().get("location").asString()).isEqualTo(location);
        assertThat(queued.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(location));

        JsonNode done = awaitFinished(location, token);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("requestId").asString()).isEqualTo(requestId.toString());
        assertThat(done.get("deployment").asString()).isEqualTo(name);
        assertThat(done.get("model").asString()).isEqualTo("card_fraud");
        assertThat(done.get("modelVersion").asInt()).isEqualTo(demo.number());
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(done.get("error").isNull()).isTrue();
        assertThat(Instant.parse(done.get("finishedAt").asString())).isAfterOrEqualTo(Instant.parse(done.get("startedAt").asString()));
        assertThat(Instant.parse(done.get("startedAt").asString())).isAfterOrEqualTo(Instant.parse(done.get("createdAt").asString()));

        // the result is what /predict answers for the same rows
        Response sync = api.post("/api/v1/serving/" + syncName + "/predict", token, JSON.writeValueAsString(Map.of("rows", rows)));
        assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
        JsonNode result = done.get("result");
        assertThat(result.get("requestId").asString()).isEqualTo(requestId.toString());
        assertThat(result.get("deployment").asString()).isEqualTo(name);
        assertThat(result.get("modelVersion").asInt()).isEqualTo(sync.json().get("modelVersion").asInt());
        assertThat(result.get("predictions")).hasSize(50).isEqualTo(sync.json().get("predictions"));

        // logged once, as an asynchronous call of the release that answered
        List<Map<String, Object>> logged = jdbc.queryForList("select channel, outcome, row_count, deployment_id from prediction_log where request_id = ?",
                requestId);
        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst()).containsEntry("channel", "ASYNC").containsEntry("outcome", "SUCCESS").containsEntry("row_count", 50);
        assertThat(logged.getFirst().get("deployment_id")).isEqualTo(async.id());

        // the wrong path for each mode is named
        Response syncCall = api.post("/api/v1/serving/" + name + "/predict", token, JSON.writeValueAsString(Map.of("rows", rows(2))));
        assertThat(syncCall.status()).as(syncCall.toString()).isEqualTo(400);
        assertThat(syncCall.contentType()).contains("application/problem+json");
        assertThat(syncCall.json().get("errors").get("deployment").asString()).contains("predict-async");
        Response asyncCall = submit(syncName, token, Map.of("rows", rows(2)));
        assertThat(asyncCall.status()).isEqualTo(400);
        assertThat(asyncCall.json().get("errors").get("deployment").asString()).contains("/api/v1/serving/" + syncName + "/predict");
        assertThat(stored(syncName)).isZero();

        // bad rows and bad callbacks: 400 naming the field, nothing queued
        long before = stored(name);
        Map<String, Object> missing = new LinkedHashMap<>(rows.get(0));
        missing.remove("channel");
        Response noChannel = submit(name, token, Map.of("rows", List.of(rows.get(1), missing)));
        assertThat(noChannel.status()).isEqualTo(400);
        assertThat(noChannel.contentType()).contains("application/problem+json");
        assertThat(noChannel.json().get("errors").get("rows[1].channel").asString()).contains("Missing input channel");
        Map<String, Object> wrongType = new LinkedHashMap<>(rows.get(0));
        wrongType.put("amount", "twelve");
        assertThat(submit(name, token, Map.of("rows", List.of(wrongType))).json().get("errors").get("rows[0].amount").asString())
                .contains("must be a number");
        assertThat(submit(name, token, Map.of("rows", rows(1001))).json().get("errors").get("rows").asString()).contains("At most 1000 rows");
        assertThat(submit(name, token, Map.of("rows", List.of())).status()).isEqualTo(400);
        assertThat(submit(name, token, "{\"rows\": 5}").status()).isEqualTo(400);
        Response ftp = submit(name, token, Map.of("rows", rows(1), "callback", "ftp://hooks.example.com/x"));
        assertThat(ftp.status()).isEqualTo(400);
        assertThat(ftp.json().get("errors").get("callback").asString()).contains("https");
        Response metadata = submit(name, token, Map.of("rows", rows(1), "callback", "https://169.254.169.254/latest/meta-data"));
        assertThat(metadata.status()).isEqualTo(400);
        assertThat(metadata.json().get("errors").get("callback").asString()).isNotBlank();
        assertThat(stored(name)).as("nothing queued").isEqualTo(before);

        // another area finds neither the deployment nor its requests
        String creditToken = serviceToken(credit, unique("credit-app"));
        Response other = submit(name, creditToken, Map.of("rows", rows(2)));
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.contentType()).contains("application/problem+json");
        assertThat(api.get(location, creditToken).status()).isEqualTo(404);
        assertThat(personas.call(Personas.DS_CREDIT, () -> {
            try {
                predictions.get(name, requestId);
                return "found";
            } catch (NotFoundException e) {
                return "not found";
            }
        })).isEqualTo("not found");
        // nor does the right area under another deployment's name, or an unknown id
        assertThat(api.get("/api/v1/serving/" + syncName + "/requests/" + requestId, token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/serving/" + name + "/requests/" + UUID.randomUUID(), token).status()).isEqualTo(404);
        assertThat(stored(name)).isEqualTo(before);

        // counted
        assertThat(meters.get("esteira.serving.async.requests").tags("deployment", name, "outcome", "queued").counter().count()).isEqualTo(1);
        assertThat(meters.get("esteira.serving.async.requests").tags("deployment", name, "outcome", "invalid").counter().count())
                .isGreaterThanOrEqualTo(4);
        assertThat(meters.get("esteira.serving.async.predictions").tags("deployment", name, "outcome", "success").timer().count()).isEqualTo(1);
        assertThat(meters.get("esteira.serving.async.queued").gauge()).isNotNull();
    }

    @Test
    void a_callback_gets_the_signed_state_document_once_the_request_is_done() {
        String token = serviceToken(fraud, unique("fraud-app"));
        String name = unique("fraud-async-hook");
        live(name, ServingMode.ONLINE_ASYNC);
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            Response queued = submit(name, token, Map.of("rows", rows(3), "callback", receiver.url()));
            assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
            String requestId = queued.json().get("requestId").asString();
            await("the callback").atMost(PATIENCE).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received call = receiver.received().getFirst();
            assertThat(call.method()).isEqualTo("POST");
            assertThat(WebhookSignature.verify("test-webhook-secret", call.body(), call.header(WebhookSignature.HEADER))).isTrue();
            JsonNode body = JSON.readTree(call.body());
            assertThat(body.get("topic").asString()).isEqualTo("deployment.async-prediction-done");
            assertThat(body.get("area").get("code").asString()).isEqualTo("FRAUD");
            JsonNode document = body.get("payload");
            assertThat(document.get("requestId").asString()).isEqualTo(requestId);
            assertThat(document.get("state").asString()).isEqualTo("DONE");
            assertThat(document.get("result").get("predictions")).hasSize(3);
            assertThat(document).isEqualTo(api.get(queued.json().get("location").asString(), token).json());
            // once: the delivery is not repeated
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        }
    }

    @Test
    void a_request_whose_release_was_replaced_is_answered_by_the_live_one_and_with_none_live_fails_saying_why() {
        String name = unique("fraud-async-replaced");
        DeploymentView first = live(name, ServingMode.ONLINE_ASYNC);
        DeploymentView second = live(name, ServingMode.ONLINE_ASYNC);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(first.id())).state()).isEqualTo(DeploymentState.RETIRED);

        UUID replaced = queueDirectly(first, "QUEUED", 0, null);
        workers.wake();
        AsyncQueue.Request answered = awaitFinished(replaced);
        assertThat(answered.state()).as(String.valueOf(answered.error())).isEqualTo(AsyncQueue.State.DONE);
        assertThat(answered.answeredBy()).isEqualTo(second.id());
        assertThat(jdbc.queryForObject("select deployment_id from prediction_log where request_id = ?", UUID.class, replaced))
                .isEqualTo(second.id());

        personas.run(DS_FRAUD, () -> deployments.retire(second.id(), "The authorisation flow no longer calls it"));
        UUID orphan = queueDirectly(second, "QUEUED", 0, null);
        workers.wake();
        AsyncQueue.Request failed = awaitFinished(orphan);
        assertThat(failed.state()).isEqualTo(AsyncQueue.State.FAILED);
        assertThat(failed.error()).contains("has no live release any more", "RETIRED", "no longer calls it");
        assertThat(jdbc.queryForObject("select outcome from prediction_log where request_id = ?", String.class, orphan)).isEqualTo("ERROR");
    }

    @Test
    void a_request_whose_node_stopped_is_taken_over_when_its_lease_lapses_and_given_up_after_three_attempts() {
        String name = unique("fraud-async-lease");
        DeploymentView release = live(name, ServingMode.ONLINE_ASYNC);
        Instant lapsed = Instant.now().minusSeconds(5);
        UUID takenOver = queueDirectly(release, "RUNNING", 1, lapsed);
        UUID stillHeld = queueDirectly(release, "RUNNING", 1, Instant.now().plusSeconds(600));
        UUID exhausted = queueDirectly(release, "RUNNING", 3, lapsed);
        workers.wake();

        AsyncQueue.Request again = awaitFinished(takenOver);
        assertThat(again.state()).as(String.valueOf(again.error())).isEqualTo(AsyncQueue.State.DONE);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.claimedBy()).isEqualTo(workers.node());

        AsyncQueue.Request given = awaitFinished(exhausted);
        assertThat(given.state()).isEqualTo(AsyncQueue.State.FAILED);
        assertThat(given.attempts()).isEqualTo(3);
        assertThat(given.error()).contains("Given up after 3 attempts", "dead-node");
        for (UUID id : List.of(takenOver, exhausted)) {
            assertThat(jdbc.queryForObject("select count(*) from prediction_log where request_id = ?", Long.class, id)).isEqualTo(1);
        }
        // a lease that holds is left alone
        AsyncQueue.Request held = queue.find(stillHeld).orElseThrow();
        assertThat(held.state()).isEqualTo(AsyncQueue.State.RUNNING);
        assertThat(held.claimedBy()).isEqualTo("dead-node");
        jdbc.update("update async_prediction set state = 'FAILED', error = 'test over' where id = ?", stillHeld);
    }

    @Test
    void two_worker_pools_on_one_database_carry_out_each_of_1000_requests_exactly_once_even_when_one_stops_halfway() {
        String name = unique("fraud-async-pools");
        live(name, ServingMode.ONLINE_ASYNC);
        AsyncWorkers second = new AsyncWorkers(scoring, "node-b", 2, Duration.ofMillis(100), Duration.ofSeconds(10));
        second.start();
        long takenBefore = workers.taken();
        List<UUID> ids = new ArrayList<>();
        try {
            personas.run(DS_FRAUD, () -> {
                for (int i = 0; i < 1000; i++) {
                    ids.add(predictions.submit(name, rows(1 + i % 5), null).requestId());
                    if (i == 600) {
                        second.stop(); // a node shutting down: stops taking requests, finishes or puts back what it holds
                    }
                }
            });
        } finally {
            second.stop();
        }
        await("1,000 requests finished").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> jdbc.queryForObject("select count(*) from async_prediction where endpoint = ? and state in ('DONE', 'FAILED')",
                        Long.class, name) == 1000);
        Map<String, Long> states = new HashMap<>();
        Map<String, Long> nodes = new HashMap<>();
        jdbc.query("select state, claimed_by, attempts from async_prediction where endpoint = ?", rs -> {
            states.merge(rs.getString(1), 1L, Long::sum);
            nodes.merge(rs.getString(2), 1L, Long::sum);
            assertThat(rs.getInt(3)).as("attempts").isEqualTo(1);
        }, name);
        assertThat(states).containsExactly(Map.entry("DONE", 1000L));
        assertThat(nodes.keySet()).as("both pools took some: " + nodes).containsExactlyInAnyOrder(workers.node(), "node-b");
        Map<UUID, Long> logged = jdbc.queryForList("select request_id from prediction_log where channel = 'ASYNC' and deployment_id in "
                + "(select id from deployment where name = ?)", UUID.class, name).stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(logged).hasSize(1000).allSatisfy((id, n) -> assertThat(n).as(id.toString()).isEqualTo(1));
        assertThat(logged.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(workers.taken() - takenBefore + second.taken()).as("requests scored by the two pools").isEqualTo(1000);
    }
}
