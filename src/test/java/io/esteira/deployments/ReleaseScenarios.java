package io.esteira.deployments;

import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.changes.ChangeType;
import io.esteira.changes.Environment;
import io.esteira.changes.EvidenceSection;
import io.esteira.deployments.predictions.PredictionLog;
import io.esteira.deployments.serving.DeploymentNotLiveException;
import io.esteira.deployments.serving.LiveReleases;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The life of an endpoint: a canary splits the calls by its percentage and every call records the
 * version that answered; promotion, a one-action rollback (a pre-approved standard change) and
 * retirement; change windows held and enforced; the prediction log and the serving figures; bodies
 * too large refused before parsing; another area can do none of it.
 */
abstract class ReleaseScenarios extends DeploymentFixture {

    @Autowired
    PredictionLog predictionLog;
    @Autowired
    io.esteira.models.pipeline.ModelPipeline pipeline;
    @LocalServerPort
    int port;

    DeploymentDraft staging(VersionView v, String name, Rollout rollout, Integer percent, Instant windowStart, Instant windowEnd, Integer sample) {
        return new DeploymentDraft(v.id(), name, Environment.STAGING, null, null, rollout, percent, null, windowStart, windowEnd, sample, null,
                "Scores for the fraud dashboards in staging", null);
    }

