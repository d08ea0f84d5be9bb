package io.esteira.monitoring.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What is checked on a release and when it alerts: drift thresholds, the sample-size guard, consecutive breaches, cooldown. */
@Entity
@Table(name = "monitor")
public class Monitor {

    @Id
    @Column(name = "deployment_id")
    private UUID deploymentId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "warning_psi", nullable = false)
    private double warningPsi;
    @Column(name = "breach_psi", nullable = false)
    private double breachPsi;
    @Column(name = "minimum_rows", nullable = false)
    private long minimumRows;
    @Column(nullable = false)
    private double alpha;
    @Column(nullable = false)
    private int consecutive;
    @Column(name = "cooldown_minutes", nullable = false)
    private int cooldownMinutes;
    @Column(name = "segment_features")
    private String segmentFeatures;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected Monitor() {
    }

    public Monitor(UUID deploymentId, UUID areaId, double warningPsi, double breachPsi, long minimumRows, double alpha, int consecutive,
            int cooldownMinutes, Instant createdAt) {
        this.deploymentId = deploymentId;
        this.areaId = areaId;
        this.warningPsi = warningPsi;
        this.breachPsi = breachPsi;
        this.minimumRows = minimumRows;
        this.alpha = alpha;
        this.consecutive = consecutive;
        this.cooldownMinutes = cooldownMinutes;
        this.createdAt = createdAt;
    }

    public UUID getDeploymentId() { return deploymentId; }
    public UUID getAreaId() { return areaId; }
    public double getWarningPsi() { return warningPsi; }
    public double getBreachPsi() { return breachPsi; }
    public long getMinimumRows() { return minimumRows; }
    public double getAlpha() { return alpha; }
    public int getConsecutive() { return consecutive; }
    public int getCooldownMinutes() { return cooldownMinutes; }
    public Instant getCreatedAt() { return createdAt; }
    public long getRowVersion() { return rowVersion; }

    /** The categorical input features whose values segment every drift metric: none, one or two. */
    public List<String> getSegmentFeatures() {
        return segments(segmentFeatures);
    }

    /** Carries out an approved change of the monitor's settings. */
    public void change(double warningPsi, double breachPsi, long minimumRows, int consecutive, int cooldownMinutes, List<String> segmentFeatures) {
        if (!(warningPsi > 0) || breachPsi < warningPsi || minimumRows < 1 || consecutive < 1 || cooldownMinutes < 0
                || segmentFeatures.size() > 2) {
            throw new IllegalArgumentException("not a valid monitor: " + warningPsi + ", " + breachPsi + ", " + minimumRows + ", "
                    + consecutive + ", " + cooldownMinutes + ", " + segmentFeatures);
        }
        this.warningPsi = warningPsi;
        this.breachPsi = breachPsi;
        this.minimumRows = minimumRows;
        this.consecutive = consecutive;
        this.cooldownMinutes = cooldownMinutes;
        this.segmentFeatures = joined(segmentFeatures);
    }

    public static List<String> segments(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.stream(joined.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    public static String joined(List<String> segments) {
        return segments == null || segments.isEmpty() ? null : String.join(",", segments);
    }
}
