package io.esteira.deployments;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.ChangeRequestView;
import io.esteira.identity.TokenRequest;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.IntegrationTest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portal with the kubernetes target configured, pointing at fabric8's mock API server (CRUD
 * mode) and made the default target: the demo model {@code card_fraud} is requested, approved by a
 * risk and a governance reviewer, applied as a KServe InferenceService, and LIVE once KServe (the
 * test, writing the stored object's status) says Ready; its URL is then on the release.
 */
@IntegrationTest
class KubernetesDeploymentIntegrationTest extends DeploymentFixture {

    static final String PORTAL = "https://esteira.bank.example";
    static final ResourceDefinitionContext ISVC = new ResourceDefinitionContext.Builder().withGroup("serving.kserve.io")
            .withVersion("v1beta1").withKind("InferenceService").withPlural("inferenceservices").withNamespaced(true).build();
    static final KubernetesMockServer CLUSTER = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(List.of(new CustomResourceDefinitionContext.Builder().withGroup("serving.kserve.io")
                    .withVersion("v1beta1").withKind("InferenceService").withPlural("inferenceservices").withScope("Namespaced")
                    .withStatusSubresource(true).build())), false);
    /** Held, since the logging framework keeps loggers weakly; the mock server logs every request at INFO. */
    static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry properties) {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        synchronized (CLUSTER) {
            if (CLUSTER.getPort() <= 0) {
                CLUSTER.init();
            }
        }
        properties.add("esteira.deployments.kubernetes.master-url", () -> CLUSTER.url("/"));
        properties.add("esteira.deployments.kubernetes.portal-url", () -> PORTAL);
        properties.add("esteira.deployments.kubernetes.ready-timeout", () -> "PT90S");
        properties.add("esteira.deployments.kubernetes.poll-interval", () -> "PT0.2S");
        properties.add("esteira.deployments.default-target", () -> "kubernetes");
    }

    @AfterAll
    static void stopCluster() {
        CLUSTER.destroy();
    }

    KubernetesClient kube;

    @BeforeEach
    void connect() {
        kube = CLUSTER.createClient();
    }

    @Test
    void an_approved_deployment_of_the_demo_model_is_live_on_kserve_once_its_inference_service_is_ready_and_retiring_it_deletes_it() {
        assertThat(personas.call(DS_FRAUD, deployments::targets)).as("the default first").containsExactly("kubernetes", "embedded");
        String token = personas.call(ADMIN, () -> tokens.create(new TokenRequest(unique("fraud-app"), fraud,
                LocalDate.now().plusDays(3), true))).secret();
        String name = unique("fraud-kserve");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("versionId", demo.id().toString());
        body.put("name", name);
        body.put("environment", "PRODUCTION");
        body.put("resources", Map.of("replicas", 2, "cpu", "500m", "memory", "1Gi"));
        body.put("justification", "Card fraud scores for the authorisation flow, on the cluster");
        body.put("rollbackPlan", "Retire the deployment; the rules engine answers");

        // what KServe could not run is refused before anything is stored
        Map<String, Object> zeroCpu = new LinkedHashMap<>(body);
        zeroCpu.put("resources", Map.of("replicas", 1, "cpu", "0m"));
        Response refused = api.post("/api/v1/deployments", token, JSON.writeValueAsString(zeroCpu));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json().get("errors").get("resources.cpu").asString()).contains("between 1m and 64");
        Map<String, Object> batch = new LinkedHashMap<>(body);
        batch.put("mode", "BATCH");
        batch.put("name", unique("fraud-kserve-batch"));
        Response noBatch = api.post("/api/v1/deployments", token, JSON.writeValueAsString(batch));
        assertThat(noBatch.status()).isEqualTo(400);
        assertThat(noBatch.json().get("errors").get("mode").asString()).contains("kubernetes");

        Response created = api.post("/api/v1/deployments", token, JSON.writeValueAsString(body));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("target").asString()).isEqualTo("kubernetes");
        UUID changeId = UUID.fromString(created.json().get("changeId").asString());
        UUID releaseId = UUID.fromString(created.json().get("id").asString());
        assertThat(isvc(name)).as("nothing on the cluster before approval").isNull();

        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(changeId));
        ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(changeId, "Model risk: fine for online scoring",
                change.version()));
        assertThat(isvc(name)).as("one approval is not enough").isNull();
        personas.run(REVIEWER_GOV, () -> changeApprovals.approve(changeId, "Governance: evidence complete, go ahead", afterRisk.version()));

        GenericKubernetesResource applied = await("the InferenceService applied").atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200)).until(() -> isvc(name), java.util.Objects::nonNull);
        assertThat(applied.getMetadata().getLabels()).containsEntry("esteira.io/area", "FRAUD").containsEntry("esteira.io/model", "card_fraud")
                .containsEntry("esteira.io/model-version", String.valueOf(demo.number())).containsEntry("esteira.io/release", releaseId.toString())
                .containsEntry("esteira.io/change-request", changeId.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> predictor = (Map<String, Object>) ((Map<String, Object>) applied.getAdditionalProperties().get("spec")).get("predictor");
        assertThat(predictor).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 2).doesNotContainKey("canaryTrafficPercent");
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) predictor.get("model");
        assertThat(model.get("storageUri")).isEqualTo(PORTAL + "/api/v1/models/card_fraud/versions/" + demo.number() + "/artifact?area=" + fraud);
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(name, null)).state()).as("waits for KServe").isEqualTo(DeploymentState.DEPLOYING);

        String url = "http://" + name + ".esteira-fraud.kserve.bank.example";
        kube.genericKubernetesResources(ISVC).inNamespace("esteira-fraud").withName(name).editStatus(isvc -> {
            isvc.setAdditionalProperty("status", Map.of("observedGeneration", isvc.getMetadata().getGeneration(), "url", url,
                    "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
            return isvc;
        });

        DeploymentView live = await(name + " LIVE").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> deployments.get(name, null)), d -> d.state() == DeploymentState.LIVE);
        assertThat(live.servingUrl()).isEqualTo(url);
        assertThat(api.get("/api/v1/deployments/" + name, token).json().get("servingUrl").asString()).isEqualTo(url);
        audit.awaitEntry(AuditTrail.actionOn("deployment.live", live.id().toString()));

        // applications call KServe; the portal's predict endpoint says where, and scores nothing itself
        Response elsewhere = api.post("/api/v1/serving/" + name + "/predict", token,
                JSON.writeValueAsString(Map.of("rows", DeploymentScenarios.rows(2))));
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(400);
        assertThat(elsewhere.contentType()).contains("application/problem+json");
        assertThat(elsewhere.json().get("errors").get("deployment").asString()).contains("POST " + url + "/v2/models/" + name + "/infer");

        Response retired = api.post("/api/v1/deployments/releases/" + live.id() + "/retire", token,
                "{\"reason\": \"Replaced by the rules engine for now\"}");
        assertThat(retired.status()).as(retired.toString()).isEqualTo(200);
        assertThat(isvc(name)).as("the endpoint is gone from the cluster").isNull();
    }

    private GenericKubernetesResource isvc(String name) {
        return kube.genericKubernetesResources(ISVC).inNamespace("esteira-fraud").withName(name).get();
    }
}
