package io.esteira.changes;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The facts of a subject that the policy and the segregation-of-duties rules use, and its evidence pack.
 *
 * @param areaId    the business area the subject belongs to (and so the request)
 * @param label     what reviewers read, e.g. "credit-scoring v7"
 * @param riskTier  1 (highest risk) to 3
 * @param authorIds who made the subject (e.g. registered the model version): they never approve a change to it
 * @param link      a portal path to the subject, e.g. "/models/credit-scoring/versions/7" (or null)
 * @param evidence  what reviewers judge, in order
 * @param preApproved null, or the kind of pre-approved standard change the subject is (e.g. a rollback to
 *                  the previous live version): the policy then makes it standard whatever the tier or environment
 */
public record SubjectFacts(UUID areaId, String label, int riskTier, Set<UUID> authorIds, String link, List<EvidenceSection> evidence,
        String preApproved) {

    public SubjectFacts {
        authorIds = authorIds == null ? Set.of() : Set.copyOf(authorIds);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public SubjectFacts(UUID areaId, String label, int riskTier, Set<UUID> authorIds, String link, List<EvidenceSection> evidence) {
        this(areaId, label, riskTier, authorIds, link, evidence, null);
    }
}
