package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One area asks the owning area of a feature group to read some of its personal-data features. The
 * owning area's manager decides; an approval lets every member of the requesting area read them.
 */
@Entity
@Table(name = "feature_access_request")
public class AccessRequest {

    public enum State { REQUESTED, APPROVED, REJECTED, REVOKED }

    @Id
    private UUID id;
    @Column(name = "group_id", nullable = false)
    private UUID groupId;
    @Column(name = "owner_area_id", nullable = false)
    private UUID ownerAreaId;
    @Column(name = "requester_area_id", nullable = false)
    private UUID requesterAreaId;
    @Column(nullable = false)
    private String features;
    @Column(nullable = false)
    private String justification;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    @Column(name = "requested_by", nullable = false)
    private String requestedBy;
    @Column(name = "requested_by_name", nullable = false)
    private String requestedByName;
    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;
    @Column(name = "decided_by")
    private String decidedBy;
    @Column(name = "decided_by_name")
    private String decidedByName;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column(name = "decision_comment")
    private String decisionComment;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected AccessRequest() {
    }

    public AccessRequest(UUID groupId, UUID ownerAreaId, UUID requesterAreaId, List<String> features, String justification,
            String requestedBy, String requestedByName, Instant at) {
        this.id = UUID.randomUUID();
        this.groupId = groupId;
        this.ownerAreaId = ownerAreaId;
        this.requesterAreaId = requesterAreaId;
        this.features = String.join(",", features);
        this.justification = justification;
        this.state = State.REQUESTED;
        this.requestedBy = requestedBy;
        this.requestedByName = requestedByName;
        this.requestedAt = at;
    }

    public void decide(State decision, String by, String byName, String comment, Instant at) {
        boolean allowed = switch (decision) {
            case APPROVED, REJECTED -> state == State.REQUESTED;
            case REVOKED -> state == State.APPROVED;
            case REQUESTED -> false;
        };
        if (!allowed) {
            throw new IllegalStateException("A request that is " + state.name().toLowerCase() + " cannot become " + decision.name().toLowerCase());
        }
        this.state = decision;
        this.decidedBy = by;
        this.decidedByName = byName;
        this.decisionComment = comment;
        this.decidedAt = at;
    }

    public List<String> featureList() {
        return List.of(features.split(","));
    }

    public UUID getId() { return id; }
    public UUID getGroupId() { return groupId; }
    public UUID getOwnerAreaId() { return ownerAreaId; }
    public UUID getRequesterAreaId() { return requesterAreaId; }
    public String getJustification() { return justification; }
    public State getState() { return state; }
    public String getRequestedBy() { return requestedBy; }
    public String getRequestedByName() { return requestedByName; }
    public Instant getRequestedAt() { return requestedAt; }
    public String getDecidedBy() { return decidedBy; }
    public String getDecidedByName() { return decidedByName; }
    public Instant getDecidedAt() { return decidedAt; }
    public String getDecisionComment() { return decisionComment; }
    public long getRowVersion() { return rowVersion; }
}
