package io.esteira.models;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.FeatureGroupService;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.gates.QualityGates;
import io.esteira.models.pipeline.ModelPipeline;
import io.esteira.models.pipeline.PipelineStep;
import io.esteira.models.ui.ModelCards;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.domain.PageRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model registry: pipelines register versions through the API, quality gates pass and fail for
 * the right reasons, versions never change, aliases move audited, model cards render safely, and
 * every area sees only its own models (reviewers all of them).
 */
abstract class ModelRegistryScenarios {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration GATES = Duration.ofSeconds(90);
    /** A real ONNX model with the demo's signature, trained here on generated card transactions. */
    static final DemoModelTrainer.Trained MODEL = DemoModelTrainer.train(ModelTrainingTest.rows(6000));

    @Autowired
    ModelRegistry registry;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    Api api;
    @Autowired
    Environment environment;
    @Autowired
    QualityGates qualityGates;
    @Autowired
    ModelPipeline pipeline;
    @Autowired
    io.esteira.changes.ChangeQueries changeQueries;
    @Autowired
    io.esteira.changes.ChangeApprovals changeApprovals;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    UUID credit;
    UUID fraud;
    int featureVersion;

    @BeforeEach
    void prepare() {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        credit = all.stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        await("the demo feature group published").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> SystemActor.call(() -> {
                    try {
                        return featureGroups.getByName(DemoModelTrainer.FEATURE_GROUP).latestPublished().isPresent();
                    } catch (NotFoundException e) {
                        return false;
                    }
                }));
        featureVersion = SystemActor.call(() -> featureGroups.getByName(DemoModelTrainer.FEATURE_GROUP).latestPublished().orElseThrow().number());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    ModelView fraudModel(String name) {
        return personas.call(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, name, "Card fraud scores", "Fraud alerts", 2, null,
                List.of(new Threshold("auc", ">=", 0.6), new Threshold("log_loss", "<=", 0.5)))));
    }

    static Signature signature() {
        return new Signature(List.of(new TensorSpec("amount", "float", List.of(-1L, 1L)), new TensorSpec("merchant_category", "string", List.of(-1L, 1L)),
                new TensorSpec("channel", "string", List.of(-1L, 1L))), List.of(new TensorSpec(DemoModelTrainer.OUTPUT, "float", List.of(-1L, 1L))));
    }

    VersionMetadata metadata(Signature signature, Map<String, Double> metrics, String group, String sha256, String card) {
        return new VersionMetadata(signature, metrics, Map.of("epochs", "5"),
                new Lineage(List.of(new Lineage.FeatureGroupRef(group, group.equals(DemoModelTrainer.FEATURE_GROUP) ? featureVersion : 1)), "s3://snapshots/2026-06-01"),
                "0123456789abcdef0123456789abcdef01234567", "https://ci.bank.example/runs/42", card, sha256, null, null);
    }

    VersionMetadata good() {
        return metadata(signature(), Map.of("auc", 0.72, "log_loss", 0.04), DemoModelTrainer.FEATURE_GROUP, DemoModelTrainer.sha256(MODEL.onnx()), "# A model");
    }

    VersionView register(String persona, UUID modelId, VersionMetadata metadata, byte[] artifact) {
        return personas.call(persona, () -> registry.register(modelId, metadata, artifact == null ? null : new ByteArrayInputStream(artifact)));
    }

    VersionView awaitGates(UUID modelId, int number) {
        return await("the gates of v" + number).atMost(GATES).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> registry.version(modelId, number)), VersionView::gatesDone);
    }

    static GateResult gate(VersionView v, String gate) {
        return v.gateResults().stream().filter(g -> g.gate().equals(gate)).findFirst().orElseThrow();
    }

    String serviceToken(UUID area, String name) {
        return personas.call(ADMIN, () -> tokens.create(new TokenRequest(name, area, LocalDate.now().plusDays(3), true))).secret();
    }

    Response multipart(String path, String token, String metadata, byte[] artifact) {
        String boundary = "----esteira" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + metadata + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (artifact != null) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"model.onnx\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            parts.add(artifact);
            parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] download(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + DemoModelTrainer.sha256(response.body()) + "\"");
        return response.body();
    }

    String base() {
        return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
    }

    @Test
    void the_demo_model_is_trained_by_its_java_training_job_registered_passes_its_gates_and_is_champion() {
        ModelView demo = await("the demo model's champion").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> {
                    try {
                        return registry.getByName(DemoModelTrainer.MODEL, fraud);
                    } catch (NotFoundException e) {
                        return null;
                    }
                }), m -> m != null && m.champion().isPresent());
        VersionView v1 = personas.call(DS_FRAUD, () -> registry.production(demo.id())).orElseThrow();
        assertThat(v1.number()).isEqualTo(1);
        assertThat(v1.gates()).as(v1.gateResults().toString()).isEqualTo("PASSED");
        assertThat(v1.gateResults()).extracting(GateResult::gate)
                .containsExactly("ONNX_LOADS", "SIGNATURE_FEATURES", "METRIC_THRESHOLDS", "SMOKE_PREDICTION", "CHECKSUM");
        assertThat(v1.metrics().get("auc")).isGreaterThanOrEqualTo(0.65);
        assertThat(v1.registeredBy()).as("the data scientist who runs the demo's training job").isEqualTo("ds.fraud");
        assertThat(v1.parameters()).containsEntry("training.job", "card-fraud-train").containsEntry("decision_threshold", "0.01");
        assertThat(v1.lineage().featureGroups()).extracting(Lineage.FeatureGroupRef::name).containsExactly(DemoModelTrainer.FEATURE_GROUP);
        assertThat(v1.modelCard()).contains("Logistic regression (Tribuo)");
        assertThat(gate(v1, "SMOKE_PREDICTION").message()).contains("rows from the registration's sample rows scored");
        assertThat(demo.riskTier()).isEqualTo(2);
        personas.run(REVIEWER_GOV, () -> assertThat(registry.getByName(DemoModelTrainer.MODEL, null).aliases()).containsEntry("champion", 1));
    }

    @Test
    void a_pipeline_registers_a_version_through_the_api_and_its_gates_pass() throws Exception {
        String token = serviceToken(fraud, unique("fraud-ci"));
        String name = unique("card-fraud-api");
        Response created = api.post("/api/v1/models", token, """
                {"name": "%s", "description": "Scores card transactions", "useCase": "Fraud alerts", "riskTier": 1,
                 "thresholds": [{"metric": "auc", "operator": ">=", "value": 0.6}]}""".formatted(name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("area").asString()).isEqualTo("Fraud");

        Response registered = multipart("/api/v1/models/" + name + "/versions", token, JSON.writeValueAsString(good()), MODEL.onnx());
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        JsonNode version = registered.json();
        assertThat(version.get("number").asInt()).isEqualTo(1);
        assertThat(version.get("sha256").asString()).isEqualTo(DemoModelTrainer.sha256(MODEL.onnx()));
        assertThat(version.get("registeredBy").asString()).startsWith("svc.").contains("(token ");
        assertThat(version.get("registeredByType").asString()).isEqualTo("PIPELINE");
        audit.awaitEntry(AuditTrail.action("model.version-registered"));

        JsonNode gated = await().atMost(GATES).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/models/" + name + "/versions/1", token).json(), j -> !Arrays.asList("PENDING", "RUNNING").contains(j.get("gates").asString()));
        assertThat(gated.get("gates").asString()).as(gated.toString()).isEqualTo("PASSED");
        assertThat(gated.get("gateResults").size()).isEqualTo(5);
        gated.get("gateResults").forEach(g -> assertThat(g.get("state").asString()).as(g.toString()).isEqualTo("PASSED"));
        audit.awaitEntry(AuditTrail.action("model.gates"));

        assertThat(api.get("/api/v1/models/" + name + "/versions", token).json().get("content").get(0).get("gates").asString()).isEqualTo("PASSED");
        assertThat(api.get("/api/v1/models?q=" + name, token).json().get("content").get(0).get("latestGates").asString()).isEqualTo("PASSED");
        assertThat(download("/api/v1/models/" + name + "/versions/1/artifact", token)).isEqualTo(MODEL.onnx());
        audit.awaitEntry(AuditTrail.action("model.artifact-downloaded"));
        assertThat(api.get("/api/v1/models/" + name + "/versions/1/pipeline", token).json().get(2).get("state").asString()).isEqualTo("NOT_YET");

        // a second registration is version 2; versions have no update path
        Response second = multipart("/api/v1/models/" + name + "/versions", token, JSON.writeValueAsString(good()), MODEL.onnx());
        assertThat(second.json().get("number").asInt()).isEqualTo(2);
        assertThat(api.put("/api/v1/models/" + name + "/versions/1", token, null, "{\"modelCard\": \"changed\"}").status()).isIn(404, 405);
        assertThat(api.get("/api/v1/models/" + name + "/versions/1", token).json().get("modelCard").asString()).isEqualTo("# A model");

        // bad metadata is refused with the field named, and nothing is stored
        Response bad = multipart("/api/v1/models/" + name + "/versions", token, "{\"signature\": {}}", MODEL.onnx());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).contains("application/problem+json");
        assertThat(bad.json().get("errors").has("signature")).isTrue();
        Response unknownGroup = multipart("/api/v1/models/" + name + "/versions", token,
                JSON.writeValueAsString(metadata(signature(), Map.of("auc", 0.7), "no_such_group", null, "")), MODEL.onnx());
        assertThat(unknownGroup.status()).isEqualTo(400);
        assertThat(unknownGroup.json().get("errors").get("lineage").asString()).contains("no_such_group");
        assertThat(api.get("/api/v1/models/" + name, token).json().get("versionCount").asInt()).isEqualTo(2);

        // another area's pipeline finds nothing
        String creditToken = serviceToken(credit, unique("credit-ci"));
        assertThat(api.get("/api/v1/models/" + name, creditToken).status()).isEqualTo(404);
        assertThat(multipart("/api/v1/models/" + name + "/versions", creditToken, JSON.writeValueAsString(good()), MODEL.onnx()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/models/" + name + "/versions/1/artifact", creditToken).status()).isEqualTo(404);
        assertThat(api.put("/api/v1/models/" + name + "/aliases/champion", creditToken, null, "{\"version\": 1}").status()).isEqualTo(404);
    }

    @Test
    void gates_fail_for_the_right_reasons() {
        ModelView model = fraudModel(unique("card-fraud-gates"));
        byte[] corrupt = "this is not an onnx file".getBytes(StandardCharsets.UTF_8);
        VersionView corrupted = register(DS_FRAUD, model.id(), metadata(signature(), Map.of("auc", 0.7, "log_loss", 0.1),
                DemoModelTrainer.FEATURE_GROUP, DemoModelTrainer.sha256(corrupt), ""), corrupt);
        VersionView missingMetric = register(DS_FRAUD, model.id(), metadata(signature(), Map.of("log_loss", 0.1),
                DemoModelTrainer.FEATURE_GROUP, DemoModelTrainer.sha256(MODEL.onnx()), ""), MODEL.onnx());
        VersionView belowThreshold = register(DS_FRAUD, model.id(), metadata(signature(), Map.of("auc", 0.51, "log_loss", 0.1),
                DemoModelTrainer.FEATURE_GROUP, DemoModelTrainer.sha256(MODEL.onnx()), ""), MODEL.onnx());
        VersionView notFeatures = register(DS_FRAUD, model.id(), metadata(signature(), Map.of("auc", 0.7, "log_loss", 0.1),
                "customer_profile", DemoModelTrainer.sha256(MODEL.onnx()), ""), MODEL.onnx());
        Signature wrongType = new Signature(List.of(new TensorSpec("amount", "int64", List.of(-1L, 1L)),
                new TensorSpec("merchant_category", "string", List.of(-1L, 1L)), new TensorSpec("channel", "string", List.of(-1L, 1L))),
                signature().outputs());
        VersionView declaredOtherwise = register(DS_FRAUD, model.id(), metadata(wrongType, Map.of("auc", 0.7, "log_loss", 0.1),
                DemoModelTrainer.FEATURE_GROUP, DemoModelTrainer.sha256(MODEL.onnx()), ""), MODEL.onnx());
        VersionView wrongChecksum = register(DS_FRAUD, model.id(), metadata(signature(), Map.of("auc", 0.7, "log_loss", 0.1),
                DemoModelTrainer.FEATURE_GROUP, DemoModelTrainer.sha256(corrupt), ""), MODEL.onnx());
        assertThat(List.of(corrupted, missingMetric, belowThreshold, notFeatures, declaredOtherwise, wrongChecksum))
                .extracting(VersionView::number).containsExactly(1, 2, 3, 4, 5, 6);

        VersionView v = awaitGates(model.id(), 1);
        assertThat(v.gates()).isEqualTo("FAILED");
        assertThat(gate(v, "ONNX_LOADS").state()).isEqualTo("FAILED");
        assertThat(gate(v, "ONNX_LOADS").message()).contains("cannot load");
        assertThat(gate(v, "SMOKE_PREDICTION").state()).isEqualTo("SKIPPED");
        assertThat(gate(v, "CHECKSUM").state()).isEqualTo("PASSED");

        v = awaitGates(model.id(), 2);
        assertThat(v.gates()).isEqualTo("FAILED");
        assertThat(gate(v, "METRIC_THRESHOLDS").message()).contains("auc is missing");
        assertThat(v.gateResults()).filteredOn(g -> !g.gate().equals("METRIC_THRESHOLDS")).allMatch(GateResult::passed);

        v = awaitGates(model.id(), 3);
        assertThat(gate(v, "METRIC_THRESHOLDS").state()).isEqualTo("FAILED");
        assertThat(gate(v, "METRIC_THRESHOLDS").message()).contains("auc = 0.51 does not meet auc >= 0.6");

        v = awaitGates(model.id(), 4);
        assertThat(gate(v, "SIGNATURE_FEATURES").state()).isEqualTo("FAILED");
        assertThat(gate(v, "SIGNATURE_FEATURES").message()).contains("amount is not a feature of [customer_profile v1]");
        assertThat(gate(v, "ONNX_LOADS").state()).isEqualTo("PASSED");

        v = awaitGates(model.id(), 5);
        assertThat(gate(v, "ONNX_LOADS").state()).isEqualTo("FAILED");
        assertThat(gate(v, "ONNX_LOADS").message()).contains("amount is float in the artifact, declared int64");
        assertThat(gate(v, "SIGNATURE_FEATURES").state()).isEqualTo("PASSED");

        v = awaitGates(model.id(), 6);
        assertThat(gate(v, "CHECKSUM").state()).isEqualTo("FAILED");
        assertThat(gate(v, "CHECKSUM").message()).contains("declared " + DemoModelTrainer.sha256(corrupt));
        assertThat(v.passedGates()).isFalse();
    }

    @Test
    void gates_a_dead_node_left_running_are_taken_over_at_start_up_and_a_live_nodes_are_not() {
        ModelView model = fraudModel(unique("card-fraud-resume"));
        VersionView v1 = register(DS_FRAUD, model.id(), good(), MODEL.onnx());
        VersionView v2 = register(DS_FRAUD, model.id(), good(), MODEL.onnx());
        awaitGates(model.id(), 1);
        awaitGates(model.id(), 2);
        // as if v1's node died an hour into its gates, and v2's gates run on another node right now
        jdbc.update("delete from model_gate_result where version_id in (?, ?)", v1.id(), v2.id());
        jdbc.update("update model_version set gates_state = 'RUNNING', gates_node = 'dead-node', gates_finished_at = null, "
                + "gates_started_at = ? where id = ?", java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(1))), v1.id());
        jdbc.update("update model_version set gates_state = 'RUNNING', gates_node = 'busy-node', gates_finished_at = null, "
                + "gates_started_at = ? where id = ?", java.sql.Timestamp.from(java.time.Instant.now()), v2.id());

        qualityGates.resume();

        VersionView resumed = awaitGates(model.id(), 1);
        assertThat(resumed.gates()).isEqualTo("PASSED");
        assertThat(resumed.gateResults()).hasSize(5);
        assertThat(personas.call(DS_FRAUD, () -> registry.version(model.id(), 2)).gates()).isEqualTo("RUNNING");
        assertThat(personas.call(DS_FRAUD, () -> registry.versionById(v2.id())).number()).isEqualTo(2);
    }

    @Test
    void artifacts_are_stored_in_chunks_and_one_over_the_limit_is_refused_whole() throws Exception {
        ModelView model = fraudModel(unique("card-fraud-large"));
        byte[] large = new byte[3 * 1024 * 1024 + 12345]; // four chunks, the last one short
        new java.util.Random(42).nextBytes(large);
        VersionMetadata m = metadata(signature(), Map.of("auc", 0.7, "log_loss", 0.1), DemoModelTrainer.FEATURE_GROUP, DemoModelTrainer.sha256(large), "");
        VersionView v = register(DS_FRAUD, model.id(), m, large);
        assertThat(v.artifactSize()).isEqualTo(large.length);
        assertThat(v.sha256()).isEqualTo(DemoModelTrainer.sha256(large));
        assertThat(jdbc.queryForObject("select count(*) from model_artifact_chunk where version_id = ?", Integer.class, v.id())).isEqualTo(4);
        VersionView gated = awaitGates(model.id(), 1);
        assertThat(gate(gated, "CHECKSUM").state()).isEqualTo("PASSED");
        assertThat(gate(gated, "ONNX_LOADS").state()).isEqualTo("FAILED");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        personas.run(DS_FRAUD, () -> registry.download(model.id(), 1).writer().accept(out));
        assertThat(out.toByteArray()).isEqualTo(large);

        byte[] tooLarge = new byte[8 * 1024 * 1024 + 1];
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> registry.register(model.id(), m, new ByteArrayInputStream(tooLarge)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("larger than 8 MiB"));
        assertThat(personas.call(DS_FRAUD, () -> registry.get(model.id())).versionCount()).as("nothing half-written").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from model_artifact_chunk c join model_version v on v.id = c.version_id "
                + "where v.model_id = ?", Integer.class, model.id())).isEqualTo(4);
        Response refused = multipart("/api/v1/models/" + model.name() + "/versions", serviceToken(fraud, unique("fraud-ci")),
                JSON.writeValueAsString(m), tooLarge);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).contains("application/problem+json");
    }

    @Test
    void an_external_artifact_is_registered_but_cannot_pass_every_gate() {
        ModelView model = fraudModel(unique("card-fraud-external"));
        VersionMetadata m = good();
        VersionMetadata external = new VersionMetadata(m.signature(), m.metrics(), m.parameters(), m.lineage(), m.commit(), m.ciRunUrl(),
                m.modelCard(), null, "s3://models/card-fraud/7/model.bin", null);
        VersionView v = register(DS_FRAUD, model.id(), external, null);
        assertThat(v.format()).isEqualTo("EXTERNAL");
        v = awaitGates(model.id(), 1);
        assertThat(v.gates()).isEqualTo("INCOMPLETE");
        assertThat(gate(v, "ONNX_LOADS").state()).isEqualTo("SKIPPED");
        assertThat(gate(v, "METRIC_THRESHOLDS").state()).isEqualTo("PASSED");
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> registry.download(model.id(), 1)).isInstanceOf(InvalidRequestException.class));
    }

    @Test
    void aliases_point_at_versions_and_moving_them_is_audited() {
        ModelView model = fraudModel(unique("card-fraud-alias"));
        register(DS_FRAUD, model.id(), good(), MODEL.onnx());
        register(DS_FRAUD, model.id(), good(), MODEL.onnx());
        personas.run(DS_FRAUD, () -> {
            registry.moveAlias(model.id(), "champion", 1);
            registry.moveAlias(model.id(), "challenger", 2);
            assertThat(registry.get(model.id()).aliases()).containsExactly(Map.entry("challenger", 2), Map.entry("champion", 1));
            assertThat(registry.production(model.id()).orElseThrow().number()).isEqualTo(1);
            ModelView moved = registry.moveAlias(model.id(), "champion", 2);
            assertThat(moved.champion()).contains(2);
            assertThat(registry.version(model.id(), 2).aliases()).containsExactly("challenger", "champion");
            assertThatThrownBy(() -> registry.moveAlias(model.id(), "champion", 9)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("no version 9");
            assertThatThrownBy(() -> registry.moveAlias(model.id(), "Champion!", 1)).isInstanceOf(InvalidRequestException.class);
        });
        // three moves, written to the audit log in the background: champion from none to 1, challenger to 2, champion from 1 to 2
        await().atMost(AuditTrail.PATIENCE).until(() -> audit.entries(AuditTrail.actionOn("model.alias-moved", model.id().toString()), 10).size() == 3);
        assertThat(audit.entries(AuditTrail.actionOn("model.alias-moved", model.id().toString()), 10))
                .anySatisfy(e -> assertThat(e.details()).contains("\"alias\":\"champion\"").contains("\"from\":\"1\"").contains("\"to\":2"));
        personas.run(REVIEWER_GOV, () -> assertThatThrownBy(() -> registry.moveAlias(model.id(), "champion", 1))
                .isInstanceOf(ForbiddenException.class));
    }

    @Test
    void every_area_sees_only_its_own_models_and_reviewers_read_them_all() {
        ModelView fraudOnly = fraudModel(unique("card-fraud-private"));
        ModelView creditModel = personas.call(DS_CREDIT, () -> registry.create(new ModelDraft(credit, unique("pd-retail"), "", "Probability of default",
                1, null, List.of(Threshold.parse("auc >= 0.70")))));
        register(DS_FRAUD, fraudOnly.id(), good(), MODEL.onnx());

        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> registry.get(fraudOnly.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> registry.getByName(fraudOnly.name(), null)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> registry.version(fraudOnly.id(), 1)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> registry.register(fraudOnly.id(), good(), new ByteArrayInputStream(MODEL.onnx()))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> registry.download(fraudOnly.id(), 1)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> registry.create(new ModelDraft(fraud, unique("intruder"), "", "x", 3, null, List.of())))
                    .isInstanceOf(NotFoundException.class);
            assertThat(registry.list(null, fraudOnly.name(), PageRequest.of(0, 10))).isEmpty();
        });
        personas.run(MANAGER_CREDIT, () -> {
            assertThat(registry.get(creditModel.id()).name()).isEqualTo(creditModel.name());
            assertThatThrownBy(() -> registry.register(creditModel.id(), good(), new ByteArrayInputStream(MODEL.onnx())))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> registry.create(new ModelDraft(credit, unique("by-manager"), "", "x", 3, null, List.of())))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> registry.get(fraudOnly.id())).isInstanceOf(NotFoundException.class);
        });
        personas.run(REVIEWER_GOV, () -> {
            assertThat(registry.get(fraudOnly.id()).area()).isEqualTo("Fraud");
            assertThat(registry.version(fraudOnly.id(), 1).registeredBy()).isEqualTo(DS_FRAUD);
            assertThat(registry.list(null, "", PageRequest.of(0, 500)).getContent()).extracting(ModelSummary::name)
                    .contains(fraudOnly.name(), creditModel.name());
            assertThatThrownBy(() -> registry.register(fraudOnly.id(), good(), new ByteArrayInputStream(MODEL.onnx())))
                    .isInstanceOf(ForbiddenException.class);
        });
        String fraudToken = serviceToken(fraud, unique("fraud-ci"));
        assertThat(api.get("/api/v1/models/" + creditModel.name(), fraudToken).status()).isEqualTo(404);
        String managerToken = personas.call(MANAGER_CREDIT, () -> tokens.create(new TokenRequest(unique("mgr"), null, LocalDate.now().plusDays(2), false))).secret();
        assertThat(api.get("/api/v1/models/" + creditModel.name(), managerToken).status()).isEqualTo(200);
        Response refused = multipart("/api/v1/models/" + creditModel.name() + "/versions", managerToken, JSON.writeValueAsString(good()), MODEL.onnx());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).contains("application/problem+json");
    }

    @Test
    void a_models_name_is_url_safe_and_unique_in_its_area() {
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> registry.create(new ModelDraft(fraud, "Card Fraud!", "", "x", 2, null, List.of())))
                    .isInstanceOf(InvalidRequestException.class).satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("name"));
            assertThatThrownBy(() -> registry.create(new ModelDraft(fraud, "ok-name", "", "x", 4, null, List.of())))
                    .isInstanceOf(InvalidRequestException.class).satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("riskTier"));
            String name = unique("dup");
            registry.create(new ModelDraft(fraud, name, "", "x", 2, null, List.of()));
            assertThatThrownBy(() -> registry.create(new ModelDraft(fraud, name, "", "x", 2, null, List.of())))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already");
        });
        String same = unique("shared-name");
        personas.run(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, same, "", "x", 2, null, List.of())));
        personas.run(DS_CREDIT, () -> registry.create(new ModelDraft(credit, same, "", "x", 2, null, List.of())));
        personas.run(REVIEWER_GOV, () -> {
            assertThatThrownBy(() -> registry.getByName(same, null)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("say which area");
            assertThat(registry.getByName(same, credit).area()).isEqualTo("Credit Risk");
        });
    }

    @Test
    void a_script_in_the_model_card_is_shown_as_text() {
        ModelView model = fraudModel(unique("card-fraud-card"));
        String card = "# Card\n<script>alert('x')</script>\n\n[click](javascript:alert(1)) <iframe src=\"https://evil.example\"></iframe>";
        VersionView v = register(DS_FRAUD, model.id(), metadata(signature(), Map.of("auc", 0.7, "log_loss", 0.1), DemoModelTrainer.FEATURE_GROUP,
                DemoModelTrainer.sha256(MODEL.onnx()), card), MODEL.onnx());
        String html = ModelCards.html(v.modelCard());
        assertThat(v.modelCard()).isEqualTo(card);
        assertThat(html).contains("&lt;script&gt;").doesNotContain("<script").doesNotContain("<iframe").doesNotContain("javascript:");
    }

    @Test
    void a_version_goes_to_production_only_with_its_evidence_and_two_reviewers_neither_of_whom_proposed_it() {
        ModelView model = fraudModel(unique("card-fraud"));
        VersionView v1 = register(DS_FRAUD, model.id(), good(), MODEL.onnx());
        awaitGates(model.id(), 1);
        var request = personas.call(DS_FRAUD, () -> pipeline.requestChange(v1.id(), io.esteira.changes.Environment.PRODUCTION, false,
                "Replaces the rules engine for card fraud alerts in production", null, null, "Move the champion alias back"));
        assertThat(request.type()).isEqualTo(io.esteira.changes.ChangeType.NORMAL);
        assertThat(request.subjectLabel()).isEqualTo(model.name() + " v1");
        assertThat(request.authorIds()).as("who registered the version").contains(v1.registeredById());
        List<io.esteira.changes.EvidenceSection> evidence = personas.call(REVIEWER_GOV, () -> changeQueries.evidence(request.id()));
        assertThat(evidence).extracting(io.esteira.changes.EvidenceSection::title).contains("Model card", "Quality gates",
                "Metrics against no version in production", "Data lineage");
        assertThat(evidence.stream().filter(e -> e.title().equals("Data lineage")).findFirst().orElseThrow().content())
                .contains(DemoModelTrainer.FEATURE_GROUP, "0123456789abcdef");
        assertThat(personas.call(DS_FRAUD, () -> pipeline.steps(model.id(), 1))).extracting(PipelineStep::name, PipelineStep::state)
                .contains(org.assertj.core.groups.Tuple.tuple("Change request", PipelineStep.State.DONE),
                        org.assertj.core.groups.Tuple.tuple("Approved for production", PipelineStep.State.RUNNING));

        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> changeApprovals.approve(request.id(), "Looks right to me, ship it", request.version()))
                .isInstanceOf(ForbiddenException.class));
        var afterRisk = personas.call(io.esteira.support.Personas.REVIEWER_RISK, () -> changeApprovals.approve(request.id(),
                "Model risk: validation evidence is sufficient for tier 2", request.version()));
        assertThat(afterRisk.state()).isEqualTo(io.esteira.changes.ChangeState.SUBMITTED);
        var approved = personas.call(REVIEWER_GOV, () -> changeApprovals.approve(request.id(), "Governance: lineage and card complete",
                afterRisk.version()));
        assertThat(approved.state()).isEqualTo(io.esteira.changes.ChangeState.APPROVED);
        assertThat(personas.call(DS_FRAUD, () -> pipeline.steps(model.id(), 1))).filteredOn(s -> s.name().equals("Approved for production"))
                .singleElement().satisfies(s -> {
                    assertThat(s.state()).isEqualTo(PipelineStep.State.DONE);
                    assertThat(s.who()).contains("Rita Moreira").contains("Gustavo Pires");
                });
        assertThat(personas.call(DS_FRAUD, () -> pipeline.approvalState(v1.id()))).isEqualTo("production: approved");
    }

    @Test
    void a_version_that_failed_its_gates_cannot_be_proposed_and_another_area_cannot_propose_one() {
        ModelView model = fraudModel(unique("card-fraud"));
        VersionView broken = register(DS_FRAUD, model.id(), metadata(signature(), Map.of("auc", 0.7, "log_loss", 0.1), DemoModelTrainer.FEATURE_GROUP,
                DemoModelTrainer.sha256("not onnx".getBytes(StandardCharsets.UTF_8)), "# broken"), "not onnx".getBytes(StandardCharsets.UTF_8));
        awaitGates(model.id(), 1);
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> pipeline.requestChange(broken.id(), io.esteira.changes.Environment.STAGING, false,
                "Try the broken one in staging, please", null, null, null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("has not passed its quality gates"));
        VersionView good = register(DS_FRAUD, model.id(), good(), MODEL.onnx());
        awaitGates(model.id(), 2);
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> pipeline.requestChange(good.id(), io.esteira.changes.Environment.STAGING, false,
                "Another area tries to deploy Fraud's model", null, null, null)).isInstanceOf(NotFoundException.class));
        // the generic API reaches the same subject: a pipeline token of the area proposes, a reviewer of the other kind reads it
        String token = serviceToken(fraud, unique("ci"));
        Response created = api.post("/api/v1/change-requests", token, "{\"subjectType\": \"model-version\", \"subjectId\": \"" + good.id()
                + "\", \"environment\": \"STAGING\", \"justification\": \"Nightly pipeline proposes the new version for staging\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("type").asString()).isEqualTo("NORMAL"); // tier 2: never standard
        String creditToken = serviceToken(credit, unique("ci"));
        assertThat(api.post("/api/v1/change-requests", creditToken, "{\"subjectType\": \"model-version\", \"subjectId\": \"" + good.id()
                + "\", \"environment\": \"STAGING\", \"justification\": \"Another area's pipeline tries the same version\"}").status())
                .isEqualTo(404);
    }
}
