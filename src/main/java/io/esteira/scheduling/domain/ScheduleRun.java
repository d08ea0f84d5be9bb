package io.esteira.scheduling.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One run of a schedule. Unique per schedule, scheduled time and attempt: a fire runs once, whichever node takes it. */
@Entity
@Table(name = "schedule_run")
public class ScheduleRun {

    public enum State { RUNNING, SUCCEEDED, FAILED }

    /** RETRY: an automatic retry of a failed scheduled run. */
    public enum Trigger { SCHEDULE, MANUAL, BACKFILL, RERUN, RETRY }

    @Id
    private UUID id;
    @Column(name = "schedule_id", nullable = false)
    private UUID scheduleId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "scheduled_for", nullable = false)
    private Instant scheduledFor;
    private int attempt;
    @Enumerated(EnumType.STRING)
    @Column(name = "run_trigger", nullable = false)
    private Trigger trigger;
    @Column(name = "run_date", nullable = false)
    private LocalDate runDate;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    @Column(nullable = false)
    private String node;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Column(name = "rows_read")
    private Long rowsRead;
    @Column(name = "rows_written")
    private Long rowsWritten;
    private String error;
    @Column(name = "run_log")
    private String log;

    protected ScheduleRun() {
    }

    public ScheduleRun(UUID scheduleId, UUID areaId, Instant scheduledFor, int attempt, Trigger trigger, LocalDate runDate, String node, Instant now) {
        this.id = UUID.randomUUID();
        this.scheduleId = scheduleId;
        this.areaId = areaId;
        this.scheduledFor = scheduledFor;
        this.attempt = attempt;
        this.trigger = trigger;
        this.runDate = runDate;
        this.state = State.RUNNING;
        this.node = node;
        this.startedAt = now;
    }

    public void succeeded(long read, long written, Instant now) {
        this.state = State.SUCCEEDED;
        this.rowsRead = read;
        this.rowsWritten = written;
        this.finishedAt = now;
    }

    /** What the run did, line by line; kept to the column's 8,000 characters, the end kept when it is longer. */
    public void log(String text) {
        this.log = text == null || text.length() <= 8000 ? text : "…" + text.substring(text.length() - 7999);
    }

    public String getLog() { return log; }

    public void failed(String error, long read, Instant now) {
        this.state = State.FAILED;
        this.rowsRead = read;
        this.rowsWritten = 0L;
        this.error = error == null ? "unknown error" : error.substring(0, Math.min(4000, error.length()));
        this.finishedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getScheduleId() { return scheduleId; }
    public UUID getAreaId() { return areaId; }
    public Instant getScheduledFor() { return scheduledFor; }
    public int getAttempt() { return attempt; }
    public Trigger getTrigger() { return trigger; }
    public LocalDate getRunDate() { return runDate; }
    public State getState() { return state; }
    public String getNode() { return node; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Long getRowsRead() { return rowsRead; }
    public Long getRowsWritten() { return rowsWritten; }
    public String getError() { return error; }
}
