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
 * @param minimumAuc      the realised (and estimated) daily AUC below which the model underperforms; 0: not judged
 * @param maturityCoverage the label coverage at which a window's labels are mature
 * @param maturityDelayHours the hours after a window's end at which its labels are mature whatever their coverage
 */
public record MonitorSettings(Double warningPsi, Double breachPsi, Long minimumRows, Integer consecutive, Integer cooldownMinutes,
        List<String> segmentFeatures, Double minimumAuc, Double maturityCoverage, Integer maturityDelayHours) {

    public MonitorSettings {
        segmentFeatures = segmentFeatures == null ? null : List.copyOf(segmentFeatures);
    }

    /** Drift settings only; the performance thresholds are kept. */
    public MonitorSettings(Double warningPsi, Double breachPsi, Long minimumRows, Integer consecutive, Integer cooldownMinutes,
            List<String> segmentFeatures) {
        this(warningPsi, breachPsi, minimumRows, consecutive, cooldownMinutes, segmentFeatures, null, null, null);
    }

    /** The settings as reviewers read them. */
    public String inWords() {
        return "warning PSI " + warningPsi + ", breach PSI " + breachPsi + ", minimum rows " + minimumRows + ", " + consecutive
                + " consecutive hours, cooldown " + cooldownMinutes + " min, segments "
                + (segmentFeatures == null || segmentFeatures.isEmpty() ? "none" : String.join(" and ", segmentFeatures))
                + ", minimum AUC " + (minimumAuc == null || minimumAuc == 0 ? "none" : minimumAuc) + ", labels mature at "
                + (maturityCoverage == null ? "?" : Math.round(maturityCoverage * 100) + " %") + " coverage or after " + maturityDelayHours + " h";
    }
}
