package io.esteira.changes;

/**
 * What a change can be about, implemented as a Spring bean by the module that owns such subjects
 * (e.g. the model registry for {@code "model-version"}). Change requests name a subject by
 * {@code (type(), subjectId)}.
 */
public interface ChangeSubjects {

    /** e.g. {@code "model-version"}: lower-case words with '-', unique among the beans. */
    String type();

    /**
     * What a change to this subject is, as seen by the signed-in requester: called on their thread,
     * when the request is submitted and again when it is edited.
     *
     * @throws io.esteira.shared.NotFoundException if they may not see it
     */
    SubjectFacts describe(String subjectId);
}
