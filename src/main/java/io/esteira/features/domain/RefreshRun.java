package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One refresh of a published version: the rules checked again on the current data, then the online table rebuilt. */
@Entity
@Table(name = "feature_refresh")
public class RefreshRun {

    public enum State { RUNNING, DONE, FAILED }

    @Id
    private UUID id;
    @Column(name = "version_id", nullable = false)
    private UUID versionId;
    @Column(name = "triggered_by", nullable = false)
    private String triggeredBy;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    /** The last time the source was found unchanged since this refresh. */
    @Column(name = "checked_at")
    private Instant checkedAt;
    @Column(name = "source_rows")
    private Long sourceRows;
    private Long entities;
    private Long violations;
    @Column(name = "violation_detail")
    private String violationDetail;
    /** Row count and latest event time of the source when it was read: unchanged means nothing to do. */
    private String fingerprint;
    @Column(name = "key_kinds")
    private String keyKinds;
    private String error;

    protected RefreshRun() {
    }

    public RefreshRun(UUID versionId, String triggeredBy, Instant at) {
        this.id = UUID.randomUUID();
        this.versionId = versionId;
        this.triggeredBy = triggeredBy;
        this.state = State.RUNNING;
        this.startedAt = at;
    }

    public void validated(long rows, long violations, String detail, String fingerprint) {
        this.sourceRows = rows;
        this.violations = violations;
        this.violationDetail = detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3999) + "…";
        this.fingerprint = fingerprint;
    }

    public void done(long entities, String keyKinds, Instant at) {
        this.entities = entities;
        this.keyKinds = keyKinds;
        this.state = State.DONE;
        this.finishedAt = at;
        this.checkedAt = at;
    }

    public void failed(String error, Instant at) {
        this.state = State.FAILED;
        this.error = error == null ? "unknown error" : error.substring(0, Math.min(error.length(), 2000));
        this.finishedAt = at;
    }

    public void checked(Instant at) {
        this.checkedAt = at;
    }

    public UUID getId() { return id; }
    public UUID getVersionId() { return versionId; }
    public String getTriggeredBy() { return triggeredBy; }
    public State getState() { return state; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Instant getCheckedAt() { return checkedAt; }
    public Long getSourceRows() { return sourceRows; }
    public Long getEntities() { return entities; }
    public Long getViolations() { return violations; }
    public String getViolationDetail() { return violationDetail; }
    public String getFingerprint() { return fingerprint; }
    public String getKeyKinds() { return keyKinds; }
    public String getError() { return error; }
}
