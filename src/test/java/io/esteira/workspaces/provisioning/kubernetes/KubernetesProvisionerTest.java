package io.esteira.workspaces.provisioning.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.esteira.workspaces.provisioning.Activity;
import io.esteira.workspaces.provisioning.ProvisioningException;
import io.esteira.workspaces.provisioning.RuntimeInstance;
import io.esteira.workspaces.provisioning.RuntimeRef;
import io.esteira.workspaces.provisioning.RuntimeStatus;
import io.esteira.workspaces.provisioning.RuntimeStatus.Phase;
import io.esteira.workspaces.provisioning.WorkspaceSpec;
import io.esteira.workspaces.provisioning.WorkspaceSpec.Shape;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;

@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesProvisionerTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String TOKEN = "s3cr3t-t0ken-&-more";
    private static final Shape GPU_SHAPE = new Shape(4, 16, "nvidia-t4", 1, 100);

    /** Held, since the logging framework keeps loggers weakly; the mock server logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    KubernetesClient client;
    KubernetesMockServer server;

    private final UUID id = UUID.fromString("1a2b3c4d-0000-4000-8000-00000000abcd");
    private KubernetesProvisioner provisioner;
    private WorkspaceSpec spec;

    @BeforeEach
    void setUp() {
        provisioner = KubernetesProvisioner.withClient(KubernetesProperties.defaults(), client,
                Clock.fixed(NOW, ZoneOffset.UTC));
        spec = spec(id, GPU_SHAPE, "https://git.bank.internal/risk/models.git");
    }

    private static WorkspaceSpec spec(UUID id, Shape shape, String git) {
        return new WorkspaceSpec(id, UUID.randomUUID(), "CREDIT_RISK", "Maria.Silva@bank.com", "scoring",
                "quay.io/jupyter/scipy-notebook:2025-01-06", shape, git, TOKEN);
    }

    @Test
    void provisioning_creates_the_areas_namespace_and_the_workspaces_objects() {
        RuntimeRef ref = provisioner.provision(spec);

        assertThat(ref.handle()).isEqualTo("esteira-credit-risk/ws-1a2b3c4d");
        assertThat(ref.address()).isEqualTo("http://ws-1a2b3c4d.esteira-credit-risk.svc.cluster.local:8888/");
        assertThat(client.namespaces().withName("esteira-credit-risk").get().getMetadata().getLabels())
                .containsEntry("esteira.io/area", "CREDIT_RISK");

        StatefulSet statefulSet = statefulSet();
        Service service = client.services().inNamespace("esteira-credit-risk").withName("ws-1a2b3c4d").get();
        Secret secret = client.secrets().inNamespace("esteira-credit-risk").withName("ws-1a2b3c4d").get();
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("esteira-credit-risk")
                .withName("ws-1a2b3c4d").get();
        for (HasMetadata object : List.of(statefulSet, service, secret, claim)) {
            assertThat(object.getMetadata().getLabels()).as(object.getKind()).containsAllEntriesOf(costLabels());
        }
        assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(costLabels());

        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(8888));
        assertThat(service.getSpec().getSelector()).containsEntry("esteira.io/workspace", id.toString());
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("100Gi"));
        assertThat(secret.getStringData()).containsEntry("token", TOKEN);

        Container notebook = notebook(statefulSet);
        Map<String, Quantity> expected = Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"),
                "nvidia.com/gpu", new Quantity("1"));
        assertThat(notebook.getResources().getRequests()).isEqualTo(expected);
        assertThat(notebook.getResources().getLimits()).isEqualTo(expected);
        assertThat(notebook.getImage()).isEqualTo("quay.io/jupyter/scipy-notebook:2025-01-06");
        assertThat(notebook.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8888));
        assertThat(notebook.getReadinessProbe().getExec().getCommand()).anyMatch(part -> part.contains("/api/status"));
        assertThat(notebook.getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/home/jovyan/work"));

        PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).singleElement()
                .satisfies(volume -> assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("ws-1a2b3c4d"));
        assertThat(pod.getNodeSelector()).containsEntry("esteira.io/gpu-type", "nvidia-t4");
        assertThat(pod.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    }

    @Test
    void the_token_reaches_the_notebook_from_its_secret_never_in_clear_in_the_pod_spec() {
        provisioner.provision(spec);

        StatefulSet statefulSet = statefulSet();
        assertThat(Serialization.asJson(statefulSet.getSpec())).doesNotContain(TOKEN);
        Container notebook = notebook(statefulSet);
        assertThat(notebook.getEnv()).singleElement().satisfies(env -> {
            assertThat(env.getName()).isEqualTo("JUPYTER_TOKEN");
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ws-1a2b3c4d");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        });
        assertThat(notebook.getCommand()).startsWith("jupyter", "lab")
                .contains("--NotebookApp.token=$(JUPYTER_TOKEN)", "--port=8888");
    }

    @Test
    void the_git_repository_is_cloned_by_an_init_container_as_an_argument_of_its_own() {
        String repository = "https://git.bank.internal/risk/models.git; rm -rf /";
        provisioner.provision(spec(id, GPU_SHAPE, repository));

        List<Container> init = statefulSet().getSpec().getTemplate().getSpec().getInitContainers();
        assertThat(init).singleElement().satisfies(git -> {
            assertThat(git.getImage()).isEqualTo("alpine/git:latest");
            assertThat(git.getCommand()).containsExactly("sh", "-c", WorkspaceObjects.CLONE_SCRIPT, "git-clone",
                    "/home/jovyan/work/repo", repository);
            assertThat(git.getCommand().get(2)).contains("git clone --depth 1 -- \"$2\" \"$1\"")
                    .doesNotContain("git.bank.internal");
            assertThat(git.getVolumeMounts()).singleElement()
                    .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/home/jovyan/work"));
        });
    }

    @Test
    void without_a_repository_or_a_gpu_the_pod_has_no_init_container_gpu_or_node_selector() {
        provisioner.provision(spec(id, new Shape(2, 8, null, 0, 20), null));

        PodSpec pod = statefulSet().getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(pod.getNodeSelector()).isNullOrEmpty();
        assertThat(notebook(statefulSet()).getResources().getLimits())
                .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi")));
    }

    @Test
    void status_follows_the_workspace_from_absent_to_ready_stopped_started_and_deleted() {
        RuntimeRef expected = new RuntimeRef("esteira-credit-risk/ws-1a2b3c4d",
                "http://ws-1a2b3c4d.esteira-credit-risk.svc.cluster.local:8888/");
        assertThat(provisioner.status(spec, expected).phase()).isEqualTo(Phase.ABSENT);

        RuntimeRef ref = provisioner.provision(spec);
        assertThat(provisioner.status(spec, ref).phase()).isEqualTo(Phase.PENDING);

        Pod pod = client.pods().inNamespace("esteira-credit-risk").resource(pod(true)).create();
        assertThat(provisioner.status(spec, ref)).isEqualTo(RuntimeStatus.of(Phase.READY));

        provisioner.stop(spec, ref);
        assertThat(statefulSet().getSpec().getReplicas()).isZero();
        assertThat(provisioner.status(spec, ref).phase()).isEqualTo(Phase.STOPPED);
        provisioner.stop(spec, ref); // twice is fine

        client.pods().resource(pod).delete();
        provisioner.start(spec, ref);
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(1);
        assertThat(provisioner.status(spec, ref).phase()).isEqualTo(Phase.PENDING);
        client.pods().inNamespace("esteira-credit-risk").resource(pod(true)).create();
        assertThat(provisioner.status(spec, ref).phase()).isEqualTo(Phase.READY);

        provisioner.delete(spec, ref);
        assertThat(provisioner.status(spec, ref).phase()).isEqualTo(Phase.ABSENT);
        assertThat(client.apps().statefulSets().inNamespace("esteira-credit-risk").list().getItems()).isEmpty();
        assertThat(client.services().inNamespace("esteira-credit-risk").list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace("esteira-credit-risk").list().getItems()).isEmpty();
        assertThat(client.persistentVolumeClaims().inNamespace("esteira-credit-risk").list().getItems()).isEmpty();

        provisioner.delete(spec, ref); // deleting what is gone is fine
        provisioner.stop(spec, ref);
    }

    @Test
    void a_container_that_cannot_pull_its_image_makes_the_workspace_failed_with_the_reason() {
        RuntimeRef ref = provisioner.provision(spec);
        client.pods().inNamespace("esteira-credit-risk").resource(new PodBuilder(pod(false))
                .editStatus()
                .addNewContainerStatus()
                .withName("notebook").withImage(spec.image()).withReady(false).withRestartCount(0)
                .withNewState().withNewWaiting()
                .withReason("ImagePullBackOff").withMessage("Back-off pulling image \"" + spec.image() + "\"")
                .endWaiting().endState()
                .endContainerStatus()
                .endStatus()
                .build()).create();

        RuntimeStatus status = provisioner.status(spec, ref);

        assertThat(status.phase()).isEqualTo(Phase.FAILED);
        assertThat(status.reason()).contains("cannot be pulled", "ImagePullBackOff", spec.image());
    }

    @Test
    void a_pod_no_node_can_take_is_pending_with_the_reason_and_failed_once_the_wait_is_hopeless() {
        RuntimeRef ref = provisioner.provision(spec);
        String message = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.";
        client.pods().inNamespace("esteira-credit-risk").resource(new PodBuilder(pod(false))
                .editStatus()
                .withPhase("Pending")
                .withConditions()
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage(message).withLastTransitionTime(NOW.minusSeconds(60).toString()).endCondition()
                .endStatus()
                .build()).create();

        assertThat(provisioner.status(spec, ref)).satisfies(status -> {
            assertThat(status.phase()).isEqualTo(Phase.PENDING);
            assertThat(status.reason()).contains(message);
        });

        KubernetesProvisioner later = KubernetesProvisioner.withClient(KubernetesProperties.defaults(), client,
                Clock.fixed(NOW.plus(Duration.ofMinutes(15)), ZoneOffset.UTC));
        assertThat(later.status(spec, ref)).satisfies(status -> {
            assertThat(status.phase()).isEqualTo(Phase.FAILED);
            assertThat(status.reason()).contains("No node", message);
        });
    }

    @Test
    void inventory_lists_workspaces_found_on_the_cluster_and_remove_deletes_an_orphan() {
        provisioner.provision(spec);
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("esteira-marketing").endMetadata().build()).create();
        client.apps().statefulSets().inNamespace("esteira-marketing").resource(new StatefulSetBuilder()
                .withNewMetadata().withName("ws-deadbeef")
                .addToLabels("esteira.io/workspace", "not-a-uuid").endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("ws-deadbeef")
                .withNewSelector().addToMatchLabels("app", "x").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "x").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client.apps().statefulSets().inNamespace("esteira-marketing").resource(new StatefulSetBuilder()
                .withNewMetadata().withName("something-else").endMetadata().build()).create();

        List<RuntimeInstance> found = provisioner.inventory();

        assertThat(found).extracting(RuntimeInstance::description)
                .containsExactlyInAnyOrder("esteira-credit-risk/ws-1a2b3c4d", "esteira-marketing/ws-deadbeef");
        assertThat(found).allSatisfy(instance -> assertThat(instance.kind()).isEqualTo("kubernetes"));
        RuntimeInstance orphan = found.stream().filter(i -> i.description().startsWith("esteira-marketing"))
                .findFirst().orElseThrow();
        assertThat(orphan.workspaceId()).isNull();
        assertThat(orphan.ref().handle()).isEqualTo("esteira-marketing/ws-deadbeef");
        assertThat(found).filteredOn(i -> id.equals(i.workspaceId())).hasSize(1);

        provisioner.remove(orphan);

        assertThat(client.apps().statefulSets().inNamespace("esteira-marketing").withName("ws-deadbeef").get())
                .isNull();
        assertThat(provisioner.inventory()).extracting(RuntimeInstance::description)
                .containsExactly("esteira-credit-risk/ws-1a2b3c4d");
    }

    @Test
    void a_name_taken_by_another_workspace_is_not_overwritten() {
        provisioner.provision(spec);
        UUID twin = UUID.fromString("1a2b3c4d-1111-4000-8000-000000000000");

        assertThatThrownBy(() -> provisioner.provision(spec(twin, GPU_SHAPE, null)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("already taken");
        assertThat(statefulSet().getMetadata().getLabels()).containsEntry("esteira.io/workspace", id.toString());
    }

    @Test
    void provisioning_twice_updates_in_place() {
        RuntimeRef first = provisioner.provision(spec);
        RuntimeRef second = provisioner.provision(spec);

        assertThat(second).isEqualTo(first);
        assertThat(client.apps().statefulSets().inNamespace("esteira-credit-risk").list().getItems()).hasSize(1);
    }

    @Test
    void without_a_cluster_the_provisioner_is_unavailable_and_finds_nothing() {
        KubernetesProvisioner unconfigured = new KubernetesProvisioner(KubernetesProperties.defaults(), null,
                Clock.systemUTC(), false);

        assertThat(unconfigured.kind()).isEqualTo("kubernetes");
        assertThat(unconfigured.availability().available()).isFalse();
        assertThat(unconfigured.availability().message())
                .isEqualTo("No Kubernetes cluster is configured: set ESTEIRA_K8S_MASTER_URL (or a kubeconfig) for the portal");
        assertThat(unconfigured.inventory()).isEmpty();
        assertThatThrownBy(() -> unconfigured.provision(spec)).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("No Kubernetes cluster is configured");
        unconfigured.destroy();
    }

    @Test
    void a_configured_cluster_is_not_contacted_before_it_is_needed_and_errors_say_what_went_wrong() {
        KubernetesProvisioner unreachable = new KubernetesProvisioner(
                KubernetesProperties.defaults().withMasterUrl("http://127.0.0.1:9"), null, Clock.systemUTC(), false);

        assertThat(unreachable.availability().available()).isTrue();
        assertThat(unreachable.availability().message()).contains("http://127.0.0.1:9");
        assertThatThrownBy(() -> unreachable.status(spec, null))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("esteira-credit-risk/ws-1a2b3c4d")
                .hasMessageContaining("cannot be reached");
        unreachable.destroy();
    }

    @Test
    void the_open_address_carries_the_encoded_token() {
        RuntimeRef ref = provisioner.provision(spec);

        assertThat(provisioner.openAddress(spec, ref)).hasToString(
                "http://ws-1a2b3c4d.esteira-credit-risk.svc.cluster.local:8888/?token=s3cr3t-t0ken-%26-more");
    }

    @Test
    void the_log_says_so_when_there_is_no_pod_and_otherwise_shows_the_notebooks_last_lines() {
        RuntimeRef ref = provisioner.provision(spec);
        assertThat(provisioner.log(spec, ref, 50)).contains("no pod");

        client.pods().inNamespace("esteira-credit-risk").resource(pod(true)).create();
        server.expect().get()
                .withPath("/api/v1/namespaces/esteira-credit-risk/pods/ws-1a2b3c4d-0/log?pretty=false&container=notebook&tailLines=50")
                .andReturn(200, "[I ServerApp] Jupyter Server is running\n").once();

        assertThat(provisioner.log(spec, ref, 50)).contains("Jupyter Server is running");
    }

    @Test
    void activity_comes_from_the_notebooks_api_with_the_token() throws IOException {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer notebook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notebook.createContext("/esteira-credit-risk/ws-1a2b3c4d/api/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String body = exchange.getRequestURI().getPath().endsWith("/status")
                    ? "{\"started\":\"2026-03-02T08:00:00.000000Z\",\"last_activity\":\"2026-03-02T09:45:12.345678Z\","
                            + "\"connections\":1,\"kernels\":3}"
                    : "[{\"id\":\"a\",\"execution_state\":\"busy\"},{\"id\":\"b\",\"execution_state\":\"idle\"},"
                            + "{\"id\":\"c\",\"execution_state\":\"busy\"}]";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        notebook.start();
        try {
            String pattern = "http://127.0.0.1:" + notebook.getAddress().getPort() + "/{namespace}/{name}/";
            KubernetesProvisioner local = KubernetesProvisioner.withClient(
                    KubernetesProperties.defaults().withAddressPattern(pattern), client, Clock.systemUTC());
            RuntimeRef ref = local.provision(spec);

            assertThat(local.activity(spec, ref))
                    .isEqualTo(new Activity(Instant.parse("2026-03-02T09:45:12.345678Z"), 2));
            assertThat(authorization.get()).isEqualTo("token " + TOKEN);
        } finally {
            notebook.stop(0);
        }
    }

    @Test
    void activity_is_unknown_when_the_notebook_cannot_be_asked() {
        RuntimeRef ref = new RuntimeRef("esteira-credit-risk/ws-1a2b3c4d", "http://127.0.0.1:9/");

        assertThat(provisioner.activity(spec, ref)).isEqualTo(new Activity(null, 0));
    }

    @Test
    void names_and_labels_are_valid_for_kubernetes() {
        assertThat(WorkloadName.labelValue("Maria.Silva@bank.com")).isEqualTo("Maria.Silva_bank.com");
        assertThat(WorkloadName.labelValue("-x" + "y".repeat(80))).hasSize(62).startsWith("xy");
        assertThat(WorkloadName.namespaceOf("Risk Models/EU", "esteira-")).isEqualTo("esteira-risk-models-eu");
        assertThatThrownBy(() -> WorkloadName.of(new RuntimeRef("no-slash", null)))
                .isInstanceOf(ProvisioningException.class);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private Map<String, String> costLabels() {
        return Map.of("esteira.io/area", "CREDIT_RISK", "esteira.io/owner", "Maria.Silva_bank.com",
                "esteira.io/workspace", id.toString());
    }

    private StatefulSet statefulSet() {
        return client.apps().statefulSets().inNamespace("esteira-credit-risk").withName("ws-1a2b3c4d").get();
    }

    private static Container notebook(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("notebook")).findFirst().orElseThrow();
    }

    private Pod pod(boolean ready) {
        return new PodBuilder()
                .withNewMetadata().withName("ws-1a2b3c4d-0").withNamespace("esteira-credit-risk")
                .withLabels(costLabels()).endMetadata()
                .withNewSpec().addNewContainer().withName("notebook").withImage(spec.image()).endContainer().endSpec()
                .withNewStatus()
                .withPhase(ready ? "Running" : "Pending")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
    }
}
