package io.esteira.shared.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the portal talks to a cluster, the same for workspaces and deployments: a fabric8 client from
 * a kubeconfig file, or the environment (in-cluster service account, ~/.kube/config), with an
 * optional API server address and bearer token, short time-outs and one retry; and the names
 * Kubernetes accepts for an area's namespace and for label values.
 */
public final class KubernetesConnections {

    private KubernetesConnections() {
    }

    /**
     * @param kubeconfig a kubeconfig file, or empty for the environment's configuration
     * @param masterUrl  the API server, or empty for the configuration's
     * @param token      a bearer token, or empty for the configuration's credentials
     * @throws UncheckedIOException when the kubeconfig cannot be read
     */
    public static KubernetesClient connect(String kubeconfig, String masterUrl, String token, boolean trustCertificates) {
        Config base;
        if (!kubeconfig.isEmpty()) {
            try {
                base = Config.fromKubeconfig(null, Files.readString(Path.of(kubeconfig)), kubeconfig);
            } catch (IOException e) {
                throw new UncheckedIOException("The kubeconfig " + kubeconfig + " cannot be read", e);
            }
        } else {
            base = Config.autoConfigure(null);
        }
        ConfigBuilder config = new ConfigBuilder(base).withConnectionTimeout(5_000).withRequestTimeout(15_000).withRequestRetryBackoffLimit(1);
        if (!masterUrl.isEmpty()) {
            config.withMasterUrl(masterUrl);
        }
        if (!token.isEmpty()) {
            config.withOauthToken(token);
        }
        if (trustCertificates) {
            config.withTrustCerts(true);
        }
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }

    /** An area's namespace: the prefix and the area code as a DNS label; null when the code makes none. */
    public static String namespaceOf(String areaCode, String prefix) {
        String area = areaCode == null ? "" : areaCode.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String namespace = (prefix + area).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        if (namespace.length() > 63) {
            namespace = namespace.substring(0, 63);
        }
        namespace = namespace.replaceAll("^-+|-+$", "");
        return namespace.isEmpty() ? null : namespace;
    }

    /** A valid label value for any text: at most 63 letters, digits and {@code -_.}, beginning and ending alphanumeric. */
    public static String labelValue(String text) {
        String value = text == null ? "" : text.replaceAll("[^-_.A-Za-z0-9]", "_");
        if (value.length() > 63) {
            value = value.substring(0, 63);
        }
        return value.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }
}
