package io.esteira.deployments.kubernetes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cluster where the {@code kubernetes} deployment target runs KServe InferenceServices, and how.
 * The target exists only when {@code masterUrl} or {@code kubeconfig} is set, or {@code inCluster} is true.
 *
 * @param masterUrl         the API server, e.g. {@code https://k8s.bank.internal:6443}
 * @param kubeconfig        path of a kubeconfig file
 * @param token             bearer token for {@code masterUrl}; empty: from the kubeconfig or service account
 * @param trustCertificates accept any server certificate (test clusters only)
 * @param inCluster         use the service account of the pod the portal runs in
 * @param namespacePrefix   each area's InferenceServices live in this prefix and the area code, like its workspaces
 * @param portalUrl         the portal's address as KServe's storage initializer reaches it, for versions whose
 *                          artifact the portal holds ({@code <portalUrl>/api/v1/models/<model>/versions/<n>/artifact});
 *                          empty: only versions with an external artifactUri can be deployed
 * @param serviceAccount    the predictors' service account (e.g. one carrying the storage credentials); empty: the namespace's default
 * @param runtime           the KServe ServingRuntime to use; empty: the one KServe picks for the onnx format
 * @param defaultCpu        a predictor's CPU when the request names none
 * @param defaultMemory     and its memory
 * @param readyTimeout      how long a release may take to become Ready before it fails
 * @param pollInterval      how often its readiness is read meanwhile
 * @param predictTimeout    how long a prediction forwarded to a predictor may take
 */
@ConfigurationProperties("esteira.deployments.kubernetes")
public record KServeProperties(
        @DefaultValue("") String masterUrl,
        @DefaultValue("") String kubeconfig,
        @DefaultValue("") String token,
        @DefaultValue("false") boolean trustCertificates,
        @DefaultValue("false") boolean inCluster,
        @DefaultValue("esteira-") String namespacePrefix,
        @DefaultValue("") String portalUrl,
        @DefaultValue("") String serviceAccount,
        @DefaultValue("") String runtime,
        @DefaultValue("1") String defaultCpu,
        @DefaultValue("1Gi") String defaultMemory,
        @DefaultValue("5m") Duration readyTimeout,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("10s") Duration predictTimeout) {

    public KServeProperties {
        masterUrl = strip(masterUrl);
        kubeconfig = strip(kubeconfig);
        token = strip(token);
        namespacePrefix = namespacePrefix == null ? "esteira-" : namespacePrefix.strip();
        portalUrl = strip(portalUrl).replaceAll("/+$", "");
        serviceAccount = strip(serviceAccount);
        runtime = strip(runtime);
        defaultCpu = strip(defaultCpu).isEmpty() ? "1" : defaultCpu.strip();
        defaultMemory = strip(defaultMemory).isEmpty() ? "1Gi" : defaultMemory.strip();
        readyTimeout = readyTimeout == null ? Duration.ofMinutes(5) : readyTimeout;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        predictTimeout = predictTimeout == null ? Duration.ofSeconds(10) : predictTimeout;
    }

    /** Everything at its default, with the portal at {@code portalUrl}. */
    static KServeProperties defaults(String portalUrl) {
        return new KServeProperties(null, null, null, false, false, null, portalUrl, null, null, null, null, null, null, null);
    }

    KServeProperties withTimeouts(Duration readyTimeout, Duration pollInterval) {
        return new KServeProperties(masterUrl, kubeconfig, token, trustCertificates, inCluster, namespacePrefix, portalUrl,
                serviceAccount, runtime, defaultCpu, defaultMemory, readyTimeout, pollInterval, predictTimeout);
    }

    KServeProperties withServiceAccountAndRuntime(String serviceAccount, String runtime) {
        return new KServeProperties(masterUrl, kubeconfig, token, trustCertificates, inCluster, namespacePrefix, portalUrl,
                serviceAccount, runtime, defaultCpu, defaultMemory, readyTimeout, pollInterval, predictTimeout);
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
