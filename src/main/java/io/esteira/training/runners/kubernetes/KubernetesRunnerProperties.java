package io.esteira.training.runners.kubernetes;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how training runs as Kubernetes Jobs ({@code esteira.training.kubernetes.*}). The runner is available
 * only when a cluster is named ({@code masterUrl}, {@code kubeconfig} or {@code inCluster}), the pods can reach the
 * portal ({@code portalUrl}) and at least one environment has an image.
 *
 * @param masterUrl         the API server, e.g. {@code https://k8s.bank.internal:6443}
 * @param kubeconfig        path of a kubeconfig file
 * @param token             bearer token for {@code masterUrl}; empty: from the kubeconfig or service account
 * @param trustCertificates accept any server certificate (test clusters only)
 * @param inCluster         use the service account of the pod the portal runs in
 * @param namespace         the namespace of the training Jobs
 * @param serviceAccount    the service account of the training pods; empty: the namespace's default (then no API token is mounted)
 * @param portalUrl         the portal's address as the pods reach it: they fetch their inputs and send their outputs there
 * @param images            environment name (what a job picks) to container image, e.g. {@code python3=registry/esteira-train:1}
 * @param ttlAfterFinished  how long a finished Job (and its pod and log) stays on the cluster
 * @param pollInterval      how often a running Job's state is read
 * @param podDirectory      where the run's files live inside the pod (an emptyDir volume)
 * @param gpuNodeLabel      the node label that must equal a GPU size's GPU type (as for workspaces); empty: no node selector
 */
@ConfigurationProperties("esteira.training.kubernetes")
public record KubernetesRunnerProperties(
        @DefaultValue("") String masterUrl,
        @DefaultValue("") String kubeconfig,
        @DefaultValue("") String token,
        @DefaultValue("false") boolean trustCertificates,
        @DefaultValue("false") boolean inCluster,
        @DefaultValue("esteira-training") String namespace,
        @DefaultValue("") String serviceAccount,
        @DefaultValue("") String portalUrl,
        Map<String, String> images,
        @DefaultValue("1h") Duration ttlAfterFinished,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("/esteira/run") String podDirectory,
        @DefaultValue("esteira.io/gpu-type") String gpuNodeLabel) {

    public KubernetesRunnerProperties {
        masterUrl = strip(masterUrl);
        kubeconfig = strip(kubeconfig);
        token = strip(token);
        namespace = strip(namespace).isEmpty() ? "esteira-training" : namespace.strip();
        serviceAccount = strip(serviceAccount);
        portalUrl = strip(portalUrl).replaceAll("/+$", "");
        TreeMap<String, String> known = new TreeMap<>();
        if (images != null) {
            images.forEach((k, v) -> {
                if (k != null && !k.isBlank() && v != null && !v.isBlank()) {
                    known.put(k.strip(), v.strip());
                }
            });
        }
        images = java.util.Collections.unmodifiableMap(known);
        ttlAfterFinished = ttlAfterFinished == null ? Duration.ofHours(1) : ttlAfterFinished;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        podDirectory = strip(podDirectory).isEmpty() ? "/esteira/run" : podDirectory.strip().replaceAll("/+$", "");
        gpuNodeLabel = strip(gpuNodeLabel);
    }

    boolean clusterNamed() {
        return !masterUrl.isEmpty() || !kubeconfig.isEmpty() || inCluster;
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
