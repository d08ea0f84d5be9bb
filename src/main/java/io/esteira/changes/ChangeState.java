package io.esteira.changes;

/**
 * SUBMITTED → APPROVED | REJECTED | WITHDRAWN | EXPIRED; APPROVED → IMPLEMENTED | EXPIRED;
 * an emergency change: IMPLEMENTED → REVIEW_DUE → REVIEWED.
 */
public enum ChangeState {
    SUBMITTED, APPROVED, REJECTED, WITHDRAWN, EXPIRED, IMPLEMENTED, REVIEW_DUE, REVIEWED;

    /** Still on its way: a subject has at most one open request per environment. */
    public boolean isOpen() {
        return this == SUBMITTED || this == APPROVED;
    }
}
