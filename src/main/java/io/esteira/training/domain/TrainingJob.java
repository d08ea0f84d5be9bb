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
 * A training job of an area: the model it trains, its source and entrypoint, environment, parameters (JSON),
 * size, time limit, seed and inputs (the training set's definition, JSON). Deleting keeps the row and its runs.
 */
@Entity
@Table(name = "training_job")
public class TrainingJob {

    public enum SourceKind { SAMPLE, WORKSPACE }

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(nullable = false)
    private String name;
    @Column(name = "live_name")
    private String liveName;
    @Column(nullable = false)
    private String description;
    @Column(name = "model_id", nullable = false)
    private UUID modelId;
    @Column(name = "model_name", nullable = false)
    private String modelName;
    @Enumerated(EnumType.STRING)
    @Column(name = "source_kind", nullable = false)
    private SourceKind sourceKind;
    /** SAMPLE: the sample's directory name; WORKSPACE: the workspace's id. */
    @Column(name = "source_ref", nullable = false)
    private String sourceRef;
    /** A folder inside the source ("" for its root). */
    @Column(name = "source_path", nullable = false)
    private String sourcePath;
    @Column(nullable = false)
    private String entrypoint;
    @Column(nullable = false)
    private String environment;
    @Column(nullable = false)
    private String runner;
    @Column(nullable = false)
    private String parameters;
    @Column(name = "size_code", nullable = false)
    private String sizeCode;
    @Column(name = "max_run_minutes")
    private int maxRunMinutes;
    private long seed;
    @Column(nullable = false)
    private String inputs;
    @Column(name = "created_by", nullable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "deleted_at")
    private Instant deletedAt;
    /** A Quartz cron expression, or null: the job runs only when asked. */
    @Column(name = "schedule_cron")
    private String scheduleCron;
    @Column(name = "schedule_zone")
    private String scheduleZone;
    /** A scheduling BusinessCalendar's name (NONE: every day the cron names). */
    @Column(name = "schedule_calendar")
    private String scheduleCalendar;
    /** Whom a scheduled run acts for: who last set the schedule. */
    @Column(name = "schedule_owner_id")
    private UUID scheduleOwnerId;
    @Column(name = "schedule_owner")
    private String scheduleOwner;
    @Column(name = "schedule_skipped_at")
    private Instant scheduleSkippedAt;
    @Column(name = "schedule_skipped_reason")
    private String scheduleSkippedReason;
    @Version
    @Column(name = "row_version")
    private long version;

    protected TrainingJob() {
    }

    public TrainingJob(UUID areaId, String name, String createdBy, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.name = name;
        this.liveName = name;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Everything but the name and area, as a save of the job's form sets it. */
    public void define(String description, UUID modelId, String modelName, SourceKind sourceKind, String sourceRef, String sourcePath,
            String entrypoint, String environment, String runner, String parameters, String sizeCode, int maxRunMinutes, long seed,
            String inputs, Instant now) {
        this.description = description;
        this.modelId = modelId;
        this.modelName = modelName;
        this.sourceKind = sourceKind;
        this.sourceRef = sourceRef;
        this.sourcePath = sourcePath;
        this.entrypoint = entrypoint;
        this.environment = environment;
        this.runner = runner;
        this.parameters = parameters;
        this.sizeCode = sizeCode;
        this.maxRunMinutes = maxRunMinutes;
        this.seed = seed;
        this.inputs = inputs;
        this.updatedAt = now;
    }

    /** Sets the schedule (null cron: none); the owner is whom its runs act for. */
    public void schedule(String cron, String zone, String calendar, UUID ownerId, String owner) {
        this.scheduleCron = cron;
        this.scheduleZone = cron == null ? null : zone;
        this.scheduleCalendar = cron == null ? null : calendar;
        this.scheduleOwnerId = cron == null ? null : ownerId;
        this.scheduleOwner = cron == null ? null : owner;
        this.scheduleSkippedAt = null;
        this.scheduleSkippedReason = null;
    }

    /** A fire of the schedule that started no run, and why. */
    public void scheduleSkipped(Instant at, String reason) {
        this.scheduleSkippedAt = at;
        this.scheduleSkippedReason = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 1999) + "…" : reason;
    }

    public boolean isScheduled() {
        return scheduleCron != null;
    }

    public void delete(Instant now) {
        this.deletedAt = now;
        this.liveName = null;
        this.updatedAt = now;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public UUID getModelId() { return modelId; }
    public String getModelName() { return modelName; }
    public SourceKind getSourceKind() { return sourceKind; }
    public String getSourceRef() { return sourceRef; }
    public String getSourcePath() { return sourcePath; }
    public String getEntrypoint() { return entrypoint; }
    public String getEnvironment() { return environment; }
    public String getRunner() { return runner; }
    public String getParameters() { return parameters; }
    public String getSizeCode() { return sizeCode; }
    public int getMaxRunMinutes() { return maxRunMinutes; }
    public long getSeed() { return seed; }
    public String getInputs() { return inputs; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getDeletedAt() { return deletedAt; }
    public long getVersion() { return version; }
    public String getScheduleCron() { return scheduleCron; }
    public String getScheduleZone() { return scheduleZone; }
    public String getScheduleCalendar() { return scheduleCalendar; }
    public UUID getScheduleOwnerId() { return scheduleOwnerId; }
    public String getScheduleOwner() { return scheduleOwner; }
    public Instant getScheduleSkippedAt() { return scheduleSkippedAt; }
    public String getScheduleSkippedReason() { return scheduleSkippedReason; }
}
