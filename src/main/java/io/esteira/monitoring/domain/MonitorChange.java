package io.esteira.monitoring.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A proposed change of a monitor's settings, the subject of one change request. It is applied only
 * when that request is approved, and only to the monitor it was proposed against ({@code baseVersion}).
 */
@Entity
@Table(name = "monitor_change")
public class MonitorChange {

    public enum State { PENDING, APPLIED, REJECTED, WITHDRAWN, EXPIRED, STALE }

    @Id
    private UUID id;
    @Column(name = "deployment_id", nullable = false)
    private UUID deploymentId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "change_id")
    private UUID changeId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    @Column(name = "base_version", nullable = false)
    private long baseVersion;
    @Column(name = "warning_psi", nullable = false)
    private double warningPsi;
    @Column(name = "breach_psi", nullable = false)
    private double breachPsi;
    @Column(name = "minimum_rows", nullable = false)
    private long minimumRows;
    @Column(nullable = false)
    private int consecutive;
    @Column(name = "cooldown_minutes", nullable = false)
    private int cooldownMinutes;
    @Column(name = "segment_features")
    private String segmentFeatures;
    @Column(name = "minimum_auc")
    private Double minimumAuc;
    @Column(name = "maturity_coverage")
    private Double maturityCoverage;
    @Column(name = "maturity_delay_hours")
    private Integer maturityDelayHours;
    /** The settings in force when it was proposed, as words (the evidence's "in force" column). */
    @Column(nullable = false)
    private String previous;
    @Column(name = "proposed_by", nullable = false)
    private String proposedBy;
    @Column(name = "proposed_by_id", nullable = false)
    private UUID proposedById;
    @Column(name = "proposed_at", nullable = false)
    private Instant proposedAt;
    @Column(name = "closed_at")
    private Instant closedAt;
    private String outcome;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected MonitorChange() {
    }

    public MonitorChange(UUID deploymentId, UUID areaId, long baseVersion, double warningPsi, double breachPsi, long minimumRows,
            int consecutive, int cooldownMinutes, List<String> segmentFeatures, String previous, String proposedBy, UUID proposedById,
            Instant proposedAt) {
        this.id = UUID.randomUUID();
        this.deploymentId = deploymentId;
        this.areaId = areaId;
        this.state = State.PENDING;
        this.baseVersion = baseVersion;
        this.warningPsi = warningPsi;
        this.breachPsi = breachPsi;
        this.minimumRows = minimumRows;
        this.consecutive = consecutive;
        this.cooldownMinutes = cooldownMinutes;
        this.segmentFeatures = Monitor.joined(segmentFeatures);
        this.previous = previous.length() > 1000 ? previous.substring(0, 1000) : previous;
        this.proposedBy = proposedBy;
        this.proposedById = proposedById;
        this.proposedAt = proposedAt;
    }

    public void submitted(UUID changeId) {
        this.changeId = changeId;
    }

    /** Ends a pending proposal: applied, or closed with the reason. */
    public void close(State to, String why, Instant at) {
        if (state != State.PENDING) {
            throw new IllegalStateException("The proposal is " + state.name().toLowerCase() + " already");
        }
        if (to == State.PENDING) {
            throw new IllegalArgumentException("a proposal is closed to another state");
        }
        this.state = to;
        this.outcome = why == null ? null : why.length() > 1000 ? why.substring(0, 999) + "…" : why;
        this.closedAt = at;
    }

    public UUID getId() { return id; }
    public UUID getDeploymentId() { return deploymentId; }
    public UUID getAreaId() { return areaId; }
    public UUID getChangeId() { return changeId; }
    public State getState() { return state; }
    public long getBaseVersion() { return baseVersion; }
    public double getWarningPsi() { return warningPsi; }
    public double getBreachPsi() { return breachPsi; }
    public long getMinimumRows() { return minimumRows; }
    public int getConsecutive() { return consecutive; }
    public int getCooldownMinutes() { return cooldownMinutes; }
    public List<String> getSegmentFeatures() { return Monitor.segments(segmentFeatures); }
    /** Null: not judged. */
    public Double getMinimumAuc() { return minimumAuc; }
    public Double getMaturityCoverage() { return maturityCoverage; }
    public Integer getMaturityDelayHours() { return maturityDelayHours; }

    /** The performance thresholds proposed with the drift settings ({@code minimumAuc} null: not judged). */
    public void judgePerformance(Double minimumAuc, double maturityCoverage, int maturityDelayHours) {
        this.minimumAuc = minimumAuc;
        this.maturityCoverage = maturityCoverage;
        this.maturityDelayHours = maturityDelayHours;
    }
    public String getPrevious() { return previous; }
    public String getProposedBy() { return proposedBy; }
    public UUID getProposedById() { return proposedById; }
    public Instant getProposedAt() { return proposedAt; }
    public Instant getClosedAt() { return closedAt; }
    public String getOutcome() { return outcome; }
    public long getRowVersion() { return rowVersion; }
}
