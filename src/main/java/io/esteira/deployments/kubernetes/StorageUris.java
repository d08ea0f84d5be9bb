package io.esteira.deployments.kubernetes;

import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Where KServe's storage initializer fetches a version's artifact: its external {@code artifactUri},
 * or, for an artifact the portal holds, the portal's artifact download
 * ({@code <portal>/api/v1/models/<model>/versions/<n>/artifact?area=<area id>}).
 */
final class StorageUris {

    /** The external schemes KServe's storage initializer downloads from. */
    static final Set<String> SCHEMES = Set.of("s3", "gs", "https", "hdfs", "webhdfs", "pvc", "oci");

    private StorageUris() {
    }

    /** @throws InvalidRequestException on {@code versionId} when KServe could not reach the artifact */
    static String of(VersionView version, String portalUrl) {
        String label = version.model() + " v" + version.number();
        if ("EXTERNAL".equals(version.format())) {
            String uri = version.artifactUri() == null ? "" : version.artifactUri().strip();
            int colon = uri.indexOf("://");
            String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!SCHEMES.contains(scheme)) {
                throw new InvalidRequestException("versionId", label + " lives at " + (uri.isEmpty() ? "no address" : uri)
                        + ", which KServe cannot download; it takes " + SCHEMES.stream().sorted().map(s -> s + "://").toList());
            }
            return uri;
        }
        if (portalUrl == null || portalUrl.isBlank()) {
            throw new InvalidRequestException("versionId", label + " is held by the portal, and the portal's address for KServe is not "
                    + "configured (ESTEIRA_PORTAL_URL, esteira.deployments.kubernetes.portal-url); register the version with an external "
                    + "artifactUri, or ask an administrator to set the address");
        }
        return portalUrl + "/api/v1/models/" + URLEncoder.encode(version.model(), StandardCharsets.UTF_8).replace("+", "%20")
                + "/versions/" + version.number() + "/artifact?area=" + version.areaId();
    }
}
