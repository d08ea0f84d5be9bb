package io.esteira.workspaces.provisioning.kubernetes;

import io.esteira.workspaces.provisioning.NotebookPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.esteira.workspaces.provisioning.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/** The Kubernetes objects of one workspace, as the portal wants them to be. */
final class WorkspaceObjects {

    static final String AREA_LABEL = "esteira.io/area";
    static final String OWNER_LABEL = "esteira.io/owner";
    static final String WORKSPACE_LABEL = "esteira.io/workspace";
    static final String MANAGED_BY_LABEL = "esteira.io/managed-by";
    /** On the namespaces the portal makes: the area they belong to, as area codes may share a namespace name. */
    static final String AREA_ID_LABEL = "esteira.io/area-id";
    /** The NetworkPolicy, one per area namespace, that lets only the portal reach the notebooks. */
    static final String NETWORK_POLICY = "esteira-notebooks";
    static final String MANAGED_BY = "esteira";

    static final String NOTEBOOK_CONTAINER = "notebook";
    static final String GIT_CONTAINER = "git-clone";
    static final String TOKEN_KEY = "token";
    static final String TOKEN_ENV = "JUPYTER_TOKEN";
    static final int PORT = 8888;
    static final String WORK_DIR = "/home/jovyan/work";
    static final String REPO_DIR = WORK_DIR + "/repo";
    static final String GPU_RESOURCE = "nvidia.com/gpu";

    /** jovyan and users in the Jupyter docker stacks; the volume is group-writable for them. */
    private static final long NOTEBOOK_UID = 1000L;
    private static final long NOTEBOOK_GID = 100L;

    /**
     * Clones at first start only: a restarted pod finds the clone on its volume. The repository is the script's
     * second argument, never part of the script's text.
     */
    static final String CLONE_SCRIPT = "if [ -e \"$1/.git\" ]; then echo \"$1 is already cloned\"; exit 0; fi; "
            + "exec git clone --depth 1 -- \"$2\" \"$1\"";

    /** Asks the server for {@code /api/status} with the token from the environment, as Jupyter images have Python. */
    private static final String READINESS_SCRIPT = "import os, urllib.request; urllib.request.urlopen("
            + "urllib.request.Request('http://127.0.0.1:" + PORT + "%sapi/status', "
            + "headers={'Authorization': 'token ' + os.environ['" + TOKEN_ENV + "']}), timeout=4)";

    private final WorkspaceSpec spec;
    private final WorkloadName name;
    private final KubernetesProperties properties;

    WorkspaceObjects(WorkspaceSpec spec, WorkloadName name, KubernetesProperties properties) {
        this.spec = spec;
        this.name = name;
        this.properties = properties;
    }

