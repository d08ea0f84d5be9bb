package io.esteira.deployments.kubernetes;

import io.esteira.deployments.serving.ServingTarget;
import io.esteira.shared.kubernetes.KubernetesConnections;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.ServingMode;
import io.esteira.deployments.domain.Deployment;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The {@code kubernetes} target: each deployment (endpoint) is one KServe InferenceService in its
 * area's namespace, updated by each release. A release is applied and then waited for until KServe
 * says it is Ready (or fails with KServe's reason, or the time runs out); a canary is applied with
 * {@code canaryTrafficPercent}, and KServe splits the calls between it and the revision rolled out
 * before; promoting applies it again at 100%. A release that cannot become Ready leaves the
 * InferenceService as the portal's live release had it (or removes it when there is none).
 * Applications call KServe at the recorded URL (Open Inference Protocol v2); the portal's predict
 * endpoint does not answer for these releases and says so.
 */
@Component
@Conditional(KubernetesConfigured.class)
@EnableConfigurationProperties(KServeProperties.class)
class KubernetesTarget implements ServingTarget, DisposableBean {

    static final String NAME = "kubernetes";
    private static final Logger log = LoggerFactory.getLogger(KubernetesTarget.class);
    private static final BigDecimal MAX_CPU = BigDecimal.valueOf(64);
    private static final BigDecimal MIN_MEMORY = BigDecimal.valueOf(64L << 20);
    private static final BigDecimal MAX_MEMORY = BigDecimal.valueOf(512L << 30);

    private final KServeProperties properties;
    private final EndpointReleases releases;
    private final boolean ownsClient;
    private volatile KubernetesClient client;

    @Autowired
    KubernetesTarget(KServeProperties properties, EndpointReleases releases) {
        this(properties, releases, null);
    }

    /** With a client made elsewhere, which it does not close. */
    KubernetesTarget(KServeProperties properties, EndpointReleases releases, KubernetesClient client) {
        this.properties = properties;
        this.releases = releases;
        this.client = client;
        this.ownsClient = client == null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ServingMode> modes() {
        return EnumSet.of(ServingMode.ONLINE_SYNC);
    }

    @Override
    public void check(DeploymentDraft draft, VersionView version) {
        ServingMode mode = draft.modeOrDefault();
        if (mode != ServingMode.ONLINE_SYNC) {
            throw new InvalidRequestException("mode", mode == ServingMode.BATCH
                    ? "Batch deployments run on the embedded target only (its Quartz job scores the input table); pick the embedded target"
                    : "Asynchronous serving (the portal's durable queue) is the embedded target's; on kubernetes pick ONLINE_SYNC");
        }
        DeploymentDraft.Resources resources = draft.resourcesOrDefault();
        if (resources.replicas() < 1 || resources.replicas() > 20) {
            throw new InvalidRequestException("resources.replicas", "1 to 20 replicas, not " + resources.replicas());
        }
        if (resources.cpu() != null) {
            BigDecimal cores = amount("resources.cpu", resources.cpu(), "CPU like 500m or 2");
            if (cores.signum() <= 0 || cores.compareTo(MAX_CPU) > 0) {
                throw new InvalidRequestException("resources.cpu", "CPU between 1m and 64 cores, not " + resources.cpu());
            }
        }
        if (resources.memory() != null) {
            BigDecimal bytes = amount("resources.memory", resources.memory(), "Memory like 512Mi or 2Gi");
            if (bytes.compareTo(MIN_MEMORY) < 0 || bytes.compareTo(MAX_MEMORY) > 0) {
                throw new InvalidRequestException("resources.memory", "Memory between 64Mi and 512Gi, not " + resources.memory());
            }
        }
        StorageUris.of(version, properties.portalUrl());
    }

    private static BigDecimal amount(String field, String text, String like) {
        try {
            return Quantity.getAmountInBytes(Quantity.parse(text.strip()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidRequestException(field, like + ", not " + text);
        }
    }

    @Override
    public void deploy(Deployment release, VersionView version) {
        String namespace = namespace(release);
        GenericKubernetesResource manifest = manifest(release, version, namespace);
        call("apply", namespace, release.getName(), () -> {
            ensureNamespace(namespace, release);
            return isvcs(namespace).resource(manifest).createOr(NonDeletingOperation::update);
        });
        Readiness ready;
        try {
            ready = awaitReady(namespace, release.getName());
        } catch (RuntimeException e) {
            restore(release, namespace);
            throw e;
        }
        releases.servedAt(release.getId(), ready.url());
        log.info("InferenceService {}/{} is Ready at {} with {} v{}{}", namespace, release.getName(), ready.url(), release.getModelName(),
                release.getModelVersionNumber(), release.getCanaryPercent() == null ? "" : " as a canary taking " + release.getCanaryPercent() + "%");
    }

    @Override
    public boolean answersInPortal() {
        return false;
    }

    @Override
    public String callInstead(Deployment release) {
        String url = release.getServingUrl() == null ? "the InferenceService's URL (status.url)" : release.getServingUrl();
        return "applications call KServe with the Open Inference Protocol v2, POST " + url + "/v2/models/" + release.getName()
                + "/infer, with the cluster's credentials";
    }

    @Override
    public void promoted(Deployment canary, VersionView version) {
        String namespace = namespace(canary);
        GenericKubernetesResource manifest = manifest(canary, version, namespace);
        call("promote", namespace, canary.getName(), () -> isvcs(namespace).resource(manifest).createOr(NonDeletingOperation::update));
    }

    /**
     * The endpoint gone: its InferenceService is deleted. A canary retired beside a live release: the
     * live release is applied again at 100%. A replaced release: nothing, its successor updated the
     * InferenceService already.
     */
    @Override
    public void retired(Deployment release, boolean endpointRemains) {
        String namespace = namespace(release);
        if (!endpointRemains) {
            call("delete", namespace, release.getName(), () -> isvcs(namespace).withName(release.getName()).delete());
        } else if (release.getCanaryPercent() != null) {
            releases.liveStable(release).ifPresent(stable -> {
                GenericKubernetesResource manifest = manifest(stable, releases.version(stable.getModelVersionId()), namespace);
                call("take the canary out of", namespace, release.getName(),
                        () -> isvcs(namespace).resource(manifest).createOr(NonDeletingOperation::update));
            });
        }
    }

    /** The InferenceService's readiness once KServe has decided, or failure with its reason, or with the last word at the time-out. */
    Readiness awaitReady(String namespace, String name) {
        long deadline = System.nanoTime() + properties.readyTimeout().toNanos();
        String last = "nothing read yet";
        while (true) {
            try {
                GenericKubernetesResource isvc = isvcs(namespace).withName(name).get();
                if (isvc == null) {
                    throw new IllegalStateException("The InferenceService " + namespace + "/" + name + " was deleted while it was deployed");
                }
                Readiness readiness = Readiness.of(isvc);
                switch (readiness.state()) {
                    case READY -> {
                        return readiness;
                    }
                    case FAILED -> throw new IllegalStateException("KServe could not make the InferenceService " + namespace + "/" + name
                            + " ready: " + readiness.detail());
                    case PENDING -> last = readiness.detail();
                }
            } catch (KubernetesClientException e) {
                last = "the cluster did not answer (" + explain(e) + ")";
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("The InferenceService " + namespace + "/" + name + " was not Ready within "
                        + properties.readyTimeout().toString().substring(2).toLowerCase() + "; last: " + last);
            }
            try {
                Thread.sleep(properties.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Stopped while waiting for the InferenceService " + namespace + "/" + name);
            }
        }
    }

    /** After a failed release: the InferenceService as the endpoint's live release has it, or none when nothing is live. */
    private void restore(Deployment failed, String namespace) {
        try {
            var stable = releases.liveStable(failed);
            if (stable.isPresent()) {
                Deployment live = stable.get();
                isvcs(namespace).resource(manifest(live, releases.version(live.getModelVersionId()), namespace))
                        .createOr(NonDeletingOperation::update);
                log.info("InferenceService {}/{} set back to v{}, the live release", namespace, failed.getName(), live.getModelVersionNumber());
            } else {
                isvcs(namespace).withName(failed.getName()).delete();
                log.info("InferenceService {}/{} removed: its first release failed", namespace, failed.getName());
            }
        } catch (RuntimeException e) {
            log.warn("InferenceService {}/{} could not be set back after a failed release: {}", namespace, failed.getName(), e.getMessage());
        }
    }

    private GenericKubernetesResource manifest(Deployment release, VersionView version, String namespace) {
        return InferenceServiceManifest.of(release, releases.areaCode(release.getAreaId()), namespace,
                StorageUris.of(version, properties.portalUrl()), properties);
    }

    private String namespace(Deployment release) {
        return InferenceServiceManifest.namespaceOf(releases.areaCode(release.getAreaId()), properties.namespacePrefix());
    }

    /** Makes the area's namespace when it is missing; a portal confined to its namespaces may not, and they must exist. */
    private void ensureNamespace(String namespace, Deployment release) {
        try {
            if (api().namespaces().withName(namespace).get() == null) {
                api().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .addToLabels(InferenceServiceManifest.AREA_LABEL, InferenceServiceManifest.labelValue(releases.areaCode(release.getAreaId())))
                        .addToLabels("esteira.io/area-id", release.getAreaId().toString())
                        .addToLabels(InferenceServiceManifest.MANAGED_BY_LABEL, "esteira")
                        .endMetadata().build()).create();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> isvcs(String namespace) {
        return api().genericKubernetesResources(InferenceServiceManifest.CONTEXT).inNamespace(namespace);
    }

    private <T> T call(String action, String namespace, String name, Supplier<T> work) {
        try {
            return work.get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("Could not " + action + " the InferenceService " + namespace + "/" + name + " on Kubernetes: "
                    + explain(e), e);
        }
    }

    private String explain(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return switch (e.getCode()) {
            case 0, -1 -> "the cluster at " + api().getMasterUrl() + " cannot be reached (" + message + ")";
            case 401 -> "the cluster does not accept the portal's credentials";
            case 403 -> "the portal's account is not allowed to (" + message + ")";
            case 404 -> "not found; is KServe installed? (" + message + ")";
            case 422 -> "the cluster rejected the definition (" + message + ")";
            default -> message + " (HTTP " + e.getCode() + ")";
        };
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
        try {
            return KubernetesConnections.connect(properties.kubeconfig(), properties.masterUrl(), properties.token(), properties.trustCertificates());
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void destroy() {
        KubernetesClient made = client;
        if (made != null && ownsClient) {
            made.close();
        }
    }
}
