package io.esteira.monitoring;

import java.util.List;

/**
 * What a monitor checks and when it alerts. In a proposal, a null field keeps the value in force.
 *
 * @param warningPsi      PSI above which a window warns
 * @param breachPsi       PSI above which a window breaches; at least the warning PSI
 * @param minimumRows     the fewest rows a window (and each segment of it) needs for a verdict
 * @param consecutive     hourly windows in breach in a row before an alert opens
 * @param cooldownMinutes after an alert is resolved, how long the same breach opens no new one
 * @param segmentFeatures up to two categorical input features whose values segment every drift metric
 */
public record MonitorSettings(Double warningPsi, Double breachPsi, Long minimumRows, Integer consecutive, Integer cooldownMinutes,
        List<String> segmentFeatures) {

    public MonitorSettings {
        segmentFeatures = segmentFeatures == null ? null : List.copyOf(segmentFeatures);
    }

    /** The settings as reviewers read them. */
    public String inWords() {
        return "warning PSI " + warningPsi + ", breach PSI " + breachPsi + ", minimum rows " + minimumRows + ", " + consecutive
                + " consecutive hours, cooldown " + cooldownMinutes + " min, segments "
                + (segmentFeatures == null || segmentFeatures.isEmpty() ? "none" : String.join(" and ", segmentFeatures));
    }
}
