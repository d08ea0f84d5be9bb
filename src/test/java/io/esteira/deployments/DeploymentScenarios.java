package io.esteira.deployments;

import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.changes.Environment;
import io.esteira.changes.EvidenceSection;
import io.esteira.deployments.serving.DeploymentNotLiveException;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Deployments: nothing serves before a risk and a governance reviewer approve its change request;
 * then the embedded target answers exactly what ONNX Runtime answers on the same bytes; bad rows are
 * refused naming the field; another area sees nothing; a rejected change never serves.
 * Uses the demo model {@code card_fraud} v1 of Fraud (a real ONNX model, gates passed, risk tier 2).
 */
abstract class DeploymentScenarios extends DeploymentFixture {

    @Test
    void a_deployment_serves_only_after_a_risk_and_a_governance_reviewer_approve_it_and_answers_as_onnx_runtime_does() throws Exception {
        String token = serviceToken(fraud, unique("fraud-app"));
        String name = unique("fraud-online");
        Response created = api.post("/api/v1/deployments", token, requestJson(name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("state").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(created.json().get("mode").asString()).isEqualTo("ONLINE_SYNC");
        assertThat(created.json().get("target").asString()).isEqualTo("embedded");
        UUID changeId = UUID.fromString(created.json().get("changeId").asString());
        audit.awaitEntry(AuditTrail.action("deployment.requested"));

        // nothing serves before approval
        Response early = predict(name, token, Map.of("rows", rows(3)));
        assertThat(early.status()).as(early.toString()).isEqualTo(409);
        assertThat(early.contentType()).contains("application/problem+json");
        assertThat(early.json().get("detail").asString()).contains("PENDING_APPROVAL");
        assertThat(serving.holds(UUID.fromString(created.json().get("id").asString()))).isFalse();

        // the change request is about the deployment, with its evidence
        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(changeId));
        assertThat(change.subjectType()).isEqualTo("deployment");
        assertThat(change.subjectLabel()).isEqualTo(name + " (card_fraud v" + demo.number() + ", production)");
        assertThat(change.riskTier()).isEqualTo(demo.riskTier());
        assertThat(change.authorIds()).contains(demo.registeredById());
        List<EvidenceSection> evidence = personas.call(REVIEWER_GOV, () -> changeQueries.evidence(changeId));
        assertThat(change.subjectLink()).as("the link opens the release").isEqualTo("/deployments/" + created.json().get("id").asString());
        assertThat(evidence).extracting(EvidenceSection::title).as("the version's own evidence, as its change request would show it")
                .containsSubsequence("Deployment", "Model card", "Quality gates").contains("Data lineage", "Version in the registry")
                .anyMatch(t -> t.startsWith("Metrics against "));
        assertThat(evidence.getFirst().content()).contains(name, "production", "embedded", "Rollout", "Resources", "Change window",
                "Rollback plan", "Retire the deployment; the rules engine answers");
        Map<String, EvidenceSection> byTitle = new LinkedHashMap<>();
        evidence.forEach(e -> byTitle.put(e.title(), e));
        assertThat(byTitle.get("Model card").content()).isEqualTo(demo.modelCard() == null || demo.modelCard().isBlank()
                ? "_No model card was registered with this version._" : demo.modelCard());
        assertThat(byTitle.get("Quality gates").content()).contains(demo.gateResults().getFirst().title(), "passed");
        assertThat(evidence.stream().filter(e -> e.title().startsWith("Metrics against ")).findFirst().orElseThrow().content())
                .contains(demo.metrics().keySet().iterator().next(), "v" + demo.number());
        assertThat(byTitle.get("Data lineage").content()).contains("sha256 " + demo.sha256());

        ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(changeId, "Model risk: fine for online scoring", change.version()));
        assertThat(afterRisk.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(predict(name, token, Map.of("rows", rows(3))).status()).as("one approval is not enough").isEqualTo(409);
        personas.run(REVIEWER_GOV, () -> changeApprovals.approve(changeId, "Governance: evidence complete, go ahead", afterRisk.version()));

        DeploymentView live = awaitState(name, DeploymentState.LIVE);
        assertThat(live.liveAt()).isNotNull();
        await("the change implemented").atMost(PATIENCE).until(() -> personas.call(DS_FRAUD, () -> changeQueries.get(changeId)).state(),
                s -> s == ChangeState.IMPLEMENTED || s == ChangeState.REVIEW_DUE);
        audit.awaitEntry(AuditTrail.actionOn("deployment.live", live.id().toString()));
        assertThat(serving.holds(live.id())).isTrue();

        // the same answers as ONNX Runtime on the same bytes
        List<Map<String, Object>> rows = rows(50);
        float[] expected = direct(rows);
        Response answered = predict(name, token, Map.of("rows", rows));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        JsonNode body = answered.json();
        assertThat(body.get("deployment").asString()).isEqualTo(name);
        assertThat(body.get("modelVersion").asInt()).isEqualTo(demo.number());
        assertThat(body.get("predictions").size()).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            assertThat(body.get("predictions").get(i).get("fraud_probability").asDouble()).as("row " + i).isCloseTo(expected[i], within(1e-6));
        }

        // a node without the session (e.g. after a restart) creates it on the first request
        serving.evict(live.id());
        Response again = predict(name, token, Map.of("rows", rows.subList(0, 5)));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("predictions").get(4).get("fraud_probability").asDouble()).isCloseTo(expected[4], within(1e-6));
        assertThat(serving.holds(live.id())).isTrue();

