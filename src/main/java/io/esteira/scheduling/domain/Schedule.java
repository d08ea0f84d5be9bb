package io.esteira.scheduling.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.MisfirePolicy;
import io.esteira.scheduling.ScheduleOptions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A recurring query of an area: what it reads, where it writes, and when it runs. */
@Entity
@Table(name = "schedule")
public class Schedule {

    public enum TargetMode { NONE, REPLACE, APPEND, UPSERT }

    public enum State { ACTIVE, PAUSED }

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String description;
    @Column(name = "source_id", nullable = false)
    private UUID sourceId;
    @Column(name = "query_sql", nullable = false)
    private String sql;
    @Column(name = "target_table")
    private String targetTable;
    @Enumerated(EnumType.STRING)
    @Column(name = "target_mode", nullable = false)
    private TargetMode targetMode;
    @Column(name = "target_keys")
    private String targetKeys;
    @Column(nullable = false)
    private String cron;
    @Column(name = "time_zone", nullable = false)
    private String zone;
    @Enumerated(EnumType.STRING)
    @Column(name = "business_calendar", nullable = false)
    private BusinessCalendar calendar = BusinessCalendar.NONE;
    @Column(name = "timeout_seconds")
    private int timeoutSeconds;
    private int retries;
    @Column(name = "retry_delay_seconds")
    private int retryDelaySeconds = 60;
    @Enumerated(EnumType.STRING)
    @Column(name = "misfire_policy", nullable = false)
    private MisfirePolicy misfire = MisfirePolicy.RUN_ONCE;
    @Column(name = "deadline_minutes")
    private Integer deadlineMinutes;
    @Column(name = "notify_on_failure")
    private boolean notifyOnFailure = true;
    @Column(name = "webhook_url")
    private String webhookUrl;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;
    @Column(name = "owner_name", nullable = false)
    private String ownerName;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "scorer_type")
    private String scorerType;
    @Column(name = "scorer_subject")
    private String scorerSubject;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected Schedule() {
    }

    public Schedule(UUID areaId, String name, UUID ownerId, String ownerName, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.name = name;
        this.ownerId = ownerId;
        this.ownerName = ownerName;
        this.state = State.ACTIVE;
        this.createdAt = now;
    }

    /** Sets everything a person edits; the caller has checked it. */
    public void define(String description, UUID sourceId, String sql, String targetTable, TargetMode targetMode, List<String> targetKeys,
            String cron, String zone, BusinessCalendar calendar, int timeoutSeconds, ScheduleOptions options, Instant now) {
        this.description = description == null ? "" : description;
        this.sourceId = sourceId;
        this.sql = sql;
        this.targetTable = targetTable;
        this.targetMode = targetMode;
        this.targetKeys = targetKeys == null || targetKeys.isEmpty() ? null : String.join(",", targetKeys);
        this.cron = cron;
        this.zone = zone;
        this.calendar = calendar;
        this.timeoutSeconds = timeoutSeconds;
        this.retries = options.retries();
        this.retryDelaySeconds = options.retryDelaySeconds();
        this.misfire = options.misfire();
        this.deadlineMinutes = options.deadlineMinutes();
        this.notifyOnFailure = options.notifyOnFailure();
        this.webhookUrl = options.webhookUrl();
        this.updatedAt = now;
    }

    public ScheduleOptions options() {
        return new ScheduleOptions(retries, retryDelaySeconds, misfire, deadlineMinutes, notifyOnFailure, webhookUrl);
    }

    /** The wait before automatic retry {@code n} (1 for the first): the retry delay, doubled for each retry before it. */
    public java.time.Duration retryDelay(int n) {
        return java.time.Duration.ofSeconds((long) retryDelaySeconds << Math.min(Math.max(n - 1, 0), 10));
    }

    public void pause(Instant now) {
        this.state = State.PAUSED;
        this.updatedAt = now;
    }

    public void resume(Instant now) {
        this.state = State.ACTIVE;
        this.updatedAt = now;
    }

    /** Its rows are scored by another module's subject before they are written; that subject manages it. */
    public void scoredBy(String type, String subjectId) {
        this.scorerType = type;
        this.scorerSubject = subjectId;
    }

    public boolean isManaged() {
        return scorerType != null;
    }

    public List<String> targetKeyList() {
        return targetKeys == null ? List.of() : List.of(targetKeys.split(","));
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public UUID getSourceId() { return sourceId; }
    public String getSql() { return sql; }
    public String getTargetTable() { return targetTable; }
    public TargetMode getTargetMode() { return targetMode; }
    public String getCron() { return cron; }
    public String getZone() { return zone; }
    public int getTimeoutSeconds() { return timeoutSeconds; }
    public BusinessCalendar getCalendar() { return calendar; }
    public int getRetries() { return retries; }
    public MisfirePolicy getMisfire() { return misfire; }
    public Integer getDeadlineMinutes() { return deadlineMinutes; }
    public boolean isNotifyOnFailure() { return notifyOnFailure; }
    public String getWebhookUrl() { return webhookUrl; }
    public State getState() { return state; }
    public UUID getOwnerId() { return ownerId; }
    public String getOwnerName() { return ownerName; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public long getRowVersion() { return rowVersion; }
    public String getScorerType() { return scorerType; }
    public String getScorerSubject() { return scorerSubject; }
}