    /** The labels of every object of the workspace and of its pod, for cost allocation and inventory. */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(AREA_LABEL, WorkloadName.labelValue(spec.areaCode()));
        labels.put(OWNER_LABEL, WorkloadName.labelValue(spec.owner()));
        labels.put(WORKSPACE_LABEL, spec.id().toString());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put("app.kubernetes.io/name", "esteira-workspace");
        return labels;
    }

    Map<String, String> selector() {
        return Map.of(WORKSPACE_LABEL, spec.id().toString());
    }

    Namespace namespace() {
        NamespaceBuilder namespace = new NamespaceBuilder()
                .withNewMetadata()
                .withName(name.namespace())
                .addToLabels(AREA_LABEL, WorkloadName.labelValue(spec.areaCode()))
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .endMetadata();
        if (spec.areaId() != null) {
            namespace.editMetadata().addToLabels(AREA_ID_LABEL, spec.areaId().toString()).endMetadata();
        }
        return namespace.build();
    }

    /**
     * Admits, to any workspace pod of the namespace, only connections to the notebook port from the namespaces
     * that carry the portal's label. Only ingress is governed: egress stays open (git, package indexes, data).
     */
    NetworkPolicy networkPolicy() {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(NETWORK_POLICY)
                .withNamespace(name.namespace())
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .addToLabels("app.kubernetes.io/name", "esteira-workspace")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .addNewMatchExpression().withKey(WORKSPACE_LABEL).withOperator("Exists").endMatchExpression()
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom().withNamespaceSelector(namespaceSelector(properties.portalNamespaceLabel())).endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(PORT)).endPort()
                .endIngress()
                .endSpec()
                .build();
    }

    /** {@code key=value} (also {@code key==value}) selects that value; a bare {@code key} selects any value. */
    static LabelSelector namespaceSelector(String label) {
        String text = label == null ? "" : label.strip();
        int equals = text.indexOf('=');
        String key = (equals < 0 ? text : text.substring(0, equals)).strip();
        String value = equals < 0 ? null : text.substring(equals + 1).replaceFirst("^=", "").strip();
        if (key.isEmpty() || (value != null && value.isEmpty())) {
            throw new IllegalArgumentException("esteira.workspaces.kubernetes.portal-namespace-label must be "
                    + "key=value or key, not '" + label + "'");
        }
        return value == null
                ? new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator("Exists")
                        .endMatchExpression().build()
                : new LabelSelectorBuilder().addToMatchLabels(key, value).build();
    }

    Secret secret() {
        return new SecretBuilder()
                .withNewMetadata().withName(name.name()).withNamespace(name.namespace()).withLabels(labels()).endMetadata()
                .withType("Opaque")
                .addToStringData(TOKEN_KEY, spec.token())
                .build();
    }

    PersistentVolumeClaim volumeClaim() {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name.name()).withNamespace(name.namespace()).withLabels(labels()).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity(spec.shape().diskGib() + "Gi"))
                .endResources()
                .endSpec();
        if (!properties.storageClass().isEmpty()) {
            claim.editSpec().withStorageClassName(properties.storageClass()).endSpec();
        }
        return claim.build();
    }

    /** Headless: the StatefulSet's governing service, and the notebook's stable DNS name. */
    Service service() {
        return new ServiceBuilder()
                .withNewMetadata().withName(name.name()).withNamespace(name.namespace()).withLabels(labels()).endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(selector())
                .addNewPort().withName("http").withPort(PORT).withNewTargetPort("http").withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    StatefulSet statefulSet() {
        PodSpecBuilder pod = new PodSpecBuilder()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext().withFsGroup(NOTEBOOK_GID).endSecurityContext()
                .addToContainers(notebook())
                .addNewVolume().withName("work")
                .withNewPersistentVolumeClaim().withClaimName(name.name()).endPersistentVolumeClaim()
                .endVolume();
        if (spec.gitRepository() != null && !spec.gitRepository().isBlank()) {
            pod.addToInitContainers(gitClone());
        }
        if (spec.shape().gpuCount() > 0) {
            pod.addToTolerations(new TolerationBuilder()
                    .withKey(GPU_RESOURCE).withOperator("Exists").withEffect("NoSchedule").build());
            if (!properties.gpuNodeLabel().isEmpty() && spec.shape().gpuType() != null) {
                pod.addToNodeSelector(properties.gpuNodeLabel(), WorkloadName.labelValue(spec.shape().gpuType()));
            }
        }
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name.name()).withNamespace(name.namespace()).withLabels(labels()).endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withServiceName(name.name())
                .withNewSelector().withMatchLabels(selector()).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels()).endMetadata()
                .withSpec(pod.build())
                .endTemplate()
                .endSpec()
                .build();
    }

    private Container notebook() {
        List<String> command = new ArrayList<>(properties.notebookCommand());
        command.addAll(List.of(
                "--ip=0.0.0.0",
                "--port=" + PORT,
                "--no-browser",
                "--ServerApp.root_dir=" + WORK_DIR,
                // served through the portal's proxy at the same path (both spellings: Notebook 6 and Jupyter Server)
                "--NotebookApp.base_url=" + NotebookPaths.basePath(spec.id()),
                "--ServerApp.base_url=" + NotebookPaths.basePath(spec.id()),
                // Kubernetes expands $(VAR) from the container's environment, itself read from the Secret
                "--NotebookApp.token=$(" + TOKEN_ENV + ")",
                "--ServerApp.token=$(" + TOKEN_ENV + ")"));
        Map<String, Quantity> requests = resources();
        return new ContainerBuilder()
                .withName(NOTEBOOK_CONTAINER)
                .withImage(spec.image())
                .withCommand(command)
                .withWorkingDir(WORK_DIR)
                .withSecurityContext(restricted())
                .addToEnv(new EnvVarBuilder().withName(TOKEN_ENV)
                        .withNewValueFrom().withNewSecretKeyRef(TOKEN_KEY, name.name(), false).endValueFrom().build())
                .addNewPort().withName("http").withContainerPort(PORT).withProtocol("TCP").endPort()
                .withNewResources().withRequests(requests).withLimits(requests).endResources()
                .withNewReadinessProbe()
                .withNewExec().withCommand("python3", "-c", READINESS_SCRIPT.formatted(NotebookPaths.basePath(spec.id()))).endExec()
                .withInitialDelaySeconds(5).withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(3)
                .endReadinessProbe()
                .addNewVolumeMount().withName("work").withMountPath(WORK_DIR).endVolumeMount()
                .build();
    }

    /**
     * As the "restricted" Pod Security Standard asks: jovyan, never root, no privilege escalation, no capability
     * and the runtime's default seccomp profile.
     */
    static SecurityContext restricted() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(NOTEBOOK_UID)
                .withRunAsGroup(NOTEBOOK_GID)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** Requests equal limits: the workspace gets, and is charged for, exactly its size. */
    private Map<String, Quantity> resources() {
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity(Integer.toString(spec.shape().vcpu())));
        resources.put("memory", new Quantity(spec.shape().memoryGib() + "Gi"));
        if (spec.shape().gpuCount() > 0) {
            resources.put(GPU_RESOURCE, new Quantity(Integer.toString(spec.shape().gpuCount())));
        }
        return resources;
    }

    private Container gitClone() {
        return new ContainerBuilder()
                .withName(GIT_CONTAINER)
                .withImage(properties.gitImage())
                .withCommand("sh", "-c", CLONE_SCRIPT, "git-clone", REPO_DIR, spec.gitRepository().strip())
                .addNewEnv().withName("HOME").withValue("/tmp").endEnv()
                .addNewEnv().withName("GIT_TERMINAL_PROMPT").withValue("0").endEnv()
                .withSecurityContext(restricted())
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .addNewVolumeMount().withName("work").withMountPath(WORK_DIR).endVolumeMount()
                .build();
    }
}