        // bad rows: 400 as problem+json, naming the field
        Map<String, Object> missing = new LinkedHashMap<>(rows.get(0));
        missing.remove("channel");
        Response noChannel = predict(name, token, Map.of("rows", List.of(rows.get(1), missing)));
        assertThat(noChannel.status()).isEqualTo(400);
        assertThat(noChannel.contentType()).contains("application/problem+json");
        assertThat(noChannel.json().get("errors").get("rows[1].channel").asString()).contains("Missing input channel");
        Map<String, Object> wrongType = new LinkedHashMap<>(rows.get(0));
        wrongType.put("amount", "twelve");
        Response text = predict(name, token, Map.of("rows", List.of(wrongType)));
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("errors").get("rows[0].amount").asString()).contains("amount must be a number");
        Map<String, Object> unknown = new LinkedHashMap<>(rows.get(0));
        unknown.put("customer_age", 42);
        Response extra = predict(name, token, Map.of("rows", List.of(unknown)));
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.json().get("errors").get("rows[0].customer_age").asString()).contains("Unknown field customer_age");
        Response tooMany = predict(name, token, Map.of("rows", rows(1001)));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("errors").get("rows").asString()).contains("At most 1000 rows");
        assertThat(predict(name, token, Map.of("rows", List.of())).status()).isEqualTo(400);
        assertThat(predict(name, token, "{\"rows\": 5}").status()).isEqualTo(400);

        // every call is counted, by outcome
        assertThat(meters.get("esteira.serving.predictions").tags("deployment", name, "outcome", "success").timer().count()).isEqualTo(2);
        assertThat(meters.get("esteira.serving.predictions").tags("deployment", name, "outcome", "not-live").timer().count()).isEqualTo(2);
        assertThat(meters.get("esteira.serving.predictions").tags("deployment", name, "outcome", "invalid").timer().count()).isGreaterThanOrEqualTo(5);

        // the listing and the single deployment
        assertThat(api.get("/api/v1/deployments/" + name, token).json().get("state").asString()).isEqualTo("LIVE");
        assertThat(api.get("/api/v1/deployments?size=500", token).json().get("content").valueStream().map(d -> d.get("name").asString()))
                .contains(name);

        // another area's token finds nothing
        String creditToken = serviceToken(credit, unique("credit-app"));
        Response other = predict(name, creditToken, Map.of("rows", rows(2)));
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.contentType()).contains("application/problem+json");
        assertThat(api.get("/api/v1/deployments/" + name, creditToken).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/deployments?size=500", creditToken).json().get("content").valueStream().map(d -> d.get("name").asString()))
                .doesNotContain(name);
    }

    @Test
    void a_rejected_change_leaves_the_deployment_rejected_and_never_serving() {
        String name = unique("fraud-rejected");
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(demo.id(), name, Environment.PRODUCTION,
                "Card fraud scores for the authorisation flow, online", "Retire the deployment; the rules engine answers")));
        assertThat(requested.state()).isEqualTo(DeploymentState.PENDING_APPROVAL);
        ChangeRequestView change = personas.call(REVIEWER_GOV, () -> changeQueries.get(requested.changeId()));
        personas.run(REVIEWER_GOV, () -> changeApprovals.reject(requested.changeId(), "No monitoring plan for this deployment yet", change.version()));

        DeploymentView rejected = awaitState(name, DeploymentState.REJECTED);
        assertThat(rejected.failureReason()).contains("No monitoring plan");
        audit.awaitEntry(AuditTrail.actionOn("deployment.rejected", rejected.id().toString()));
        audit.awaitEventsHandled();
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(name, null)).state()).isEqualTo(DeploymentState.REJECTED);
        assertThat(serving.holds(rejected.id())).isFalse();
        Response refused = predict(name, serviceToken(fraud, unique("fraud-app")), Map.of("rows", rows(2)));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("REJECTED");
        assertThat(refused.json().get("state").asString()).isEqualTo("REJECTED");
    }

    @Test
    void a_request_is_checked_before_anything_is_stored() {
        DeploymentDraft good = new DeploymentDraft(demo.id(), unique("fraud-checks"), Environment.PRODUCTION,
                "Card fraud scores for the authorisation flow, online", "Retire the deployment; the rules engine answers");
        // another area: not found
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> deployments.request(good)).isInstanceOf(NotFoundException.class));
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> deployments.request(new DeploymentDraft(demo.id(), "Not A Name!", Environment.STAGING,
                    good.justification(), null))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("lower-case");
            assertThatThrownBy(() -> deployments.request(new DeploymentDraft(demo.id(), good.name(), Environment.PRODUCTION, ServingMode.BATCH,
                    null, null, null, null, null, null, null, null, good.justification(), good.rollbackPlan())))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("needs its input");
            assertThatThrownBy(() -> deployments.request(new DeploymentDraft(demo.id(), good.name(), Environment.PRODUCTION, null,
                    null, Rollout.CANARY, 10, null, null, null, null, null, good.justification(), good.rollbackPlan())))
                    .as("a canary needs a live release").isInstanceOf(InvalidRequestException.class).hasMessageContaining("has none yet");
            assertThatThrownBy(() -> deployments.request(new DeploymentDraft(UUID.randomUUID(), good.name(), Environment.PRODUCTION,
                    good.justification(), good.rollbackPlan()))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> deployments.get(good.name(), null)).as("nothing stored").isInstanceOf(NotFoundException.class);
            deployments.request(good);
            assertThatThrownBy(() -> deployments.request(good)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("in progress");
        });
        String token = serviceToken(fraud, unique("fraud-app"));
        Response batch = api.post("/api/v1/deployments", token, JSON.writeValueAsString(Map.of("versionId", demo.id().toString(),
                "name", unique("fraud-batch"), "environment", "STAGING", "mode", "BATCH",
                "justification", "Card fraud scores for the authorisation flow, online")));
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.contentType()).contains("application/problem+json");
        assertThat(batch.json().get("errors").get("batch").asString()).contains("needs its input");
        Response noRollback = api.post("/api/v1/deployments", token, JSON.writeValueAsString(Map.of("versionId", demo.id().toString(),
                "name", unique("fraud-norollback"), "environment", "PRODUCTION",
                "justification", "Card fraud scores for the authorisation flow, online")));
        assertThat(noRollback.status()).as(noRollback.toString()).isEqualTo(400);
    }

    @Test
    void a_standard_change_deploys_at_once_and_an_artifact_that_cannot_load_leaves_the_deployment_failed_with_the_reason() throws Exception {
        List<VersionView> copy = lowRiskCopy(2);
        VersionView v1 = copy.get(0);
        VersionView v2 = copy.get(1);

        // risk tier 3 to staging: approved by policy at once, and deployed
        String standard = unique("fraud-dashboard");
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(v1.id(), standard, Environment.STAGING,
                "Scores for the fraud dashboards in staging", null)));
        assertThat(personas.call(DS_FRAUD, () -> changeQueries.get(requested.changeId())).type()).isEqualTo(io.esteira.changes.ChangeType.STANDARD);
        awaitState(standard, DeploymentState.LIVE);
        List<Map<String, Object>> rows = rows(10);
        float[] expected = direct(rows);
        List<Map<String, Object>> answered = personas.call(DS_FRAUD, () -> deployments.predict(standard, rows)).predictions();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(((Number) answered.get(i).get("fraud_probability")).doubleValue()).isCloseTo(expected[i], within(1e-6));
        }

        // the bytes of v2 are gone from the store: the deployment fails, saying why, and the change stays unimplemented
        jdbc.update("delete from model_artifact_chunk where version_id = ?", v2.id());
        String broken = unique("fraud-broken");
        DeploymentView failing = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(v2.id(), broken, Environment.STAGING,
                "Scores for the fraud dashboards in staging", null)));
        DeploymentView failed = awaitState(broken, DeploymentState.FAILED);
        assertThat(failed.failureReason()).contains("SHA-256");
        audit.awaitEntry(AuditTrail.actionOn("deployment.failed", failed.id().toString()));
        assertThat(personas.call(DS_FRAUD, () -> changeQueries.get(failing.changeId())).state()).isEqualTo(ChangeState.APPROVED);
        assertThat(serving.holds(failed.id())).isFalse();
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> deployments.predict(broken, rows)).isInstanceOf(DeploymentNotLiveException.class)
                .hasMessageContaining("FAILED"));
    }

    @Test
    void a_deployment_a_stopped_node_left_deploying_is_deployed_when_its_approval_is_delivered_again() {
        String name = unique("fraud-resumed");
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(demo.id(), name, Environment.PRODUCTION,
                "Card fraud scores for the authorisation flow, online", "Retire the deployment; the rules engine answers")));
        // as if a node had taken it to DEPLOYING and died before it was live
        jdbc.update("update deployment set state = 'DEPLOYING' where id = ?", requested.id());
        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(requested.changeId()));
        ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(change.id(), "Model risk: fine for online scoring",
                change.version()));
        personas.run(REVIEWER_GOV, () -> changeApprovals.approve(change.id(), "Governance: evidence complete, go ahead", afterRisk.version()));

        DeploymentView live = awaitState(name, DeploymentState.LIVE);
        assertThat(serving.holds(live.id())).isTrue();
        await("the change implemented").atMost(PATIENCE).until(() -> personas.call(DS_FRAUD, () -> changeQueries.get(change.id())).state(),
                s -> s == ChangeState.IMPLEMENTED || s == ChangeState.REVIEW_DUE);
        assertThat(personas.call(DS_FRAUD, () -> deployments.predict(name, rows(3))).predictions()).hasSize(3);
    }

    @Test
    void a_production_release_whose_change_request_its_requester_moved_to_staging_is_not_deployed() throws Exception {
        VersionView v = lowRiskCopy(1).getFirst();
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(v.id(), unique("env-moved"),
                Environment.PRODUCTION, "Scores for the fraud team's production queue", "Retire it; the rules engine takes over")));
        var request = personas.call(DS_FRAUD, () -> changeQueries.get(requested.changeId()));
        // staging with a tier-3 model is a standard change, approved by policy at once
        personas.run(DS_FRAUD, () -> changeSubmissions.edit(request.id(), new io.esteira.changes.ChangeRequestDraft(request.subjectType(),
                request.subjectId(), Environment.STAGING, false, request.justification(), null, null, request.rollbackPlan()),
                request.version()));
        DeploymentView failed = awaitRelease(requested.id(), DeploymentState.FAILED);
        assertThat(failed.failureReason()).contains("approved for STAGING", "PRODUCTION");
    }
}
