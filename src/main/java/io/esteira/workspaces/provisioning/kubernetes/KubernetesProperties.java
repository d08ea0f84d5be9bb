package io.esteira.workspaces.provisioning.kubernetes;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how workspaces run on Kubernetes.
 *
 * @param masterUrl            the API server, e.g. {@code https://k8s.bank.internal:6443}; empty to use a kubeconfig
 *                             or the portal's own service account when it runs in a cluster
 * @param kubeconfig           path of a kubeconfig file; empty for none
 * @param token                bearer token for {@code masterUrl}; empty to take credentials from the kubeconfig or
 *                             service account
 * @param trustCertificates    accept any server certificate (test clusters only)
 * @param namespacePrefix      each area's namespace is this prefix and the area code
 * @param addressPattern       the notebook's base address; {@code {name}} and {@code {namespace}} are replaced
 * @param gitImage             the image of the init container that clones a workspace's git repository
 * @param notebookCommand      the notebook server's command; listen, token and directory arguments are appended
 * @param storageClass         storage class of workspace volumes; empty for the cluster's default
 * @param gpuNodeLabel         node label that must equal the GPU type of a GPU workspace; empty for no node selector
 * @param unschedulableTimeout how long a pod may wait for a node before its workspace counts as failed
 * @param portalNamespaceLabel the label of the namespaces (the portal's) whose pods may reach notebooks, as
 *                             {@code key=value}, or {@code key} for any value; every area namespace gets a
 *                             NetworkPolicy that admits only them, on the notebook port
 */
@ConfigurationProperties("esteira.workspaces.kubernetes")
public record KubernetesProperties(
        @DefaultValue("") String masterUrl,
        @DefaultValue("") String kubeconfig,
        @DefaultValue("") String token,
        @DefaultValue("false") boolean trustCertificates,
        @DefaultValue("esteira-") String namespacePrefix,
        @DefaultValue("http://{name}.{namespace}.svc.cluster.local:8888/") String addressPattern,
        @DefaultValue("alpine/git:latest") String gitImage,
        @DefaultValue({"jupyter", "lab"}) List<String> notebookCommand,
        @DefaultValue("") String storageClass,
        @DefaultValue("esteira.io/gpu-type") String gpuNodeLabel,
        @DefaultValue("10m") Duration unschedulableTimeout,
        @DefaultValue(KubernetesProperties.DEFAULT_PORTAL_NAMESPACE_LABEL) String portalNamespaceLabel) {

    static final String DEFAULT_PORTAL_NAMESPACE_LABEL = "esteira.io/portal=true";

    public KubernetesProperties {
        masterUrl = blankToEmpty(masterUrl);
        kubeconfig = blankToEmpty(kubeconfig);
        token = blankToEmpty(token);
        namespacePrefix = namespacePrefix == null ? "esteira-" : namespacePrefix;
        addressPattern = addressPattern == null || addressPattern.isBlank()
                ? "http://{name}.{namespace}.svc.cluster.local:8888/" : addressPattern.strip();
        gitImage = gitImage == null || gitImage.isBlank() ? "alpine/git:latest" : gitImage.strip();
        notebookCommand = notebookCommand == null || notebookCommand.isEmpty()
                ? List.of("jupyter", "lab") : List.copyOf(notebookCommand);
        storageClass = blankToEmpty(storageClass);
        gpuNodeLabel = blankToEmpty(gpuNodeLabel);
        unschedulableTimeout = unschedulableTimeout == null ? Duration.ofMinutes(10) : unschedulableTimeout;
        portalNamespaceLabel = portalNamespaceLabel == null || portalNamespaceLabel.isBlank()
                ? DEFAULT_PORTAL_NAMESPACE_LABEL : portalNamespaceLabel.strip();
        WorkspaceObjects.namespaceSelector(portalNamespaceLabel); // fails early on a malformed label
    }

    /** The defaults, as if nothing were configured. */
    public static KubernetesProperties defaults() {
        return new KubernetesProperties(null, null, null, false, null, null, null, null, null,
                "esteira.io/gpu-type", null, null);
    }

    KubernetesProperties withAddressPattern(String pattern) {
        return new KubernetesProperties(masterUrl, kubeconfig, token, trustCertificates, namespacePrefix, pattern,
                gitImage, notebookCommand, storageClass, gpuNodeLabel, unschedulableTimeout, portalNamespaceLabel);
    }

    KubernetesProperties withMasterUrl(String url) {
        return new KubernetesProperties(url, kubeconfig, token, trustCertificates, namespacePrefix, addressPattern,
                gitImage, notebookCommand, storageClass, gpuNodeLabel, unschedulableTimeout, portalNamespaceLabel);
    }

    KubernetesProperties withPortalNamespaceLabel(String label) {
        return new KubernetesProperties(masterUrl, kubeconfig, token, trustCertificates, namespacePrefix,
                addressPattern, gitImage, notebookCommand, storageClass, gpuNodeLabel, unschedulableTimeout, label);
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
