package io.esteira.changes.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step of a request's timeline. */
@Entity
@Table(name = "change_history")
public class ChangeHistoryEntry extends AssignedId {

    @Id
    private UUID id;
    @Column(name = "change_id", nullable = false)
    private UUID changeId;
    private int position;
    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;
    @Column(nullable = false)
    private String actor;
    @Column(name = "actor_id")
    private UUID actorId;
    @Column(nullable = false)
    private String step;
    private String comment;
    /** JSON of what changed, or null. */
    private String details;

    protected ChangeHistoryEntry() {
    }


    public ChangeHistoryEntry(UUID changeId, int position, Instant occurredAt, String actor, UUID actorId, String step, String comment,
            String details) {
        this.id = UUID.randomUUID();
        this.changeId = changeId;
        this.position = position;
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.actorId = actorId;
        this.step = step;
        this.comment = comment;
        this.details = details;
    }

    @Override
    public UUID getId() { return id; }
    public UUID getChangeId() { return changeId; }
    public int getPosition() { return position; }
    public Instant getOccurredAt() { return occurredAt; }
    public String getActor() { return actor; }
    public UUID getActorId() { return actorId; }
    public String getStep() { return step; }
    public String getComment() { return comment; }
    public String getDetails() { return details; }
}