    @Test
    void a_canary_takes_its_share_of_the_calls_then_is_promoted_rolled_back_in_one_action_and_retired() throws Exception {
        List<VersionView> versions = lowRiskCopy(2);
        VersionView v1 = versions.get(0);
        VersionView v2 = versions.get(1);
        String name = unique("fraud-canary");
        DeploymentView first = personas.call(DS_FRAUD, () -> deployments.request(staging(v1, name, null, null, null, null, null)));
        awaitRelease(first.id(), DeploymentState.LIVE);
        List<io.esteira.models.pipeline.PipelineStep> way = personas.call(DS_FRAUD, () -> pipeline.steps(v1.modelId(), v1.number()));
        assertThat(way).filteredOn(st -> st.name().equals("Approved for staging")).singleElement()
                .satisfies(st -> assertThat(st.state()).isEqualTo(io.esteira.models.pipeline.PipelineStep.State.DONE));
        assertThat(way).filteredOn(st -> st.name().equals("Deployed to staging")).singleElement().satisfies(st -> {
            assertThat(st.state()).isEqualTo(io.esteira.models.pipeline.PipelineStep.State.DONE);
            assertThat(st.detail()).isEqualTo(name + " · live");
        });
        assertThat(way).filteredOn(st -> st.name().equals("Deployed to production")).singleElement()
                .satisfies(st -> assertThat(st.state()).isEqualTo(io.esteira.models.pipeline.PipelineStep.State.NOT_YET));

        // a canary of v2 taking 30% of the calls, beside v1
        DeploymentView canary = personas.call(DS_FRAUD, () -> deployments.request(staging(v2, name, Rollout.CANARY, 30, null, null, 0)));
        assertThat(canary.replacesId()).isEqualTo(first.id());
        awaitRelease(canary.id(), DeploymentState.LIVE);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(first.id())).state()).as("the stable release keeps serving")
                .isEqualTo(DeploymentState.LIVE);
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> deployments.request(staging(v1, name, null, null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("canary"));

        String token = serviceToken(fraud, unique("fraud-app"));
        Map<Integer, Integer> answeredBy = new HashMap<>();
        List<Map<String, Object>> row = rows(1);
        for (int i = 0; i < 2000; i++) {
            Response r = api.post("/api/v1/serving/" + name + "/predict", token, JSON.writeValueAsString(Map.of("rows", row)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            answeredBy.merge(r.json().get("modelVersion").asInt(), 1, Integer::sum);
        }
        double canaryShare = answeredBy.getOrDefault(v2.number(), 0) / 2000.0;
        assertThat(canaryShare).as("the canary's share of 2,000 calls: " + answeredBy).isBetween(0.25, 0.35);
        assertThat(answeredBy.keySet()).containsExactlyInAnyOrder(v1.number(), v2.number());

        // the prediction log has every call with the version that answered (durable before the answer); the canary keeps no inputs (sample 0%)
        Map<String, Object> logged = jdbc.queryForMap("select count(*) as calls, sum(case when model_version_number = ? then 1 else 0 end) as canary, "
                + "sum(case when inputs is null then 1 else 0 end) as bare from prediction_log where deployment_id in (?, ?)",
                v2.number(), first.id(), canary.id());
        assertThat(((Number) logged.get("calls")).intValue()).isEqualTo(2000);
        assertThat(((Number) logged.get("canary")).intValue()).isEqualTo(answeredBy.get(v2.number()));
        assertThat(((Number) logged.get("bare")).intValue()).as("the canary keeps no inputs").isEqualTo(answeredBy.get(v2.number()));
        Map<String, Object> kept = jdbc.queryForMap("select inputs, outputs, channel, outcome, row_count from prediction_log "
                + "where deployment_id = ? fetch first 1 rows only", first.id());
        assertThat((String) kept.get("inputs")).contains("merchant_category");
        assertThat((String) kept.get("outputs")).contains("fraud_probability");
        assertThat(kept).containsEntry("channel", "SYNC").containsEntry("outcome", "SUCCESS");
        Map<UUID, ServingFigures> figures = personas.call(DS_FRAUD, () -> deployments.figures(List.of(first.id(), canary.id())));
        assertThat(figures.get(first.id()).calls() + figures.get(canary.id()).calls()).isEqualTo(2000);
        assertThat(figures.get(canary.id()).callsPerMinute()).isPositive();
        assertThat(figures.get(canary.id()).p95Millis()).isPositive();
        assertThat(figures.get(canary.id()).errorRate()).isZero();

        // promote: the canary takes all the calls and v1 is retired
        personas.run(DS_FRAUD, () -> deployments.promote(canary.id()));
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(first.id())).state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(first.id())).retiredReason()).contains("canary promoted");
        audit.awaitEntry(AuditTrail.actionOn("deployment.promoted", canary.id().toString()));
        for (int i = 0; i < 20; i++) {
            assertThat(personas.call(DS_FRAUD, () -> deployments.predict(name, row)).modelVersion()).isEqualTo(v2.number());
        }

        // roll back in one action: a pre-approved standard change, live at once, v2 retired
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> deployments.rollback(canary.id(), "bad")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("10 characters"));
        assertThat(personas.call(DS_FRAUD, () -> deployments.rollbackTarget(canary.id()))).map(DeploymentView::id).contains(first.id());
        DeploymentView back = personas.call(DS_FRAUD, () -> deployments.rollback(canary.id(), "Alert rate doubled since v2 took all the calls"));
        assertThat(back.rollout()).isEqualTo(Rollout.ROLLBACK);
        assertThat(back.modelVersion()).isEqualTo(v1.number());
        ChangeRequestView change = personas.call(DS_FRAUD, () -> changeQueries.get(back.changeId()));
        assertThat(change.type()).isEqualTo(ChangeType.STANDARD);
        assertThat(change.typeReason()).contains("rollback to the previous live version");
        awaitRelease(back.id(), DeploymentState.LIVE);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(canary.id())).state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(personas.call(DS_FRAUD, () -> deployments.rollbackTarget(back.id()))).as("what a rollback took out is not offered back").isEmpty();
        assertThat(personas.call(DS_FRAUD, () -> deployments.predict(name, row)).modelVersion()).isEqualTo(v1.number());
        audit.awaitEntry(AuditTrail.actionOn("deployment.rollback-requested", back.id().toString()));
        assertThat(personas.call(DS_FRAUD, () -> deployments.releases(name, null))).extracting(DeploymentView::state)
                .containsExactly(DeploymentState.LIVE, DeploymentState.RETIRED, DeploymentState.RETIRED);

        // retire: the endpoint serves nothing, with the reason
        DeploymentView retired = personas.call(DS_FRAUD, () -> deployments.retire(back.id(), "The dashboards moved to the new platform"));
        assertThat(retired.state()).isEqualTo(DeploymentState.RETIRED);
        Response gone = api.post("/api/v1/serving/" + name + "/predict", token, JSON.writeValueAsString(Map.of("rows", row)));
        assertThat(gone.status()).isEqualTo(409);
        assertThat(gone.json().get("detail").asString()).contains("RETIRED", "dashboards moved");
        audit.awaitEntry(AuditTrail.actionOn("deployment.retired", back.id().toString()));
    }

    @Test
    void a_shadow_scores_a_mirror_of_the_calls_answers_none_is_compared_with_the_live_answers_and_retired() throws Exception {
        List<VersionView> versions = lowRiskCopy(2);
        VersionView v1 = versions.get(0);
        VersionView v2 = versions.get(1);
        String name = unique("fraud-shadow");
        DeploymentView first = personas.call(DS_FRAUD, () -> deployments.request(staging(v1, name, null, null, null, null, null)));
        awaitRelease(first.id(), DeploymentState.LIVE);
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> deployments.request(staging(v1, name, Rollout.SHADOW, null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("live on " + name + " already"));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> deployments.request(staging(v2, unique("no-live"), Rollout.SHADOW, null, null,
                null, null))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("has none yet"));

        DeploymentView shadow = personas.call(DS_FRAUD, () -> deployments.request(staging(v2, name, Rollout.SHADOW, null, null, null, null)));
        awaitRelease(shadow.id(), DeploymentState.SHADOW);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(first.id())).state()).as("the live release keeps serving")
                .isEqualTo(DeploymentState.LIVE);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(name, null)).id()).as("the deployment is its live release").isEqualTo(first.id());
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> deployments.request(staging(versions.get(1), name, Rollout.SHADOW, null, null,
                null, null))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("already has a shadow"));
        assertThat(jdbc.queryForObject("select count(*) from usage_record where source_id = ? and ended_at is null", Long.class, shadow.id()))
                .as("its replicas are metered while it runs").isEqualTo(1);

        String token = serviceToken(fraud, unique("fraud-app"));
        List<Map<String, Object>> rows = rows(4);
        for (int i = 0; i < 50; i++) {
            Response r = api.post("/api/v1/serving/" + name + "/predict", token, JSON.writeValueAsString(Map.of("rows", rows)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("modelVersion").asInt()).as("callers only ever get the live answer").isEqualTo(v1.number());
        }
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("select count(*) from prediction_log where deployment_id = ? and channel = "
                + "'SHADOW'", Long.class, shadow.id()) == 50);
        assertThat(jdbc.queryForObject("select count(*) from prediction_log where deployment_id = ? and channel = 'SYNC'", Long.class,
                first.id())).isEqualTo(50);
        Map<String, Object> mirrored = jdbc.queryForMap("select outcome, row_count, model_version_number, outputs from prediction_log "
                + "where deployment_id = ? fetch first 1 rows only", shadow.id());
        assertThat(mirrored).containsEntry("outcome", "SUCCESS").containsEntry("model_version_number", v2.number());
        assertThat((String) mirrored.get("outputs")).contains("fraud_probability");

        await().atMost(PATIENCE).until(() -> personas.call(DS_FRAUD, () -> deployments.shadowResults(shadow.id())).map(ShadowResults::calls)
                .orElse(0L) == 50);
        ShadowResults results = personas.call(DS_FRAUD, () -> deployments.shadowResults(shadow.id())).orElseThrow();
        assertThat(results.rowsCompared()).isEqualTo(200);
        assertThat(results.failedCalls()).isZero();
        assertThat(results.agreement()).isBetween(0.0, 1.0);
        assertThat(results.meanScoreDifference()).as("two versions trained apart score apart").isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(results.shadowMillis()).isPositive();
        Response viaApi = api.get("/api/v1/deployments/releases/" + shadow.id() + "/shadow", token);
        assertThat(viaApi.status()).as(viaApi.toString()).isEqualTo(200);
        assertThat(viaApi.json().get("calls").asLong()).isEqualTo(50);

        // another area sees nothing of it
        String creditToken = serviceToken(credit, unique("credit-app"));
        assertThat(api.get("/api/v1/deployments/releases/" + shadow.id() + "/shadow", creditToken).status()).isEqualTo(404);
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> deployments.shadowResults(shadow.id())).isInstanceOf(NotFoundException.class));

        // retired: no more mirrored calls, the live release answers as before, its replicas no longer metered
        DeploymentView retired = personas.call(DS_FRAUD, () -> deployments.retire(shadow.id(), "Compared long enough with v1"));
        assertThat(retired.state()).isEqualTo(DeploymentState.RETIRED);
        audit.awaitEntry(AuditTrail.actionOn("deployment.retired", shadow.id().toString()));
        assertThat(personas.call(DS_FRAUD, () -> deployments.predict(name, rows)).modelVersion()).isEqualTo(v1.number());
        Thread.sleep(LiveReleases.KEEP.toMillis() + 200);
        personas.call(DS_FRAUD, () -> deployments.predict(name, rows));
        Thread.sleep(500);
        assertThat(jdbc.queryForObject("select count(*) from prediction_log where deployment_id = ? and channel = 'SHADOW'", Long.class,
                shadow.id())).isEqualTo(50);
        assertThat(jdbc.queryForObject("select count(*) from usage_record where source_id = ? and ended_at is null", Long.class, shadow.id()))
                .isZero();

        // reviewers of the shadow's change read that it has not mirrored yet; those of v2's next release read how it compared
        List<EvidenceSection> asShadow = personas.call(REVIEWER_GOV, () -> changeQueries.evidence(shadow.changeId()));
        assertThat(asShadow).extracting(EvidenceSection::title).contains("Shadow comparison of " + v2.model() + " v" + v2.number() + " on " + name,
                "Metrics against v" + v1.number() + " (live on " + name + ")");
        DeploymentView next = personas.call(DS_FRAUD, () -> deployments.request(staging(v2, name, null, null, null, null, null)));
        List<EvidenceSection> evidence = personas.call(REVIEWER_GOV, () -> changeQueries.evidence(next.changeId()));
        EvidenceSection compared = evidence.stream().filter(e -> e.title().startsWith("Shadow comparison of ")).findFirst().orElseThrow();
        assertThat(compared.kind()).isEqualTo(EvidenceSection.TABLE);
        assertThat(compared.content()).contains("Calls mirrored", "\"50\"", "Rows compared", "\"200\"", "Labels agree", "Scores differ by");
        assertThat(evidence).extracting(EvidenceSection::title).containsSubsequence("Deployment", "Shadow comparison of " + v2.model() + " v"
                + v2.number() + " on " + name, "Model card", "Quality gates", "Metrics against v" + v1.number() + " (live on " + name + ")",
                "Data lineage");
        assertThat(personas.call(REVIEWER_GOV, () -> changeQueries.get(next.changeId())).subjectLink()).isEqualTo("/deployments/" + next.id());
    }

    @Test
    void an_approved_release_waits_for_its_window_and_one_approved_after_its_window_fails() throws Exception {
        VersionView v1 = lowRiskCopy(1).getFirst();
        String name = unique("fraud-window");
        Instant opens = Instant.now().plusSeconds(4);
        DeploymentView waiting = personas.call(DS_FRAUD, () -> deployments.request(staging(v1, name, null, null, opens,
                opens.plus(Duration.ofHours(1)), null)));
        await("approved by policy, waiting").atMost(PATIENCE).until(() -> personas.call(DS_FRAUD, () -> deployments.get(waiting.id())).state(),
                s -> s == DeploymentState.APPROVED);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(waiting.id())).state()).as("not before the window")
                .isEqualTo(DeploymentState.APPROVED);
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> deployments.predict(name, rows(1))).isInstanceOf(DeploymentNotLiveException.class)
                .hasMessageContaining("APPROVED"));
        DeploymentView live = awaitRelease(waiting.id(), DeploymentState.LIVE);
        assertThat(live.liveAt()).isAfterOrEqualTo(opens);

        // a normal change approved after its window closed: never deployed
        String late = unique("fraud-late");
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(demo.id(), late, Environment.PRODUCTION,
                null, null, null, null, null, Instant.now(), Instant.now().plus(Duration.ofHours(2)), null, null,
                "Card fraud scores for the authorisation flow, online", "Retire the deployment; the rules engine answers")));
        // as if the approval came after the window: the change request's window, which the rollout reads, ended a minute ago
        jdbc.update("update change_request set window_start = ?, window_end = ? where id = ?", java.sql.Timestamp.from(Instant.now().minusSeconds(120)),
                java.sql.Timestamp.from(Instant.now().minusSeconds(60)), requested.changeId());
        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(requested.changeId()));
        ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(change.id(), "Model risk: fine for online scoring",
                change.version()));
        personas.run(REVIEWER_GOV, () -> changeApprovals.approve(change.id(), "Governance: evidence complete, go ahead", afterRisk.version()));
        DeploymentView failed = awaitRelease(requested.id(), DeploymentState.FAILED);
        assertThat(failed.failureReason()).contains("change window closed");
        assertThat(personas.call(DS_FRAUD, () -> changeQueries.get(change.id())).state()).isEqualTo(ChangeState.APPROVED);
    }

    @Test
    void another_area_cannot_see_call_promote_roll_back_or_retire_a_release() throws Exception {
        VersionView v1 = lowRiskCopy(1).getFirst();
        String name = unique("fraud-private");
        DeploymentView live = personas.call(DS_FRAUD, () -> deployments.request(staging(v1, name, null, null, null, null, null)));
        awaitRelease(live.id(), DeploymentState.LIVE);
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> deployments.get(live.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> deployments.get(name, null)).isInstanceOfSatisfying(NotFoundException.class,
                    e -> assertThat(e.isDenial()).as("answered as unknown, recorded as a refusal").isTrue());
            assertThatThrownBy(() -> deployments.get(unique("no-such-endpoint"), null)).isInstanceOfSatisfying(NotFoundException.class,
                    e -> assertThat(e.isDenial()).as("an unknown name is no refusal").isFalse());
            assertThatThrownBy(() -> deployments.predict(name, rows(1))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> deployments.promote(live.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> deployments.retire(live.id(), "Not mine but let me try")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> deployments.rollback(live.id(), "Not mine but let me try")).isInstanceOf(NotFoundException.class);
            assertThat(deployments.figures(List.of(live.id()))).isEmpty();
            assertThat(deployments.list(org.springframework.data.domain.PageRequest.of(0, 500), true).getContent())
                    .extracting(DeploymentView::id).doesNotContain(live.id());
        });
        String creditToken = serviceToken(credit, unique("credit-app"));
        String path = "/api/v1/deployments/releases/" + live.id();
        assertThat(api.post("/api/v1/serving/" + name + "/predict", creditToken, JSON.writeValueAsString(Map.of("rows", rows(1)))).status())
                .isEqualTo(404);
        assertThat(api.post(path + "/retire", creditToken, "{\"reason\": \"Not mine but let me try\"}").status()).isEqualTo(404);
        assertThat(api.post(path + "/rollback", creditToken, "{\"reason\": \"Not mine but let me try\"}").status()).isEqualTo(404);
        assertThat(api.post(path + "/promote", creditToken, "{}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/deployments/" + name, creditToken).status()).isEqualTo(404);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(live.id())).state()).isEqualTo(DeploymentState.LIVE);

        // a promotion of what is no canary, and a rollback without a previous version, are refused and change nothing
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> deployments.promote(live.id())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("canary");
            assertThatThrownBy(() -> deployments.rollback(live.id(), "Try without a previous version"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no previous live version");
        });
        assertThat(personas.call(DS_FRAUD, () -> deployments.releases(name, null))).hasSize(1);
    }

    @Test
    void a_body_of_ten_megabytes_is_refused_before_it_is_parsed_declared_or_chunked() throws Exception {
        String token = serviceToken(fraud, unique("fraud-app"));
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://localhost:" + port + "/api/v1/serving/anything/predict");
        HttpResponse<String> declared = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(declared.body()).contains("at most");
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new java.io.ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("problems/content-too-large");
    }
}
