package io.esteira.shared.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where a deployment's monitoring page is, for the pages of the modules monitoring reads (a release,
 * a model version), which may not depend on monitoring.
 */
public final class MonitoringLinks {

    private MonitoringLinks() {
    }

    /**
     * @param areaId    its area (a name may be used in several areas)
     * @param releaseId the release to show, or null for the deployment's stable live release
     */
    public static String deployment(String name, UUID areaId, UUID releaseId) {
        StringBuilder link = new StringBuilder("monitoring/").append(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        String separator = "?";
        if (areaId != null) {
            link.append(separator).append("area=").append(areaId);
            separator = "&";
        }
        if (releaseId != null) {
            link.append(separator).append("release=").append(releaseId);
        }
        return link.toString();
    }
}
