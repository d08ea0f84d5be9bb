package io.esteira.training.domain;

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
 * A retraining recommendation: raised by a monitor alert of a model's live release, as its retraining policy says,
 * with the alert's evidence (JSON). While it is under way ({@code OPEN}: waiting for a person; {@code TRAINING}: its
 * run is queued or running; {@code TRAINED}: the challenger is registered and compared) it is the model's only one:
 * further alerts are counted on it. It ends {@code DECLINED} (with a reason), {@code FAILED} (its run registered
 * nothing) or {@code PROMOTING} (its challenger's promotion was requested as a change request).
 */
@Entity
@Table(name = "retraining_recommendation")
public class Recommendation {

    public enum State {
        OPEN, DECLINED, TRAINING, TRAINED, FAILED, PROMOTING, PROMOTED;

        public boolean underWay() {
            return this == OPEN || this == TRAINING || this == TRAINED;
        }
    }

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "model_id", nullable = false)
    private UUID modelId;
    @Column(name = "model_name", nullable = false)
    private String modelName;
    @Column(name = "job_id", nullable = false)
    private UUID jobId;
    @Column(name = "job_name", nullable = false)
    private String jobName;
    @Column(name = "alert_id", nullable = false)
    private UUID alertId;
    @Column(name = "alert_check", nullable = false)
    private String alertCheck;
    @Column(name = "alert_message", nullable = false)
    private String alertMessage;
    @Column(name = "alert_window", nullable = false)
    private Instant alertWindow;
    @Column(name = "alerts_seen")
    private int alertsSeen;
    @Column(name = "release_id", nullable = false)
    private UUID releaseId;
    @Column(name = "deployment_name", nullable = false)
    private String deploymentName;
    @Column(name = "champion_version_id", nullable = false)
    private UUID championVersionId;
    @Column(name = "champion_version")
    private int championVersion;
    @Column(nullable = false)
    private String evidence;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    @Column(name = "open_model_id")
    private UUID openModelId;
    private boolean automatic;
    @Column(name = "window_from", nullable = false)
    private Instant windowFrom;
    @Column(name = "window_to", nullable = false)
    private Instant windowTo;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "decided_by")
    private String decidedBy;
    @Column(name = "decided_by_name")
    private String decidedByName;
    @Column(name = "decided_at")
    private Instant decidedAt;
    private String reason;
    @Column(name = "run_id")
    private UUID runId;
    @Column(name = "challenger_version_id")
    private UUID challengerVersionId;
    @Column(name = "challenger_version")
    private Integer challengerVersion;
    @Column(name = "deployment_id")
    private UUID deploymentId;
    @Column(name = "change_id")
    private UUID changeId;
    @Version
    @Column(name = "row_version")
    private long version;

    protected Recommendation() {
    }

    /** The alert that raised it and what it is about. */
    public record Alert(UUID id, String check, String message, Instant window, UUID releaseId, String deployment) {
    }

    public Recommendation(UUID areaId, UUID modelId, String modelName, UUID jobId, String jobName, Alert alert, UUID championVersionId,
            int championVersion, String evidence, boolean automatic, Instant windowFrom, Instant windowTo, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.modelId = modelId;
        this.modelName = modelName;
        this.jobId = jobId;
        this.jobName = jobName;
        this.alertId = alert.id();
        this.alertCheck = alert.check();
        this.alertMessage = alert.message().length() > 2000 ? alert.message().substring(0, 1999) + "…" : alert.message();
        this.alertWindow = alert.window();
        this.alertsSeen = 1;
        this.releaseId = alert.releaseId();
        this.deploymentName = alert.deployment();
        this.championVersionId = championVersionId;
        this.championVersion = championVersion;
        this.evidence = evidence;
        this.state = State.OPEN;
        this.openModelId = modelId;
        this.automatic = automatic;
        this.windowFrom = windowFrom;
        this.windowTo = windowTo;
        this.createdAt = now;
    }

    /** Another alert of the model while this one is under way: counted here, no second recommendation. */
    public void seenAgain() {
        alertsSeen++;
    }

    /** A person accepted it (or the policy started it): its run is queued. */
    public void started(UUID runId, String by, String byName, Instant now) {
        require(State.OPEN);
        this.state = State.TRAINING;
        this.runId = runId;
        this.decidedBy = by;
        this.decidedByName = byName;
        this.decidedAt = now;
    }

    public void declined(String by, String byName, String reason, Instant now) {
        require(State.OPEN);
        this.state = State.DECLINED;
        this.openModelId = null;
        this.decidedBy = by;
        this.decidedByName = byName;
        this.reason = reason;
        this.decidedAt = now;
    }

    public void trained(UUID versionId, int number) {
        require(State.TRAINING);
        this.state = State.TRAINED;
        this.challengerVersionId = versionId;
        this.challengerVersion = number;
    }

    public void failed(String why) {
        require(State.TRAINING);
        this.state = State.FAILED;
        this.openModelId = null;
        this.reason = why == null ? null : why.length() > 2000 ? why.substring(0, 1999) + "…" : why;
    }

    public void promoting(UUID deploymentId, UUID changeId) {
        require(State.TRAINED);
        this.state = State.PROMOTING;
        this.openModelId = null;
        this.deploymentId = deploymentId;
        this.changeId = changeId;
    }

    /** Its challenger's release took all of the endpoint's traffic. */
    public void promoted() {
        require(State.PROMOTING);
        this.state = State.PROMOTED;
    }

    private void require(State expected) {
        if (state != expected) {
            throw new IllegalStateException("The recommendation is " + state.name().toLowerCase() + ", not " + expected.name().toLowerCase());
        }
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public UUID getModelId() { return modelId; }
    public String getModelName() { return modelName; }
    public UUID getJobId() { return jobId; }
    public String getJobName() { return jobName; }
    public UUID getAlertId() { return alertId; }
    public String getAlertCheck() { return alertCheck; }
    public String getAlertMessage() { return alertMessage; }
    public Instant getAlertWindow() { return alertWindow; }
    public int getAlertsSeen() { return alertsSeen; }
    public UUID getReleaseId() { return releaseId; }
    public String getDeploymentName() { return deploymentName; }
    public UUID getChampionVersionId() { return championVersionId; }
    public int getChampionVersion() { return championVersion; }
    public String getEvidence() { return evidence; }
    public State getState() { return state; }
    public boolean isAutomatic() { return automatic; }
    public Instant getWindowFrom() { return windowFrom; }
    public Instant getWindowTo() { return windowTo; }
    public Instant getCreatedAt() { return createdAt; }
    public String getDecidedBy() { return decidedBy; }
    public String getDecidedByName() { return decidedByName; }
    public Instant getDecidedAt() { return decidedAt; }
    public String getReason() { return reason; }
    public UUID getRunId() { return runId; }
    public UUID getChallengerVersionId() { return challengerVersionId; }
    public Integer getChallengerVersion() { return challengerVersion; }
    public UUID getDeploymentId() { return deploymentId; }
    public UUID getChangeId() { return changeId; }
    public long getVersion() { return version; }
}
