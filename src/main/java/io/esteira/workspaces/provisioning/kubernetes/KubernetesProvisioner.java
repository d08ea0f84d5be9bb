package io.esteira.workspaces.provisioning.kubernetes;

import io.esteira.workspaces.provisioning.NotebookPaths;
import io.esteira.shared.kubernetes.KubernetesConnections;
import static io.esteira.workspaces.provisioning.kubernetes.WorkspaceObjects.AREA_ID_LABEL;
import static io.esteira.workspaces.provisioning.kubernetes.WorkspaceObjects.GIT_CONTAINER;
import static io.esteira.workspaces.provisioning.kubernetes.WorkspaceObjects.MANAGED_BY;
import static io.esteira.workspaces.provisioning.kubernetes.WorkspaceObjects.MANAGED_BY_LABEL;
import static io.esteira.workspaces.provisioning.kubernetes.WorkspaceObjects.NETWORK_POLICY;
import static io.esteira.workspaces.provisioning.kubernetes.WorkspaceObjects.NOTEBOOK_CONTAINER;
import static io.esteira.workspaces.provisioning.kubernetes.WorkspaceObjects.WORKSPACE_LABEL;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import io.esteira.workspaces.provisioning.Activity;
import io.esteira.workspaces.provisioning.Availability;
import io.esteira.workspaces.provisioning.Provisioner;
import io.esteira.workspaces.provisioning.ProvisioningException;
import io.esteira.workspaces.provisioning.RuntimeInstance;
import io.esteira.workspaces.provisioning.RuntimeRef;
import io.esteira.workspaces.provisioning.RuntimeStatus;
import io.esteira.workspaces.provisioning.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Runs each workspace as a one-replica StatefulSet with a headless Service, a Secret holding its token and a
 * volume claim for its files, in its area's namespace ({@code esteira-<area>}). Every object and the pod carry
 * the labels {@code esteira.io/area}, {@code esteira.io/owner} and {@code esteira.io/workspace} for cost
 * allocation.
 *
 * <p>Hardening: the containers run as jovyan (uid 1000) under the "restricted" security context; each area
 * namespace has a NetworkPolicy ({@value WorkspaceObjects#NETWORK_POLICY}) that admits connections to the notebook
 * port only from the portal's namespaces; a namespace the portal made carries its area's id, so that two areas
 * whose codes make the same namespace name cannot share it; logs are read bounded, with the token hidden. The
 * token is never logged, nor put in an error message.
 *
 * <p>The cluster is the one at {@code esteira.workspaces.kubernetes.master-url}, or the one of the configured
 * kubeconfig, or the one the portal runs in. The client is created at first use: the portal starts without a
 * cluster.
 */
@Component
@EnableConfigurationProperties(KubernetesProperties.class)
public class KubernetesProvisioner implements Provisioner, DisposableBean {

    static final String KIND = "kubernetes";

    private static final Logger log = LoggerFactory.getLogger(KubernetesProvisioner.class);
    private static final Path SERVICE_ACCOUNT_TOKEN = Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH);
    private static final String MERGE_PATCH = "{\"spec\":{\"replicas\":%d}}";
    /** The most of a pod's log read at once, whatever the number of lines asked for. */
    static final int LOG_LIMIT_BYTES = 256 * 1024;
    static final String TOKEN_HIDDEN = "[token hidden]";

    private enum Source { MASTER_URL, KUBECONFIG, IN_CLUSTER, GIVEN, NONE }

    private final KubernetesProperties properties;
    private final Clock clock;
    private final Source source;
    private final NotebookApi notebooks = new NotebookApi();
    private volatile KubernetesClient client;

    @Autowired
    public KubernetesProvisioner(KubernetesProperties properties, Clock clock) {
        this(properties, null, clock, runsInCluster());
    }

    KubernetesProvisioner(KubernetesProperties properties, KubernetesClient client, Clock clock, boolean inCluster) {
        this.properties = properties;
        this.client = client;
        this.clock = clock;
        if (client != null) {
            source = Source.GIVEN;
        } else if (!properties.masterUrl().isEmpty()) {
            source = Source.MASTER_URL;
        } else if (!properties.kubeconfig().isEmpty()) {
            source = Source.KUBECONFIG;
        } else if (inCluster) {
            source = Source.IN_CLUSTER;
        } else {
            source = Source.NONE;
        }
    }

    /** A provisioner working with a client made elsewhere, which it does not close. */
    static KubernetesProvisioner withClient(KubernetesProperties properties, KubernetesClient client, Clock clock) {
        return new KubernetesProvisioner(properties, client, clock, false);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Availability availability() {
        return switch (source) {
            case NONE -> Availability.no("No Kubernetes cluster is configured: set ESTEIRA_K8S_MASTER_URL "
                    + "(or a kubeconfig) for the portal");
            case KUBECONFIG -> Files.isReadable(Path.of(properties.kubeconfig()))
                    ? Availability.yes("Workspaces run on the cluster of the kubeconfig " + properties.kubeconfig())
                    : Availability.no("The kubeconfig " + properties.kubeconfig() + " cannot be read: set "
                            + "esteira.workspaces.kubernetes.kubeconfig to a readable file");
            case MASTER_URL -> Availability.yes("Workspaces run on the Kubernetes cluster at "
                    + properties.masterUrl());
            case IN_CLUSTER -> Availability.yes("Workspaces run on the Kubernetes cluster the portal runs in");
            case GIVEN -> Availability.yes("Workspaces run on the Kubernetes cluster at " + client.getMasterUrl());
        };
    }

    @Override
    public RuntimeRef provision(WorkspaceSpec spec) {
        WorkloadName name = WorkloadName.of(spec, properties.namespacePrefix());
        apply(spec, name);
        return ref(name, spec.id());
    }

    @Override
    public RuntimeRef start(WorkspaceSpec spec, RuntimeRef ref) {
        WorkloadName name = WorkloadName.of(spec, ref, properties.namespacePrefix());
        StatefulSet existing = call("start the workspace", name, spec.token(), () -> statefulSet(name).get());
        if (existing == null || !servesProxyPath(existing, spec)) {
            // gone from the cluster meanwhile: made again; a volume claim that survived keeps the files.
            // One made before notebooks were served through the portal is applied again with the proxy's base URL.
            apply(spec, name);
        } else {
            call("start the workspace", name, spec.token(), () -> {
                WorkspaceObjects objects = new WorkspaceObjects(spec, name, properties);
                ensureNetworkPolicy(objects, spec.token()); // namespaces older than the policy get it here
                api().resource(objects.secret()).createOr(NonDeletingOperation::update);
                return statefulSet(name).patch(PatchContext.of(PatchType.JSON_MERGE), MERGE_PATCH.formatted(1));
            });
        }
        return ref(name, spec.id());
    }

    private static boolean servesProxyPath(StatefulSet statefulSet, WorkspaceSpec spec) {
        String argument = "--NotebookApp.base_url=" + NotebookPaths.basePath(spec.id());
        return statefulSet.getSpec() != null && statefulSet.getSpec().getTemplate() != null
                && statefulSet.getSpec().getTemplate().getSpec() != null
                && statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
                        .anyMatch(c -> c.getCommand() != null && c.getCommand().contains(argument));
    }

    @Override
    public void stop(WorkspaceSpec spec, RuntimeRef ref) {
        WorkloadName name = WorkloadName.of(spec, ref, properties.namespacePrefix());
        call("stop the workspace", name, spec.token(), () -> {
            try {
                return statefulSet(name).patch(PatchContext.of(PatchType.JSON_MERGE), MERGE_PATCH.formatted(0));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return null;
                }
                throw e;
            }
        });
    }

    @Override
    public void delete(WorkspaceSpec spec, RuntimeRef ref) {
        WorkloadName name = WorkloadName.of(spec, ref, properties.namespacePrefix());
        deleteAll(name, spec.id().toString(), spec.token());
    }

    @Override
    public RuntimeStatus status(WorkspaceSpec spec, RuntimeRef ref) {
        WorkloadName name = WorkloadName.of(spec, ref, properties.namespacePrefix());
        return call("read the state of the workspace", name, spec.token(), () -> {
            StatefulSet statefulSet = statefulSet(name).get();
            List<Pod> pods = statefulSet == null ? List.of() : pods(name, statefulSet);
            return WorkloadStatus.of(statefulSet, pods, clock.instant(), properties.unschedulableTimeout());
        });
    }

    @Override
    public Activity activity(WorkspaceSpec spec, RuntimeRef ref) {
        if (spec.token() == null) {
            return new Activity(null, 0);
        }
        return notebooks.activity(address(spec, ref), spec.token());
    }

    @Override
    public String log(WorkspaceSpec spec, RuntimeRef ref, int maxLines) {
        WorkloadName name = WorkloadName.of(spec, ref, properties.namespacePrefix());
        return call("read the log of the workspace", name, spec.token(), () -> {
            StatefulSet statefulSet = statefulSet(name).get();
            List<Pod> pods = statefulSet == null ? List.of() : pods(name, statefulSet);
            if (pods.isEmpty()) {
                return "The workspace has no pod on the cluster now, so there is no log to show.";
            }
            Pod pod = pods.stream().min((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                    .orElseThrow();
            String container = cloning(pod) ? GIT_CONTAINER : NOTEBOOK_CONTAINER;
            try {
                // the server stops after LOG_LIMIT_BYTES, so that a few very long lines cannot flood the portal
                String text = api().pods().inNamespace(name.namespace()).withName(pod.getMetadata().getName())
                        .inContainer(container).limitBytes(LOG_LIMIT_BYTES).tailingLines(Math.max(1, maxLines))
                        .getLog();
                return text == null || text.isEmpty() ? "The " + container + " container has written nothing yet."
                        : redact(bounded(text), spec.token());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 400 || e.getCode() == 404) {
                    return "The " + container + " container has no log yet: " + redact(message(e), spec.token());
                }
                throw e;
            }
        });
    }

    @Override
    public List<RuntimeInstance> inventory() {
        if (source == Source.NONE) {
            return List.of();
        }
        try {
            return api().apps().statefulSets().inAnyNamespace().withLabel(WORKSPACE_LABEL).list().getItems().stream()
                    .map(this::instance)
                    .toList();
        } catch (KubernetesClientException e) {
            throw new ProvisioningException("The workspaces on the Kubernetes cluster cannot be listed: "
                    + explain(e), e);
        }
    }

    @Override
    public void remove(RuntimeInstance orphan) {
        WorkloadName name = WorkloadName.of(orphan.ref());
        deleteAll(name, orphan.workspaceId() == null ? null : orphan.workspaceId().toString(), null);
    }

    @Override
    public void destroy() {
        notebooks.close();
        KubernetesClient made = client;
        if (made != null && source != Source.GIVEN) {
            made.close();
        }
    }

    private void apply(WorkspaceSpec spec, WorkloadName name) {
        WorkspaceObjects objects = new WorkspaceObjects(spec, name, properties);
        call("create the workspace", name, spec.token(), () -> {
            ensureNamespace(spec, objects);
            ensureNetworkPolicy(objects, spec.token());
            StatefulSet existing = statefulSet(name).get();
            String owner = existing == null ? null : labels(existing).get(WORKSPACE_LABEL);
            if (existing != null && !spec.id().toString().equals(owner)) {
                throw new ProvisioningException("The name " + name.handle() + " is already taken on the cluster by "
                        + (owner == null ? "something else" : "workspace " + owner));
            }
            api().resource(objects.secret()).createOr(NonDeletingOperation::update);
            if (api().persistentVolumeClaims().inNamespace(name.namespace()).withName(name.name()).get() == null) {
                api().resource(objects.volumeClaim()).create();
            }
            if (api().services().inNamespace(name.namespace()).withName(name.name()).get() == null) {
                api().resource(objects.service()).create();
            }
            return api().resource(objects.statefulSet()).createOr(NonDeletingOperation::update);
        });
    }

    /**
     * Makes the area's namespace, labelled with the area's id, or checks that the one found is not another area's:
     * area codes that differ only in punctuation (CREDIT_RISK, CREDIT__RISK) make the same namespace name. A
     * namespace without the label was made by an operator for the portal and is used as it is.
     */
    private void ensureNamespace(WorkspaceSpec spec, WorkspaceObjects objects) {
        Namespace wanted = objects.namespace();
        String namespace = wanted.getMetadata().getName();
        Namespace existing;
        try {
            existing = api().namespaces().withName(namespace).get();
            if (existing == null) {
                try {
                    api().resource(wanted).create();
                    log.info("Created namespace {} for area {} ({})", namespace, spec.areaCode(), spec.areaId());
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                    // made meanwhile, by another node of the portal or for another area: see whose it is
                    existing = api().namespaces().withName(namespace).get();
                    if (existing == null) {
                        return;
                    }
                }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                // a portal confined to its areas' namespaces may not list or create namespaces: they must exist
                log.warn("May not read or create namespace {}; assuming it exists: {}", namespace,
                        redact(message(e), spec.token()));
                return;
            }
            throw e;
        }
        String area = labels(existing).get(AREA_ID_LABEL);
        if (area == null) {
            log.info("Namespace {} exists without the {} label, as if made by an operator; area {} ({}) uses it",
                    namespace, AREA_ID_LABEL, spec.areaCode(), spec.areaId());
        } else if (spec.areaId() != null && !area.equals(spec.areaId().toString())) {
            log.warn("Namespace {} belongs to area {}, not to area {} ({}): their codes make the same name",
                    namespace, area, spec.areaCode(), spec.areaId());
            throw new ProvisioningException("Namespace " + namespace
                    + " belongs to another area; rename one of the areas' codes");
        }
    }

    /**
     * Makes the namespace's NetworkPolicy if it is missing, and brings the portal's own up to date; one that an
     * operator made (without the portal's managed-by label) is left as it is.
     */
    private void ensureNetworkPolicy(WorkspaceObjects objects, String token) {
        NetworkPolicy wanted = objects.networkPolicy();
        String namespace = wanted.getMetadata().getNamespace();
        try {
            Resource<NetworkPolicy> resource = api().network().v1().networkPolicies().inNamespace(namespace)
                    .withName(NETWORK_POLICY);
            NetworkPolicy existing = resource.get();
            if (existing == null) {
                api().resource(wanted).create();
                log.info("Created NetworkPolicy {} in namespace {}", NETWORK_POLICY, namespace);
            } else if (MANAGED_BY.equals(labels(existing).get(MANAGED_BY_LABEL))
                    && !wanted.getSpec().equals(existing.getSpec())) {
                resource.edit(policy -> new NetworkPolicyBuilder(policy).withSpec(wanted.getSpec()).build());
                log.info("Updated NetworkPolicy {} in namespace {}", NETWORK_POLICY, namespace);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return; // made meanwhile by another node of the portal
            }
            if (e.getCode() == 403) {
                log.warn("May not read or create NetworkPolicy {} in namespace {}; the notebooks there are only as "
                        + "isolated as the cluster's other policies make them: {}", NETWORK_POLICY, namespace,
                        redact(message(e), token));
                return;
            }
            throw e;
        }
    }

    private void deleteAll(WorkloadName name, String workspaceId, String token) {
        call("delete the workspace", name, token, () -> {
            String ns = name.namespace();
            StatefulSet statefulSet = statefulSet(name).get();
            String id = statefulSet == null || labels(statefulSet).get(WORKSPACE_LABEL) == null
                    ? workspaceId : labels(statefulSet).get(WORKSPACE_LABEL);
            statefulSet(name).delete();
            api().services().inNamespace(ns).withName(name.name()).delete();
            api().secrets().inNamespace(ns).withName(name.name()).delete();
            api().persistentVolumeClaims().inNamespace(ns).withName(name.name()).delete();
            if (id != null) {
                // claims a StatefulSet made from volume claim templates carry the pod's labels
                api().persistentVolumeClaims().inNamespace(ns).withLabel(WORKSPACE_LABEL, id).delete();
            }
            return null;
        });
    }

    private RuntimeInstance instance(StatefulSet statefulSet) {
        WorkloadName name = new WorkloadName(statefulSet.getMetadata().getNamespace(),
                statefulSet.getMetadata().getName());
        UUID id = uuid(labels(statefulSet).get(WORKSPACE_LABEL));
        return new RuntimeInstance(KIND, id, name.handle(), ref(name, id));
    }

    private List<Pod> pods(WorkloadName name, StatefulSet statefulSet) {
        Map<String, String> selector = statefulSet.getSpec() == null || statefulSet.getSpec().getSelector() == null
                ? null : statefulSet.getSpec().getSelector().getMatchLabels();
        if (selector == null || selector.isEmpty()) {
            Pod pod = api().pods().inNamespace(name.namespace()).withName(name.pod()).get();
            return pod == null ? List.of() : List.of(pod);
        }
        return api().pods().inNamespace(name.namespace()).withLabels(selector).list().getItems();
    }

    private static boolean cloning(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null) {
            return false;
        }
        for (ContainerStatus status : pod.getStatus().getInitContainerStatuses()) {
            boolean done = status.getState() != null && status.getState().getTerminated() != null
                    && Integer.valueOf(0).equals(status.getState().getTerminated().getExitCode());
            if (GIT_CONTAINER.equals(status.getName()) && !done) {
                return true;
            }
        }
        return false;
    }

    private RollableScalableResource<StatefulSet> statefulSet(WorkloadName name) {
        return api().apps().statefulSets().inNamespace(name.namespace()).withName(name.name());
    }

    /** The notebook's in-cluster address with its base path: where the portal's proxy sends the workspace's requests. */
    private RuntimeRef ref(WorkloadName name, UUID workspaceId) {
        String service = name.address(properties.addressPattern());
        return new RuntimeRef(name.handle(), workspaceId == null ? service
                : service.substring(0, service.length() - 1) + NotebookPaths.basePath(workspaceId));
    }

    private String address(WorkspaceSpec spec, RuntimeRef ref) {
        if (ref != null && ref.address() != null && !ref.address().isBlank()) {
            return ref.address().endsWith("/") ? ref.address() : ref.address() + "/";
        }
        return ref(WorkloadName.of(spec, ref, properties.namespacePrefix()), spec.id()).address();
    }

    /** Runs work against the cluster; its failure becomes a ProvisioningException that never shows the token. */
    private <T> T call(String action, WorkloadName name, String token, Supplier<T> work) {
        try {
            return work.get();
        } catch (KubernetesClientException e) {
            throw new ProvisioningException(redact("Could not " + action + " " + name.handle() + " on Kubernetes: "
                    + explain(e), token), e);
        }
    }

    /** The text with every occurrence of the token, as it is or URL-encoded, replaced by {@value #TOKEN_HIDDEN}. */
    static String redact(String text, String token) {
        if (text == null || token == null || token.isEmpty()) {
            return text;
        }
        String redacted = text.replace(token, TOKEN_HIDDEN);
        String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);
        return encoded.equals(token) ? redacted : redacted.replace(encoded, TOKEN_HIDDEN);
    }

    /**
     * A log the server cut at {@link #LOG_LIMIT_BYTES} ends in the middle of a line, perhaps of a token; that
     * line is dropped and the cut said.
     */
    static String bounded(String log) {
        if (log.endsWith("\n") || log.getBytes(StandardCharsets.UTF_8).length < LOG_LIMIT_BYTES) {
            return log;
        }
        int lastLine = log.lastIndexOf('\n');
        return (lastLine < 0 ? "" : log.substring(0, lastLine + 1))
                + "[the log is cut at " + LOG_LIMIT_BYTES / 1024 + " KiB; ask for fewer lines]\n";
    }

    private String explain(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            return "the cluster at " + masterUrl() + " cannot be reached (" + rootCause(e) + ")";
        }
        return switch (e.getCode()) {
            case 401 -> "the cluster does not accept the portal's credentials";
            case 403 -> "the portal's account is not allowed to (" + message(e) + ")";
            case 404 -> "not found (" + message(e) + ")";
            case 409 -> "a conflicting change happened meanwhile; try again (" + message(e) + ")";
            case 422 -> "the cluster rejected the definition (" + message(e) + ")";
            default -> message(e) + " (HTTP " + e.getCode() + ")";
        };
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String message(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }

    private String masterUrl() {
        KubernetesClient made = client;
        return made != null ? made.getMasterUrl().toString()
                : properties.masterUrl().isEmpty() ? "(unknown)" : properties.masterUrl();
    }

    private static Map<String, String> labels(HasMetadata object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private KubernetesClient api() {
        KubernetesClient made = client;
        if (made == null) {
            synchronized (this) {
                made = client;
                if (made == null) {
                    made = createClient();
                    client = made;
                }
            }
        }
        return made;
    }

    private KubernetesClient createClient() {
        if (source == Source.NONE) {
            throw new ProvisioningException(availability().message());
        }
        try {
            return KubernetesConnections.connect(properties.kubeconfig(), properties.masterUrl(), properties.token(), properties.trustCertificates());
        } catch (java.io.UncheckedIOException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
    }

    private static boolean runsInCluster() {
        String host = System.getenv(Config.KUBERNETES_SERVICE_HOST_PROPERTY);
        return host != null && !host.isBlank() && Files.isReadable(SERVICE_ACCOUNT_TOKEN);
    }
}
