package io.esteira.changes.domain;

import io.esteira.changes.ChangeState;
import io.esteira.changes.ChangeType;
import io.esteira.changes.Environment;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A request to change a subject of another module, with the subject's facts and evidence as they
 * were when it was submitted or last edited. The service checks the rules; the entity keeps its
 * state transitions honest.
 */
@Entity
@Table(name = "change_request")
public class ChangeRequest extends AssignedId {

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "subject_type", nullable = false)
    private String subjectType;
    @Column(name = "subject_id", nullable = false)
    private String subjectId;
    @Column(name = "subject_label", nullable = false)
    private String subjectLabel;
    @Column(name = "subject_link")
    private String subjectLink;
    @Column(name = "risk_tier")
    private int riskTier;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "change_request_author", joinColumns = @JoinColumn(name = "change_id"))
    @Column(name = "user_id")
    private Set<UUID> authorIds = new HashSet<>();
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Environment environment;
    @Column(name = "emergency_requested")
    private boolean emergencyRequested;
    @Enumerated(EnumType.STRING)
    @Column(name = "change_type", nullable = false)
    private ChangeType type;
    @Column(name = "type_reason", nullable = false)
    private String typeReason;
    @Column(name = "reclassified_by")
    private String reclassifiedBy;
    @Column(nullable = false)
    private String justification;
    @Column(name = "window_start")
    private Instant windowStart;
    @Column(name = "window_end")
    private Instant windowEnd;
    @Column(name = "rollback_plan")
    private String rollbackPlan;
    @Column(nullable = false)
    private String evidence;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ChangeState state;
    /** The reviewer kinds whose approval would count now, as ",RISK_REVIEWER,GOVERNANCE_REVIEWER,": what the queue filters on. */
    @Column(name = "needed_kinds", nullable = false)
    private String neededKinds = "";
    @Column(name = "review_round")
    private int round;
    @Column(name = "requester_id", nullable = false)
    private UUID requesterId;
    @Column(name = "requester_name", nullable = false)
    private String requesterName;
    @Column(name = "submitted_at", nullable = false)
    private Instant submittedAt;
    @Column(name = "waiting_since", nullable = false)
    private Instant waitingSince;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "approved_at")
    private Instant approvedAt;
    @Column(name = "valid_until")
    private Instant validUntil;
    @Column(name = "closed_at")
    private Instant closedAt;
    @Column(name = "implemented_at")
    private Instant implementedAt;
    @Column(name = "implementation_note")
    private String implementationNote;
    @Column(name = "review_due_at")
    private Instant reviewDueAt;
    @Column(name = "reviewed_at")
    private Instant reviewedAt;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected ChangeRequest() {
    }


    public ChangeRequest(UUID areaId, String subjectType, String subjectId, UUID requesterId, String requesterName, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.subjectType = subjectType;
        this.subjectId = subjectId;
        this.requesterId = requesterId;
        this.requesterName = requesterName;
        this.state = ChangeState.SUBMITTED;
        this.round = 1;
        this.submittedAt = now;
        this.waitingSince = now;
        this.updatedAt = now;
    }

    /** The subject's facts and evidence pack, as described now. */
    public void describe(String label, int riskTier, Set<UUID> authors, String link, String evidenceJson) {
        this.subjectLabel = label;
        this.riskTier = riskTier;
        this.authorIds.clear();
        this.authorIds.addAll(authors);
        this.subjectLink = link;
        this.evidence = evidenceJson;
    }

    /** What the requester wrote. */
    public void define(Environment environment, boolean emergencyRequested, String justification, Instant windowStart, Instant windowEnd,
            String rollbackPlan) {
        this.environment = environment;
        this.emergencyRequested = emergencyRequested;
        this.justification = justification;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.rollbackPlan = rollbackPlan;
    }

    public void classify(ChangeType type, String reason, String reclassifiedBy) {
        this.type = type;
        this.typeReason = reason;
        this.reclassifiedBy = reclassifiedBy;
    }

    /** Starts a new review round: the decisions of the earlier ones no longer count. Approved requests go back to review. */
    public void restartReview(Instant now) {
        require(state.isOpen(), "restart the review of");
        this.round++;
        this.state = ChangeState.SUBMITTED;
        this.approvedAt = null;
        this.validUntil = null;
        this.waitingSince = now;
        touch(now);
    }

    public void awaiting(String neededKinds) {
        this.neededKinds = neededKinds;
    }

    public void approve(Instant now, Instant validUntil) {
        require(state == ChangeState.SUBMITTED, "approve");
        this.state = ChangeState.APPROVED;
        this.approvedAt = now;
        this.validUntil = validUntil;
        this.neededKinds = "";
        touch(now);
    }

    public void reject(Instant now) {
        close(ChangeState.REJECTED, now, "reject");
    }

    public void withdraw(Instant now) {
        close(ChangeState.WITHDRAWN, now, "withdraw");
    }

    public void expire(Instant now) {
        require(state.isOpen(), "expire");
        close(ChangeState.EXPIRED, now, "expire");
    }

    /** An emergency change then awaits its review, due by {@code reviewDueAt}. */
    public void implemented(Instant now, String note, Instant reviewDueAt) {
        require(state == ChangeState.APPROVED, "mark as implemented");
        this.implementedAt = now;
        this.implementationNote = note;
        if (reviewDueAt != null) {
            this.state = ChangeState.REVIEW_DUE;
            this.reviewDueAt = reviewDueAt;
            this.waitingSince = now;
        } else {
            this.state = ChangeState.IMPLEMENTED;
        }
        touch(now);
    }

    public void reviewed(Instant now) {
        require(state == ChangeState.REVIEW_DUE, "review");
        this.state = ChangeState.REVIEWED;
        this.reviewedAt = now;
        this.neededKinds = "";
        touch(now);
    }

    /** Every step changes the row, so that two steps taken at once collide on its version instead of both passing. */
    public void touch(Instant now) {
        this.updatedAt = now;
    }

    private void close(ChangeState to, Instant now, String what) {
        require(state == ChangeState.SUBMITTED || to == ChangeState.EXPIRED, what);
        this.state = to;
        this.closedAt = now;
        this.neededKinds = "";
        touch(now);
    }

    private void require(boolean allowed, String what) {
        if (!allowed) {
            throw new IllegalStateException("Cannot " + what + " a change request that is " + state);
        }
    }

    public boolean isAuthor(UUID userId) {
        return authorIds.contains(userId);
    }

    @Override
    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public String getSubjectType() { return subjectType; }
    public String getSubjectId() { return subjectId; }
    public String getSubjectLabel() { return subjectLabel; }
    public String getSubjectLink() { return subjectLink; }
    public int getRiskTier() { return riskTier; }
    public Set<UUID> getAuthorIds() { return Set.copyOf(authorIds); }
    public Environment getEnvironment() { return environment; }
    public boolean isEmergencyRequested() { return emergencyRequested; }
    public ChangeType getType() { return type; }
    public String getTypeReason() { return typeReason; }
    public String getReclassifiedBy() { return reclassifiedBy; }
    public String getJustification() { return justification; }
    public Instant getWindowStart() { return windowStart; }
    public Instant getWindowEnd() { return windowEnd; }
    public String getRollbackPlan() { return rollbackPlan; }
    public String getEvidence() { return evidence; }
    public ChangeState getState() { return state; }
    public String getNeededKinds() { return neededKinds; }
    public int getRound() { return round; }
    public UUID getRequesterId() { return requesterId; }
    public String getRequesterName() { return requesterName; }
    public Instant getSubmittedAt() { return submittedAt; }
    public Instant getWaitingSince() { return waitingSince; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getApprovedAt() { return approvedAt; }
    public Instant getValidUntil() { return validUntil; }
    public Instant getClosedAt() { return closedAt; }
    public Instant getImplementedAt() { return implementedAt; }
    public String getImplementationNote() { return implementationNote; }
    public Instant getReviewDueAt() { return reviewDueAt; }
    public Instant getReviewedAt() { return reviewedAt; }
    public long getRowVersion() { return rowVersion; }
}
