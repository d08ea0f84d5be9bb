package io.esteira.changes;

import java.util.List;

/**
 * More evidence for subjects that another module describes, implemented as a Spring bean by a module that knows
 * more about such a subject than its owner may (e.g. training, for a model version that a retraining produced:
 * what triggered it and how it compares with the champion). Called on the requester's thread after the
 * subject's own {@link ChangeSubjects#describe}, whenever a request is submitted or edited; its sections come
 * after the subject's own.
 */
public interface SubjectEvidence {

    /**
     * @param sections        what to add, in order (empty: nothing)
     * @param modelRiskReview why a model-risk reviewer must approve this change whatever its usual type would be
     *                        (the request may then not take the emergency path, where any two reviewers suffice), or null
     */
    record Contribution(List<EvidenceSection> sections, String modelRiskReview) {

        public static final Contribution NONE = new Contribution(List.of(), null);

        public Contribution {
            sections = sections == null ? List.of() : List.copyOf(sections);
        }
    }

    /** What to add to the evidence of the subject, as the subject's module described it. */
    Contribution evidence(String subjectType, String subjectId, SubjectFacts facts);
}
