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
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;

@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesProvisionerTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String TOKEN = "s3cr3t-t0ken-&-more";
    private static final Shape GPU_SHAPE = new Shape(4, 16, "nvidia-t4", 1, 100);
    private static final UUID AREA_ID = UUID.fromString("0a0a0a0a-0000-4000-8000-000000000001");
    private static final String NAME = "ws-1a2b3c4d-0000-4000-8000-00000000abcd";
    private static final String HANDLE = "esteira-credit-risk/" + NAME;

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
        return new WorkspaceSpec(id, AREA_ID, "CREDIT_RISK", "Maria.Silva@bank.com", "scoring",
                "quay.io/jupyter/scipy-notebook:2025-01-06", shape, git, TOKEN);
    }

    @Test
    void provisioning_creates_the_areas_namespace_and_the_workspaces_objects() {
        RuntimeRef ref = provisioner.provision(spec);

        assertThat(ref.handle()).isEqualTo(HANDLE);
        assertThat(ref.address()).as("the portal's proxy sends the workspace's requests to its service, under the proxy path")
                .isEqualTo("http://" + NAME + ".esteira-credit-risk.svc.cluster.local:8888/workspaces/" + id + "/lab/");
        assertThat(client.namespaces().withName("esteira-credit-risk").get().getMetadata().getLabels())
                .containsEntry("esteira.io/area", "CREDIT_RISK");

        StatefulSet statefulSet = statefulSet();
        Service service = client.services().inNamespace("esteira-credit-risk").withName(NAME).get();
        Secret secret = client.secrets().inNamespace("esteira-credit-risk").withName(NAME).get();
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("esteira-credit-risk")
                .withName(NAME).get();
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
                .satisfies(volume -> assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo(NAME));
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
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(NAME);
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        });
        assertThat(notebook.getCommand()).startsWith("jupyter", "lab")
                .contains("--NotebookApp.token=$(JUPYTER_TOKEN)", "--port=8888",
                        "--NotebookApp.base_url=/workspaces/" + id + "/lab/", "--ServerApp.base_url=/workspaces/" + id + "/lab/");
        assertThat(notebook.getReadinessProbe().getExec().getCommand().get(2))
                .contains("http://127.0.0.1:8888/workspaces/" + id + "/lab/api/status");
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
        RuntimeRef expected = new RuntimeRef(HANDLE,
                "http://" + NAME + ".esteira-credit-risk.svc.cluster.local:8888/");
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
        client.namespaces().resource(new NamespaceBuilder()
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
                .containsExactlyInAnyOrder(HANDLE, "esteira-marketing/ws-deadbeef");
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
                .containsExactly(HANDLE);
    }

    @Test
    void a_name_taken_by_another_workspace_is_not_overwritten() {
        UUID other = UUID.fromString("99999999-1111-4000-8000-000000000000");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("esteira-credit-risk")
                .endMetadata().build()).create();
        client.apps().statefulSets().inNamespace("esteira-credit-risk").resource(new StatefulSetBuilder()
                .withNewMetadata().withName(NAME).addToLabels("esteira.io/workspace", other.toString()).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(NAME).endSpec().build()).create();

        assertThatThrownBy(() -> provisioner.provision(spec))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("already taken")
                .hasMessageContaining(other.toString());
        assertThat(statefulSet().getMetadata().getLabels()).containsEntry("esteira.io/workspace", other.toString());
    }

    @Test
    void names_hold_the_whole_workspace_id_so_ids_sharing_their_first_digits_do_not_collide() {
        UUID twin = UUID.fromString("1a2b3c4d-1111-4000-8000-000000000000");

        RuntimeRef first = provisioner.provision(spec);
        RuntimeRef second = provisioner.provision(spec(twin, GPU_SHAPE, null));

        assertThat(first.handle()).isEqualTo("esteira-credit-risk/ws-1a2b3c4d-0000-4000-8000-00000000abcd");
        assertThat(second.handle()).isEqualTo("esteira-credit-risk/ws-1a2b3c4d-1111-4000-8000-000000000000");
        assertThat(client.apps().statefulSets().inNamespace("esteira-credit-risk").list().getItems())
                .extracting(s -> s.getMetadata().getLabels().get("esteira.io/workspace"))
                .containsExactlyInAnyOrder(id.toString(), twin.toString());
        String name = WorkloadName.nameOf(UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff"));
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        // pods and their controller-revision-hash labels add a suffix to the name; both stay within 63
        assertThat(name + "-0").hasSizeLessThanOrEqualTo(63);
        assertThat(name + "-" + "5d8f7c9b6f").hasSizeLessThanOrEqualTo(63);

        // a workspace made when names held 8 digits is still found by its stored handle
        RuntimeRef legacy = new RuntimeRef("esteira-credit-risk/ws-1a2b3c4d",
                "http://ws-1a2b3c4d.esteira-credit-risk.svc.cluster.local:8888/");
        assertThat(WorkloadName.of(spec, legacy, "esteira-").name()).isEqualTo("ws-1a2b3c4d");
        assertThat(provisioner.status(spec, legacy).phase()).isEqualTo(Phase.ABSENT);
    }

    @Test
    void the_containers_run_as_jovyan_without_privileges_under_the_runtimes_seccomp_profile() {
        provisioner.provision(spec);

        PodSpec pod = statefulSet().getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(100L);
        List<Container> containers = new java.util.ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        assertThat(containers).extracting(Container::getName).containsExactlyInAnyOrder("notebook", "git-clone");
        assertThat(containers).allSatisfy(container -> {
            SecurityContext context = container.getSecurityContext();
            assertThat(context).as(container.getName()).isNotNull();
            assertThat(context.getRunAsNonRoot()).as(container.getName()).isTrue();
            assertThat(context.getRunAsUser()).as(container.getName()).isEqualTo(1000L);
            assertThat(context.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
            assertThat(context.getPrivileged()).as(container.getName()).isNotEqualTo(Boolean.TRUE);
            assertThat(context.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
            assertThat(context.getCapabilities().getAdd()).as(container.getName()).isNullOrEmpty();
            assertThat(context.getSeccompProfile().getType()).as(container.getName()).isEqualTo("RuntimeDefault");
        });
    }

    @Test
    void each_area_namespace_admits_only_the_portals_namespaces_on_the_notebook_port() {
        provisioner.provision(spec);

        NetworkPolicy policy = networkPolicy();
        assertThat(policy).isNotNull();
        assertThat(policy.getMetadata().getLabels()).containsEntry("esteira.io/managed-by", "esteira");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("esteira.io/workspace");
            assertThat(e.getOperator()).isEqualTo("Exists");
        });
        // egress is not governed: only ingress is listed, and there are no egress rules
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getProtocol()).isEqualTo("TCP");
                assertThat(port.getPort().getIntVal()).isEqualTo(8888);
            });
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .isEqualTo(Map.of("esteira.io/portal", "true"));
            });
        });

        // a second workspace of the area finds the policy in place
        provisioner.provision(spec(UUID.randomUUID(), GPU_SHAPE, null));
        assertThat(client.network().v1().networkPolicies().inNamespace("esteira-credit-risk").list().getItems())
                .hasSize(1);
    }

    @Test
    void the_portals_namespace_label_is_configurable_and_the_portals_own_policy_follows_it() {
        provisioner.provision(spec);
        KubernetesProvisioner relabelled = KubernetesProvisioner.withClient(
                KubernetesProperties.defaults().withPortalNamespaceLabel("kubernetes.io/metadata.name=esteira"),
                client, Clock.fixed(NOW, ZoneOffset.UTC));

        relabelled.provision(spec);

        assertThat(networkPolicy().getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector()
                .getMatchLabels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "esteira"));
        assertThat(WorkspaceObjects.namespaceSelector("esteira.io/portal").getMatchExpressions())
                .singleElement().satisfies(e -> {
                    assertThat(e.getKey()).isEqualTo("esteira.io/portal");
                    assertThat(e.getOperator()).isEqualTo("Exists");
                });
        assertThat(KubernetesProperties.defaults().portalNamespaceLabel()).isEqualTo("esteira.io/portal=true");
        assertThatThrownBy(() -> KubernetesProperties.defaults().withPortalNamespaceLabel("=true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("portal-namespace-label");
    }

    @Test
    void a_network_policy_an_operator_made_is_left_as_it_is() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("esteira-credit-risk")
                .endMetadata().build()).create();
        client.network().v1().networkPolicies().inNamespace("esteira-credit-risk").resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("esteira-notebooks").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress", "Egress").endSpec()
                .build()).create();

        provisioner.provision(spec);

        assertThat(networkPolicy().getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(networkPolicy().getSpec().getIngress()).isNullOrEmpty();
    }

    @Test
    void a_portal_not_allowed_to_manage_network_policies_still_provisions() {
        server.expect().get()
                .withPath("/apis/networking.k8s.io/v1/namespaces/esteira-credit-risk/networkpolicies/esteira-notebooks")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("networkpolicies is forbidden").build())
                .always();

        RuntimeRef ref = provisioner.provision(spec);

        assertThat(ref.handle()).isEqualTo(HANDLE);
        assertThat(statefulSet()).isNotNull();
    }

    @Test
    void the_namespace_made_for_an_area_carries_its_id_and_another_area_with_the_same_namespace_is_refused() {
        provisioner.provision(spec);
        assertThat(client.namespaces().withName("esteira-credit-risk").get().getMetadata().getLabels())
                .containsEntry("esteira.io/area-id", AREA_ID.toString())
                .containsEntry("esteira.io/managed-by", "esteira");

        UUID otherArea = UUID.fromString("0b0b0b0b-0000-4000-8000-000000000002");
        WorkspaceSpec other = new WorkspaceSpec(UUID.randomUUID(), otherArea, "CREDIT__RISK", "joao@bank.com",
                "other", spec.image(), GPU_SHAPE, null, TOKEN);

        assertThatThrownBy(() -> provisioner.provision(other))
                .isInstanceOf(ProvisioningException.class)
                .hasMessage("Namespace esteira-credit-risk belongs to another area; rename one of the areas' codes");
        assertThat(client.apps().statefulSets().inNamespace("esteira-credit-risk").list().getItems())
                .extracting(s -> s.getMetadata().getLabels().get("esteira.io/workspace"))
                .containsExactly(id.toString());
    }

    @Test
    void a_namespace_made_beforehand_for_another_area_is_refused() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("esteira-credit-risk")
                .addToLabels("esteira.io/area-id", UUID.randomUUID().toString()).endMetadata().build()).create();

        assertThatThrownBy(() -> provisioner.provision(spec))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("Namespace esteira-credit-risk belongs to another area");
        assertThat(statefulSet()).isNull();
        assertThat(networkPolicy()).isNull();
    }

    @Test
    void a_namespace_an_operator_made_without_the_area_label_is_used_as_it_is() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("esteira-credit-risk")
                .addToLabels("team", "risk").endMetadata().build()).create();

        RuntimeRef ref = provisioner.provision(spec);

        assertThat(ref.handle()).isEqualTo(HANDLE);
        assertThat(client.namespaces().withName("esteira-credit-risk").get().getMetadata().getLabels())
                .isEqualTo(Map.of("team", "risk"));
        assertThat(networkPolicy()).isNotNull();
    }

    @Test
    void the_token_is_hidden_in_logs_and_in_error_messages() {
        String encoded = "s3cr3t-t0ken-%26-more";
        assertThat(KubernetesProvisioner.redact("http://x:8888/lab?token=" + encoded + "\nraw " + TOKEN + ".", TOKEN))
                .isEqualTo("http://x:8888/lab?token=[token hidden]\nraw [token hidden].");
        assertThat(KubernetesProvisioner.redact("nothing here", TOKEN)).isEqualTo("nothing here");
        assertThat(KubernetesProvisioner.redact("text", null)).isEqualTo("text");
        assertThat(KubernetesProvisioner.redact("text", "")).isEqualTo("text");

        server.expect().post().withPath("/apis/apps/v1/namespaces/esteira-credit-risk/statefulsets")
                .andReturn(422, new StatusBuilder().withCode(422).withReason("Invalid")
                        .withMessage("spec.template: invalid value " + TOKEN).build())
                .always();
        assertThatThrownBy(() -> provisioner.provision(spec))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("[token hidden]")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void a_log_the_server_cut_at_its_byte_limit_loses_its_partial_last_line() {
        String line = "x".repeat(99) + "\n";
        String full = line.repeat(KubernetesProvisioner.LOG_LIMIT_BYTES / line.length() + 1);
        String cut = full.substring(0, KubernetesProvisioner.LOG_LIMIT_BYTES);

        String shown = KubernetesProvisioner.bounded(cut);

        assertThat(KubernetesProvisioner.LOG_LIMIT_BYTES).isEqualTo(256 * 1024);
        assertThat(shown).endsWith("[the log is cut at 256 KiB; ask for fewer lines]\n");
        assertThat(shown.lines().filter(l -> l.startsWith("x"))).allMatch(l -> l.length() == 99);
        assertThat(KubernetesProvisioner.bounded("short, unfinished")).isEqualTo("short, unfinished");
        assertThat(KubernetesProvisioner.bounded(full)).isEqualTo(full);
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
                .hasMessageContaining(HANDLE)
                .hasMessageContaining("cannot be reached");
        unreachable.destroy();
    }

    @Test
    void a_workspace_made_before_the_portal_proxied_notebooks_gets_the_proxy_path_when_it_starts_again() {
        RuntimeRef ref = provisioner.provision(spec);
        StatefulSet older = statefulSet();
        notebook(older).setCommand(notebook(older).getCommand().stream().filter(a -> !a.contains("base_url")).toList());
        client.resource(older).update();
        provisioner.stop(spec, ref);

        RuntimeRef started = provisioner.start(spec, ref);

        assertThat(notebook(statefulSet()).getCommand()).contains("--NotebookApp.base_url=/workspaces/" + id + "/lab/");
        assertThat(started.address()).endsWith(".svc.cluster.local:8888/workspaces/" + id + "/lab/");
    }

    @Test
    void the_log_says_so_when_there_is_no_pod_and_otherwise_shows_the_notebooks_last_lines() throws InterruptedException {
        RuntimeRef ref = provisioner.provision(spec);
        assertThat(provisioner.log(spec, ref, 50)).contains("no pod");

        client.pods().inNamespace("esteira-credit-risk").resource(pod(true)).create();
        server.expect().get()
                .withPath("/api/v1/namespaces/esteira-credit-risk/pods/" + NAME + "-0/log"
                        + "?pretty=false&container=notebook&tailLines=50&limitBytes=262144")
                .andReturn(200, "[I ServerApp] Jupyter Server is running\n"
                        + "[I ServerApp]     http://127.0.0.1:8888/lab?token=s3cr3t-t0ken-%26-more\n").once();

        String log = provisioner.log(spec, ref, 50);
        assertThat(log).contains("Jupyter Server is running", "/lab?token=[token hidden]").doesNotContain("t0ken");
        // the client may list pods after the log request, so look for the log request among all of them
        java.util.List<String> paths = new java.util.ArrayList<>();
        for (var r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS); r != null;
                r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            paths.add(r.getPath());
        }
        assertThat(paths.stream().filter(p -> p.contains("/log")).reduce((first, last) -> last)).get(
                org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("limitBytes=262144", "tailLines=50");
    }

    @Test
    void activity_comes_from_the_notebooks_api_with_the_token() throws IOException {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer notebook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notebook.createContext("/esteira-credit-risk/" + NAME + "/workspaces/" + id + "/lab/api/", exchange -> {
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
        RuntimeRef ref = new RuntimeRef(HANDLE, "http://127.0.0.1:9/");

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
        return client.apps().statefulSets().inNamespace("esteira-credit-risk").withName(NAME).get();
    }

    private NetworkPolicy networkPolicy() {
        return client.network().v1().networkPolicies().inNamespace("esteira-credit-risk")
                .withName("esteira-notebooks").get();
    }

    private static Container notebook(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("notebook")).findFirst().orElseThrow();
    }

    private Pod pod(boolean ready) {
        return new PodBuilder()
                .withNewMetadata().withName(NAME + "-0").withNamespace("esteira-credit-risk")
                .withLabels(costLabels()).endMetadata()
                .withNewSpec().addNewContainer().withName("notebook").withImage(spec.image()).endContainer().endSpec()
                .withNewStatus()
                .withPhase(ready ? "Running" : "Pending")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
    }
}
