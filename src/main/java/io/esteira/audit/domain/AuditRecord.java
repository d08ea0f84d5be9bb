package io.esteira.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One row of the audit log. Immutable: written once, never updated (PostgreSQL also refuses it). */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditRecord {

    @Id
    private long seq;
    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;
    @Column(nullable = false)
    private String actor;
    @Column(name = "actor_type", nullable = false)
    private String actorType;
    @Column(nullable = false)
    private String action;
    @Column(name = "object_type")
    private String objectType;
    @Column(name = "object_id")
    private String objectId;
    @Column(name = "area_id")
    private UUID areaId;
    @Column(nullable = false)
    private String outcome;
    private String details;
    @Column(name = "client_address")
    private String clientAddress;
    @Column(name = "correlation_id")
    private String correlationId;
    @Column(name = "prev_hash", nullable = false)
    private String prevHash;
    @Column(nullable = false)
    private String hash;

    protected AuditRecord() {
    }

    public AuditRecord(long seq, Instant occurredAt, String actor, String actorType, String action, String objectType,
            String objectId, UUID areaId, String outcome, String details, String clientAddress, String correlationId,
            String prevHash) {
        this.seq = seq;
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.actorType = actorType;
        this.action = action;
        this.objectType = objectType;
        this.objectId = objectId;
        this.areaId = areaId;
        this.outcome = outcome;
        this.details = details;
        this.clientAddress = clientAddress;
        this.correlationId = correlationId;
        this.prevHash = prevHash;
        this.hash = AuditHashes.hash(prevHash, canonical());
    }

    /**
     * The content the hash covers, in a fixed order, with the sequence number so reordering shows.
     * Each field is length-prefixed, so no value can pass for a field boundary.
     */
    public String canonical() {
        StringBuilder out = new StringBuilder();
        for (String field : new String[] {String.valueOf(seq), occurredAt.toString(), actor, actorType, action,
                objectType, objectId, areaId == null ? null : areaId.toString(), outcome, details, clientAddress,
                correlationId}) {
            out.append(field == null ? "-1:" : field.length() + ":" + field).append(';');
        }
        return out.toString();
    }

    /** Replaces the plain hash the constructor computed with the keyed one. */
    public void keyedHash(String keyedHash) {
        this.hash = keyedHash;
    }

    public long getSeq() { return seq; }
    public Instant getOccurredAt() { return occurredAt; }
    public String getActor() { return actor; }
    public String getActorType() { return actorType; }
    public String getAction() { return action; }
    public String getObjectType() { return objectType; }
    public String getObjectId() { return objectId; }
    public UUID getAreaId() { return areaId; }
    public String getOutcome() { return outcome; }
    public String getDetails() { return details; }
    public String getClientAddress() { return clientAddress; }
    public String getCorrelationId() { return correlationId; }
    public String getPrevHash() { return prevHash; }
    public String getHash() { return hash; }
}
