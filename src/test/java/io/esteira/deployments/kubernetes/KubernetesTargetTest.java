package io.esteira.deployments.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.Rollout;
import io.esteira.deployments.ServingMode;
import io.esteira.deployments.domain.Deployment;
import io.esteira.models.Signature;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes target against fabric8's mock API server in CRUD mode, which stores what is applied;
 * the test plays KServe by writing the InferenceService's status.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesTargetTest {

    static final String PORTAL = "https://esteira.bank.example";
    static final String NAMESPACE = "esteira-fraud";
    static final UUID AREA = UUID.fromString("0a0a0a0a-0000-4000-8000-00000000f4a0");
    static final UUID MODEL = UUID.randomUUID();
    /** Held, since the logging framework keeps loggers weakly; the mock server logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    KubernetesClient client;
    KubernetesMockServer server;

    final Releases releases = new Releases();
    KubernetesTarget target;

    @BeforeEach
    void setUp() {
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("serving.kserve.io").withVersion("v1beta1")
                .withKind("InferenceService").withPlural("inferenceservices").withScope("Namespaced").withStatusSubresource(true).build());
        target = new KubernetesTarget(KServeProperties.defaults(PORTAL).withTimeouts(Duration.ofSeconds(20), Duration.ofMillis(50)), releases,
                client);
    }

    @AfterEach
    void tearDown() {
        target.destroy();
    }

    @Test
    void an_all_at_once_release_is_an_onnx_inference_service_in_its_areas_namespace_live_once_kserve_says_ready() throws Exception {
        VersionView v1 = releases.version(1, "ONNX", null);
        Deployment release = release("card-fraud", v1, Rollout.ALL_AT_ONCE, null, 2, "500m", "1Gi");

        CompletableFuture<Void> deploying = CompletableFuture.runAsync(() -> target.deploy(release, v1));
        GenericKubernetesResource isvc = awaitIsvc("card-fraud");
        assertThat(deploying).as("waits for Ready").isNotDone();
        kserveSays("card-fraud", "True", null, null, "http://card-fraud.esteira-fraud.kserve.bank.example");
        deploying.get(10, TimeUnit.SECONDS);

        assertThat(isvc.getApiVersion()).isEqualTo("serving.kserve.io/v1beta1");
        assertThat(isvc.getKind()).isEqualTo("InferenceService");
        assertThat(isvc.getMetadata().getLabels()).containsEntry("esteira.io/area", "FRAUD").containsEntry("esteira.io/model", "card_fraud")
                .containsEntry("esteira.io/model-version", "1").containsEntry("esteira.io/release", release.getId().toString())
                .containsEntry("esteira.io/change-request", release.getChangeId().toString());
        assertThat(isvc.getMetadata().getAnnotations()).containsEntry("esteira.io/area-id", AREA.toString())
                .containsEntry("esteira.io/model-version-id", v1.id().toString()).containsEntry("esteira.io/environment", "production");
        Map<String, Object> predictor = predictor(isvc);
        assertThat(predictor).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 2).doesNotContainKey("canaryTrafficPercent")
                .doesNotContainKey("serviceAccountName");
        Map<String, Object> model = map(predictor.get("model"));
        assertThat(model.get("modelFormat")).isEqualTo(Map.of("name", "onnx"));
        assertThat(model).containsEntry("protocolVersion", "v2").doesNotContainKey("runtime");
        assertThat(model.get("storageUri")).isEqualTo(PORTAL + "/api/v1/models/card_fraud/versions/1/artifact?area=" + AREA);
        assertThat(model.get("resources")).isEqualTo(Map.of("requests", Map.of("cpu", "500m", "memory", "1Gi"),
                "limits", Map.of("cpu", "500m", "memory", "1Gi")));
        assertThat(map(predictor.get("labels"))).containsEntry("esteira.io/area", "FRAUD");
        assertThat(client.namespaces().withName(NAMESPACE).get().getMetadata().getLabels()).containsEntry("esteira.io/area-id", AREA.toString());
        assertThat(releases.urls).containsEntry(release.getId(), "http://card-fraud.esteira-fraud.kserve.bank.example");
    }

    @Test
    void an_external_artifact_is_fetched_from_its_own_address_with_the_configured_service_account_and_runtime() {
        target = new KubernetesTarget(KServeProperties.defaults("").withTimeouts(Duration.ofSeconds(20), Duration.ofMillis(50))
                .withServiceAccountAndRuntime("kserve-storage", "kserve-tritonserver"), releases, client);
        VersionView external = releases.version(3, "EXTERNAL", "s3://models/card_fraud/3/");
        Deployment release = release("card-fraud-ext", external, Rollout.ALL_AT_ONCE, null, 1, null, null);

        deployReady(release, external);

        Map<String, Object> predictor = predictor(isvc("card-fraud-ext"));
        assertThat(predictor).containsEntry("serviceAccountName", "kserve-storage");
        Map<String, Object> model = map(predictor.get("model"));
        assertThat(model).containsEntry("storageUri", "s3://models/card_fraud/3/").containsEntry("runtime", "kserve-tritonserver");
        assertThat(model.get("resources")).as("the target's defaults").isEqualTo(Map.of("requests", Map.of("cpu", "1", "memory", "1Gi"),
                "limits", Map.of("cpu", "1", "memory", "1Gi")));
    }

    @Test
    void a_canary_is_applied_with_its_traffic_percent_and_promoting_it_applies_it_again_at_100_percent() {
        VersionView v1 = releases.version(1, "ONNX", null);
        VersionView v2 = releases.version(2, "ONNX", null);
        Deployment stable = release("card-fraud", v1, Rollout.ALL_AT_ONCE, null, 1, null, null);
        deployReady(stable, v1);
        releases.live(stable);

        Deployment canary = release("card-fraud", v2, Rollout.CANARY, 10, 1, null, null);
        deployReady(canary, v2);
        Map<String, Object> predictor = predictor(isvc("card-fraud"));
        assertThat(predictor).containsEntry("canaryTrafficPercent", 10);
        assertThat(map(predictor.get("model")).get("storageUri")).asString().contains("/versions/2/");
        assertThat(isvc("card-fraud").getMetadata().getLabels()).containsEntry("esteira.io/model-version", "2")
                .containsEntry("esteira.io/release", canary.getId().toString());

        canary.promote(java.time.Instant.now());
        target.promoted(canary, v2);
        target.retired(stable, true);

        predictor = predictor(isvc("card-fraud"));
        assertThat(predictor).doesNotContainKey("canaryTrafficPercent");
        assertThat(map(predictor.get("model")).get("storageUri")).asString().contains("/versions/2/");
        assertThat(client.genericKubernetesResources(InferenceServiceManifest.CONTEXT).inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    }

    @Test
    void retiring_a_canary_applies_the_stable_version_again_at_100_percent_and_a_replaced_release_leaves_the_service_alone() {
        VersionView v1 = releases.version(1, "ONNX", null);
        VersionView v2 = releases.version(2, "ONNX", null);
        Deployment stable = release("card-fraud", v1, Rollout.ALL_AT_ONCE, null, 1, null, null);
        deployReady(stable, v1);
        releases.live(stable);
        Deployment canary = release("card-fraud", v2, Rollout.CANARY, 25, 1, null, null);
        deployReady(canary, v2);

        target.retired(canary, true);

        Map<String, Object> predictor = predictor(isvc("card-fraud"));
        assertThat(predictor).doesNotContainKey("canaryTrafficPercent");
        assertThat(map(predictor.get("model")).get("storageUri")).asString().contains("/versions/1/");
        assertThat(isvc("card-fraud").getMetadata().getLabels()).containsEntry("esteira.io/release", stable.getId().toString());

        // v2 all at once replaces v1: retiring v1 afterwards changes nothing
        Deployment next = release("card-fraud", v2, Rollout.ALL_AT_ONCE, null, 1, null, null);
        deployReady(next, v2);
        releases.live(next);
        String before = isvc("card-fraud").getMetadata().getResourceVersion();
        target.retired(stable, true);
        assertThat(isvc("card-fraud").getMetadata().getResourceVersion()).isEqualTo(before);
        assertThat(isvc("card-fraud").getMetadata().getLabels()).containsEntry("esteira.io/release", next.getId().toString());
    }

    @Test
    void retiring_the_last_release_of_an_endpoint_deletes_its_inference_service() {
        VersionView v1 = releases.version(1, "ONNX", null);
        Deployment release = release("card-fraud", v1, Rollout.ALL_AT_ONCE, null, 1, null, null);
        deployReady(release, v1);

        target.retired(release, false);

        assertThat(isvcOrNull("card-fraud")).isNull();
    }

    @Test
    void ready_false_fails_the_release_with_kserves_reason_and_sets_the_service_back_to_the_live_release() {
        VersionView v1 = releases.version(1, "ONNX", null);
        VersionView v2 = releases.version(2, "ONNX", null);
        Deployment stable = release("card-fraud", v1, Rollout.ALL_AT_ONCE, null, 1, null, null);
        deployReady(stable, v1);
        releases.live(stable);
        Deployment broken = release("card-fraud", v2, Rollout.ALL_AT_ONCE, null, 1, null, null);

        CompletableFuture<Void> deploying = CompletableFuture.runAsync(() -> target.deploy(broken, v2));
        await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(isvc("card-fraud").getMetadata().getLabels().get("esteira.io/model-version")));
        kserveSays("card-fraud", "False", "RevisionFailed", "Revision \"card-fraud-predictor-00002\" failed with message: "
                + "container kserve-container exited: model.onnx not found", null);

        assertThatThrownBy(() -> deploying.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("esteira-fraud/card-fraud")
                .hasMessageContaining("RevisionFailed")
                .hasMessageContaining("model.onnx not found");
        assertThat(isvc("card-fraud").getMetadata().getLabels()).containsEntry("esteira.io/model-version", "1")
                .containsEntry("esteira.io/release", stable.getId().toString());
        assertThat(releases.urls).doesNotContainKey(broken.getId());
    }

    @Test
    void a_first_release_not_ready_within_the_time_out_fails_naming_the_last_state_and_leaves_nothing_behind() {
        target = new KubernetesTarget(KServeProperties.defaults(PORTAL).withTimeouts(Duration.ofMillis(600), Duration.ofMillis(50)), releases,
                client);
        VersionView v1 = releases.version(1, "ONNX", null);
        Deployment release = release("card-fraud", v1, Rollout.ALL_AT_ONCE, null, 1, null, null);

        CompletableFuture<Void> deploying = CompletableFuture.runAsync(() -> target.deploy(release, v1));
        awaitIsvc("card-fraud");
        kserveSays("card-fraud", "Unknown", "RevisionMissing", "Configuration \"card-fraud-predictor\" is waiting for a Revision to become ready.", null);

        assertThatThrownBy(() -> deploying.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was not Ready within 0.6s")
                .hasMessageContaining("RevisionMissing")
                .hasMessageContaining("waiting for a Revision");
        assertThat(isvcOrNull("card-fraud")).as("removed: nothing was live").isNull();
    }

    @Test
    void a_status_of_an_older_generation_does_not_count_as_ready() {
        GenericKubernetesResource isvc = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withNewMetadata().withName("x").withGeneration(3L).endMetadata().build();
        isvc.setAdditionalProperty("status", Map.of("observedGeneration", 2, "url", "http://x",
                "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        assertThat(Readiness.of(isvc).state()).isEqualTo(Readiness.State.PENDING);
        isvc.setAdditionalProperty("status", Map.of("observedGeneration", 3, "url", "http://x",
                "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        assertThat(Readiness.of(isvc)).isEqualTo(new Readiness(Readiness.State.READY, null, "http://x"));
    }

    @Test
    void check_refuses_what_kserve_could_not_run_naming_the_field() {
        VersionView onnx = releases.version(1, "ONNX", null);
        target.check(draft(ServingMode.ONLINE_SYNC, new DeploymentDraft.Resources(3, "250m", "512Mi")), onnx);
        target.check(draft(null, null), onnx);

        assertRefused(draft(ServingMode.BATCH, null), onnx, "mode", "embedded target only");
        assertRefused(draft(ServingMode.ONLINE_ASYNC, null), onnx, "mode", "ONLINE_SYNC");
        assertRefused(draft(null, new DeploymentDraft.Resources(21, null, null)), onnx, "resources.replicas", "1 to 20");
        assertRefused(draft(null, new DeploymentDraft.Resources(0, null, null)), onnx, "resources.replicas", "1 to 20");
        assertRefused(draft(null, new DeploymentDraft.Resources(1, "two", null)), onnx, "resources.cpu", "CPU like 500m");
        assertRefused(draft(null, new DeploymentDraft.Resources(1, "0m", null)), onnx, "resources.cpu", "between 1m and 64");
        assertRefused(draft(null, new DeploymentDraft.Resources(1, "100", null)), onnx, "resources.cpu", "between 1m and 64");
        assertRefused(draft(null, new DeploymentDraft.Resources(1, null, "lots")), onnx, "resources.memory", "Memory like 512Mi");
        assertRefused(draft(null, new DeploymentDraft.Resources(1, null, "1Mi")), onnx, "resources.memory", "between 64Mi and 512Gi");
        assertRefused(draft(null, null), releases.version(2, "EXTERNAL", "abfss://lake@bank.dfs.core.windows.net/m.onnx"), "versionId",
                "KServe cannot download");
        target.check(draft(null, null), releases.version(2, "EXTERNAL", "gs://bank-models/card_fraud/2"));

        KubernetesTarget withoutPortal = new KubernetesTarget(KServeProperties.defaults(""), releases, client);
        assertThatThrownBy(() -> withoutPortal.check(draft(null, null), onnx)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ESTEIRA_PORTAL_URL")
                .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("versionId"));
    }

    private void assertRefused(DeploymentDraft draft, VersionView version, String field, String text) {
        assertThatThrownBy(() -> target.check(draft, version)).as(field + " " + text).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(text)
                .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsOnlyKeys(field));
    }

    private static DeploymentDraft draft(ServingMode mode, DeploymentDraft.Resources resources) {
        return new DeploymentDraft(UUID.randomUUID(), "card-fraud", Environment.PRODUCTION, mode, "kubernetes", null, null, resources, null,
                null, null, null, "Card fraud scores for the authorisation flow", "Retire it");
    }

    private void deployReady(Deployment release, VersionView version) {
        CompletableFuture<Void> deploying = CompletableFuture.runAsync(() -> target.deploy(release, version));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            GenericKubernetesResource isvc = isvcOrNull(release.getName());
            return isvc != null && release.getId().toString().equals(isvc.getMetadata().getLabels().get("esteira.io/release"));
        });
        kserveSays(release.getName(), "True", null, null, "http://" + release.getName() + ".esteira-fraud.kserve.bank.example");
        deploying.join();
    }

    /** What KServe would write: the conditions of the latest generation, and the URL once Ready. */
    private void kserveSays(String name, String ready, String reason, String message, String url) {
        client.genericKubernetesResources(InferenceServiceManifest.CONTEXT).inNamespace(NAMESPACE).withName(name).editStatus(isvc -> {
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", "Ready");
            condition.put("status", ready);
            if (reason != null) {
                condition.put("reason", reason);
                condition.put("message", message);
            }
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("observedGeneration", isvc.getMetadata().getGeneration());
            status.put("conditions", List.of(condition));
            if (url != null) {
                status.put("url", url);
            }
            isvc.setAdditionalProperty("status", status);
            return isvc;
        });
    }

    private GenericKubernetesResource awaitIsvc(String name) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> isvcOrNull(name), java.util.Objects::nonNull);
    }

    private GenericKubernetesResource isvc(String name) {
        GenericKubernetesResource isvc = isvcOrNull(name);
        assertThat(isvc).as(name).isNotNull();
        return isvc;
    }

    private GenericKubernetesResource isvcOrNull(String name) {
        return client.genericKubernetesResources(InferenceServiceManifest.CONTEXT).inNamespace(NAMESPACE).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> predictor(GenericKubernetesResource isvc) {
        return map(map(isvc.getAdditionalProperties().get("spec")).get("predictor"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private Deployment release(String name, VersionView version, Rollout rollout, Integer canaryPercent, int replicas, String cpu, String memory) {
        Deployment d = new Deployment(AREA, name, MODEL, "card_fraud", version.id(), version.number(), Environment.PRODUCTION,
                ServingMode.ONLINE_SYNC, "Card fraud scores for the authorisation flow", "Retire it", "ds.fraud", UUID.randomUUID(), java.time.Instant.now());
        d.plan(KubernetesTarget.NAME, rollout, canaryPercent, null, replicas, cpu, memory, null, null, 100);
        d.submittedAs(UUID.randomUUID());
        return d;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** The portal's records, in memory: the Fraud area, its versions, its live releases and the URLs recorded. */
    static final class Releases implements EndpointReleases {

        final Map<UUID, VersionView> versions = new HashMap<>();
        final List<Deployment> live = new ArrayList<>();
        final Map<UUID, String> urls = new HashMap<>();

        VersionView version(int number, String format, String uri) {
            VersionView v = new VersionView(UUID.randomUUID(), MODEL, AREA, "card_fraud", 2, number, format, uri, 1000, "ab", null,
                    new Signature(List.of(), List.of()), Map.of(), Map.of(), null, null, null, null, "ds.fraud", UUID.randomUUID(), "USER",
                    Instant.now(), "PASSED", Instant.now(), List.of(), List.of());
            versions.put(v.id(), v);
            return v;
        }

        void live(Deployment release) {
            live.removeIf(d -> d.getName().equals(release.getName()) && d.getCanaryPercent() == null);
            live.add(release);
        }

        @Override
        public String areaCode(UUID areaId) {
            assertThat(areaId).isEqualTo(AREA);
            return "FRAUD";
        }

        @Override
        public Optional<Deployment> liveStable(Deployment release) {
            return live.stream().filter(d -> d.getName().equals(release.getName()) && d.getCanaryPercent() == null
                    && !d.getId().equals(release.getId())).findFirst();
        }

        @Override
        public VersionView version(UUID versionId) {
            return versions.get(versionId);
        }

        @Override
        public void servedAt(UUID releaseId, String url) {
            urls.put(releaseId, url);
        }
    }
}
