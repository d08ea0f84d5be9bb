package io.esteira.changes.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** An approval or rejection in one review round of a request; an approval by policy has no reviewer. */
@Entity
@Table(name = "change_decision")
public class ChangeDecision extends AssignedId {

    public enum Kind { APPROVED, REJECTED, POLICY }

    @Id
    private UUID id;
    @Column(name = "change_id", nullable = false)
    private UUID changeId;
    @Column(name = "review_round")
    private int round;
    @Column(name = "reviewer_id")
    private UUID reviewerId;
    @Column(name = "reviewer_name", nullable = false)
    private String reviewerName;
    /** The reviewer kinds the person held when deciding, comma-separated. */
    @Column(name = "reviewer_kinds", nullable = false)
    private String reviewerKinds;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind decision;
    @Column(nullable = false)
    private String comment;
    @Column(name = "decided_at", nullable = false)
    private Instant decidedAt;
    @Column(name = "expired_at")
    private Instant expiredAt;

    protected ChangeDecision() {
    }


    public ChangeDecision(UUID changeId, int round, UUID reviewerId, String reviewerName, Set<String> kinds, Kind decision, String comment,
            Instant decidedAt) {
        this.id = UUID.randomUUID();
        this.changeId = changeId;
        this.round = round;
        this.reviewerId = reviewerId;
        this.reviewerName = reviewerName;
        this.reviewerKinds = String.join(",", new TreeSet<>(kinds));
        this.decision = decision;
        this.comment = comment;
        this.decidedAt = decidedAt;
    }

    /** Recorded once the expiry sweep finds that the approval stopped counting. */
    public void expired(Instant at) {
        this.expiredAt = at;
    }

    public Set<String> kinds() {
        return reviewerKinds.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(reviewerKinds.split(",")));
    }

    public boolean isApproval() {
        return decision != Kind.REJECTED;
    }

    @Override
    public UUID getId() { return id; }
    public UUID getChangeId() { return changeId; }
    public int getRound() { return round; }
    public UUID getReviewerId() { return reviewerId; }
    public String getReviewerName() { return reviewerName; }
    public Kind getDecision() { return decision; }
    public String getComment() { return comment; }
    public Instant getDecidedAt() { return decidedAt; }
    public Instant getExpiredAt() { return expiredAt; }
}
