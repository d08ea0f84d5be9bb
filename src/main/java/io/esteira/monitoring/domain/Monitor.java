package io.esteira.monitoring.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
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
}
