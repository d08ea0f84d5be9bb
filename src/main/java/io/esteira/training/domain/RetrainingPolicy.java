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
 * A model's retraining policy: which monitor alerts of its live releases recommend retraining, the training job
 * that retrains it, whether a recommended run starts at once (acting for whoever set the policy) or waits for a
 * person, and the training window: the last {@code windowDays} days, ending {@code labelDelayHours} before the alert
 * (rows younger than that have no settled label yet).
 */
@Entity
@Table(name = "retraining_policy")
public class RetrainingPolicy {

    public enum StartMode { AUTOMATIC, PERSON }

    @Id
    @Column(name = "model_id")
    private UUID modelId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "model_name", nullable = false)
    private String modelName;
    @Column(name = "job_id", nullable = false)
    private UUID jobId;
    @Column(name = "on_drift")
    private boolean onDrift;
    @Column(name = "on_performance")
    private boolean onPerformance;
    @Column(name = "on_estimate")
    private boolean onEstimate;
    @Enumerated(EnumType.STRING)
    @Column(name = "start_mode", nullable = false)
    private StartMode startMode;
    @Column(name = "window_days")
    private int windowDays;
    @Column(name = "label_delay_hours")
    private int labelDelayHours;
    @Column(name = "set_by_id", nullable = false)
    private UUID setById;
    @Column(name = "set_by", nullable = false)
    private String setBy;
    @Column(name = "set_by_name", nullable = false)
    private String setByName;
    @Column(name = "set_by_type", nullable = false)
    private String setByType;
    @Column(name = "set_by_roles", nullable = false)
    private String setByRoles;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    @Column(name = "row_version")
    private long version;

    protected RetrainingPolicy() {
    }

    public RetrainingPolicy(UUID modelId, UUID areaId, String modelName) {
        this.modelId = modelId;
        this.areaId = areaId;
        this.modelName = modelName;
    }

    public void define(UUID jobId, boolean onDrift, boolean onPerformance, boolean onEstimate, StartMode startMode, int windowDays,
            int labelDelayHours, TrainingRun.Requester by, Instant now) {
        this.jobId = jobId;
        this.onDrift = onDrift;
        this.onPerformance = onPerformance;
        this.onEstimate = onEstimate;
        this.startMode = startMode;
        this.windowDays = windowDays;
        this.labelDelayHours = labelDelayHours;
        this.setById = by.id();
        this.setBy = by.username();
        this.setByName = by.displayName();
        this.setByType = by.actorType();
        this.setByRoles = by.roles();
        this.updatedAt = now;
    }

    public UUID getModelId() { return modelId; }
    public UUID getAreaId() { return areaId; }
    public String getModelName() { return modelName; }
    public UUID getJobId() { return jobId; }
    public boolean isOnDrift() { return onDrift; }
    public boolean isOnPerformance() { return onPerformance; }
    public boolean isOnEstimate() { return onEstimate; }
    public StartMode getStartMode() { return startMode; }
    public int getWindowDays() { return windowDays; }
    public int getLabelDelayHours() { return labelDelayHours; }
    public UUID getSetById() { return setById; }
    public String getSetBy() { return setBy; }
    public String getSetByName() { return setByName; }
    public String getSetByType() { return setByType; }
    public String getSetByRoles() { return setByRoles; }
    public Instant getUpdatedAt() { return updatedAt; }
    public long getVersion() { return version; }
}
