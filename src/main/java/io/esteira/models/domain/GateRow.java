package io.esteira.models.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/** One quality gate's result for a version. */
@Embeddable
public class GateRow {

    @Column(nullable = false)
    private String gate;
    @Column(nullable = false)
    private String state;
    @Column(nullable = false)
    private String message;
    @Column(name = "duration_ms", nullable = false)
    private long durationMs;
    @Column(name = "finished_at", nullable = false)
    private Instant finishedAt;

    protected GateRow() {
    }

    public GateRow(String gate, String state, String message, long durationMs, Instant finishedAt) {
        this.gate = gate;
        this.state = state;
        this.message = message.length() > 4000 ? message.substring(0, 3997) + "…" : message;
        this.durationMs = durationMs;
        this.finishedAt = finishedAt;
    }

    public String getGate() { return gate; }
    public String getState() { return state; }
    public String getMessage() { return message; }
    public long getDurationMs() { return durationMs; }
    public Instant getFinishedAt() { return finishedAt; }
}
