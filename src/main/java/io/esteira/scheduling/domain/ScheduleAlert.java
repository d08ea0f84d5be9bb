package io.esteira.scheduling.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An alert raised about one fire of a schedule: it failed for good, or missed its deadline. Unique per fire and kind. */
@Entity
@Table(name = "schedule_alert")
public class ScheduleAlert {

    public enum Kind { FAILED, DEADLINE_MISSED }

    @Id
    private UUID id;
    @Column(name = "schedule_id", nullable = false)
    private UUID scheduleId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "scheduled_for", nullable = false)
    private Instant scheduledFor;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;
    @Column(name = "run_id")
    private UUID runId;
    @Column(nullable = false)
    private String message;
    @Column(name = "raised_at", nullable = false)
    private Instant raisedAt;

    protected ScheduleAlert() {
    }

    public ScheduleAlert(UUID scheduleId, UUID areaId, Instant scheduledFor, Kind kind, UUID runId, String message, Instant now) {
        this.id = UUID.randomUUID();
        this.scheduleId = scheduleId;
        this.areaId = areaId;
        this.scheduledFor = scheduledFor;
        this.kind = kind;
        this.runId = runId;
        this.message = message.length() > 4000 ? message.substring(0, 4000) : message;
        this.raisedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getScheduleId() { return scheduleId; }
    public UUID getAreaId() { return areaId; }
    public Instant getScheduledFor() { return scheduledFor; }
    public Kind getKind() { return kind; }
    public UUID getRunId() { return runId; }
    public String getMessage() { return message; }
    public Instant getRaisedAt() { return raisedAt; }
}
