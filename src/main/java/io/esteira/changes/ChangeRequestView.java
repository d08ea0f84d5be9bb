package io.esteira.changes;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A change request as its readers see it: the subject's facts as submitted, the policy's type and
 * reason, where it stands, the decisions of the current review round and what is still needed.
 *
 * @param waitingSince when the current review round began (or, for a review after implementation, the implementation)
 * @param validUntil   when an approved request expires unless implemented: its oldest approval's expiry, or the window's end
 * @param reclassifiedBy the administrator who set the type against the policy's, or null
 * @param stillNeeded  what it waits for, in words (empty once nothing is)
 * @param version      send it back (If-Match) to edit, approve, reject or reclassify
 */
public record ChangeRequestView(UUID id, UUID areaId, String areaName, String subjectType, String subjectId, String subjectLabel,
        String subjectLink, int riskTier, Set<UUID> authorIds, Environment environment, boolean emergencyRequested, ChangeType type,
        String typeReason, String reclassifiedBy, String justification, Instant windowStart, Instant windowEnd, String rollbackPlan,
        ChangeState state, UUID requesterId, String requesterName, Instant submittedAt, Instant waitingSince, Instant approvedAt,
        Instant validUntil, Instant implementedAt, String implementationNote, Instant reviewDueAt, Instant reviewedAt,
        List<Decision> decisions, String stillNeeded, long version) {

    /**
     * An approval or rejection of the current review round. {@code reviewer} is the policy's name for
     * an approval by policy; {@code counts} is false once an approval has expired.
     */
    public record Decision(String reviewer, UUID reviewerId, Set<String> kinds, String decision, String comment, Instant decidedAt,
            Instant expiresAt, boolean counts) {
    }
}
