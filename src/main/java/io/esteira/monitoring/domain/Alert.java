package io.esteira.monitoring.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * An alert of a release's monitor: opened by a breach, seen again while it lasts (never a second
 * alert for the same check), acknowledged, snoozed until a time with a reason, or resolved.
 */
@Entity
@Table(name = "monitoring_alert")
public class Alert {

    public enum State { OPEN, ACKNOWLEDGED, SNOOZED, RESOLVED }

    public enum Severity { WARNING, BREACH }

    @Id
    private UUID id;
    @Column(name = "deployment_id", nullable = false)
    private UUID deploymentId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "deployment_name", nullable = false)
    private String deploymentName;
    @Column(name = "check_name", nullable = false)
    private String checkName;
    /** The traffic the check looked at: {@code *} for all, else a segment such as {@code channel=online}. */
    @Column(nullable = false)
    private String segment;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Severity severity;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    @Column(nullable = false)
    private String message;
    private String recommendation;
    @Column(name = "first_window", nullable = false)
    private Instant firstWindow;
    @Column(name = "last_window", nullable = false)
    private Instant lastWindow;
    @Column(name = "times_seen", nullable = false)
    private int timesSeen;
    @Column(name = "opened_at", nullable = false)
    private Instant openedAt;
    @Column(name = "acknowledged_by")
    private String acknowledgedBy;
    @Column(name = "acknowledged_at")
    private Instant acknowledgedAt;
    @Column(name = "snoozed_until")
    private Instant snoozedUntil;
    @Column(name = "snooze_reason")
    private String snoozeReason;
    @Column(name = "resolved_by")
    private String resolvedBy;
    @Column(name = "resolved_at")
    private Instant resolvedAt;
    private String resolution;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected Alert() {
    }

    public Alert(UUID deploymentId, UUID areaId, String deploymentName, String checkName, String segment, Severity severity,
            String message, String recommendation, Instant window, Instant now) {
        this.id = UUID.randomUUID();
        this.deploymentId = deploymentId;
        this.areaId = areaId;
        this.deploymentName = deploymentName;
        this.checkName = checkName;
        this.segment = segment;
        this.severity = severity;
        this.state = State.OPEN;
        this.message = message;
        this.recommendation = recommendation;
        this.firstWindow = window;
        this.lastWindow = window;
        this.timesSeen = 1;
        this.openedAt = now;
    }

    /** The breach was seen again (a later window, or the same evaluated again): nothing new is opened. */
    public boolean seenAgain(Instant window, String message, Instant now) {
        boolean later = window.isAfter(lastWindow);
        if (later) {
            lastWindow = window;
            timesSeen++;
            this.message = message;
        }
        if (state == State.SNOOZED && snoozedUntil != null && !now.isBefore(snoozedUntil)) {
            state = State.OPEN; // the snooze is over and the breach is still there
            snoozedUntil = null;
            return true;
        }
        return false;
    }

    public void acknowledge(String by, Instant at) {
        require(state == State.OPEN || state == State.SNOOZED, "acknowledged");
        state = State.ACKNOWLEDGED;
        acknowledgedBy = by;
        acknowledgedAt = at;
    }

    public void snooze(Instant until, String reason) {
        require(state != State.RESOLVED, "snoozed");
        state = State.SNOOZED;
        snoozedUntil = until;
        snoozeReason = reason;
    }

    public void resolve(String by, String why, Instant at) {
        require(state != State.RESOLVED, "resolved");
        state = State.RESOLVED;
        resolvedBy = by;
        resolution = why;
        resolvedAt = at;
    }

    private void require(boolean allowed, String becoming) {
        if (!allowed) {
            throw new IllegalStateException("An alert that is " + state.name().toLowerCase() + " cannot be " + becoming);
        }
    }

    public UUID getId() { return id; }
    public UUID getDeploymentId() { return deploymentId; }
    public UUID getAreaId() { return areaId; }
    public String getDeploymentName() { return deploymentName; }
    public String getCheckName() { return checkName; }
    public String getSegment() { return segment; }
    public Severity getSeverity() { return severity; }
    public State getState() { return state; }
    public String getMessage() { return message; }
    public String getRecommendation() { return recommendation; }
    public Instant getFirstWindow() { return firstWindow; }
    public Instant getLastWindow() { return lastWindow; }
    public int getTimesSeen() { return timesSeen; }
    public Instant getOpenedAt() { return openedAt; }
    public String getAcknowledgedBy() { return acknowledgedBy; }
    public Instant getAcknowledgedAt() { return acknowledgedAt; }
    public Instant getSnoozedUntil() { return snoozedUntil; }
    public String getSnoozeReason() { return snoozeReason; }
    public String getResolvedBy() { return resolvedBy; }
    public Instant getResolvedAt() { return resolvedAt; }
    public String getResolution() { return resolution; }
    public long getRowVersion() { return rowVersion; }
}
