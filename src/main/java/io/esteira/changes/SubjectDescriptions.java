package io.esteira.changes;

import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a request's subject is, as its module describes it ({@link ChangeSubjects}) with what other modules
 * add to its evidence ({@link SubjectEvidence}), checked before anything is stored: a module's mistake is
 * an error, never a request with half its facts.
 */
@Component
class SubjectDescriptions {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_EVIDENCE = 1_000_000;
    private static final Set<String> EVIDENCE_KINDS = Set.of(EvidenceSection.MARKDOWN, EvidenceSection.TABLE, EvidenceSection.TEXT,
            EvidenceSection.LINK);

    private final ObjectProvider<ChangeSubjects> subjects;
    private final ObjectProvider<SubjectEvidence> contributors;

    SubjectDescriptions(ObjectProvider<ChangeSubjects> subjects, ObjectProvider<SubjectEvidence> contributors) {
        this.subjects = subjects;
        this.contributors = contributors;
    }

    /** The subject types that modules registered. */
    Set<String> subjectTypes() {
        return subjects.orderedStream().map(ChangeSubjects::type).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The subject's facts and its whole evidence, as the signed-in requester may see them.
     *
     * @throws InvalidRequestException for an unknown subject type, or an emergency that a contributor says cannot be one
     * @throws NotFoundException       when the subject's module says the requester may not see it
     */
    SubjectFacts describe(String type, String subjectId, boolean emergency) {
        List<ChangeSubjects> matching = subjects.orderedStream().filter(s -> s.type().equals(type)).toList();
        if (matching.isEmpty()) {
            throw new InvalidRequestException("subjectType", "No kind of subject is called " + type
                    + (subjectTypes().isEmpty() ? "" : "; known: " + String.join(", ", subjectTypes())));
        }
        if (matching.size() > 1) {
            throw new IllegalStateException("Two modules describe subjects of type " + type);
        }
        SubjectFacts facts = matching.getFirst().describe(subjectId);
        if (facts == null) {
            throw new NotFoundException(type, subjectId);
        }
        if (facts.areaId() == null || facts.label() == null || facts.label().isBlank() || facts.riskTier() < 1 || facts.riskTier() > 3) {
            throw new IllegalStateException("The " + type + " subjects described " + subjectId + " without an area, a label or a risk tier 1-3");
        }
        if (facts.link() != null && (!facts.link().startsWith("/") || facts.link().startsWith("//") || facts.link().length() > 500)) {
            throw new IllegalStateException("A subject's link is a portal path, e.g. /models/x; got " + facts.link());
        }
        for (EvidenceSection section : facts.evidence()) {
            checkSection(section);
        }
        List<EvidenceSection> evidence = new ArrayList<>(facts.evidence());
        for (SubjectEvidence contributor : contributors.orderedStream().toList()) {
            SubjectEvidence.Contribution more = contributor.evidence(type, subjectId, facts);
            if (more == null) {
                continue;
            }
            for (EvidenceSection section : more.sections()) {
                checkSection(section);
                evidence.add(section);
            }
            if (emergency && more.modelRiskReview() != null) {
                throw new InvalidRequestException("emergency", "This change cannot take the emergency path: " + more.modelRiskReview());
            }
        }
        return evidence.size() == facts.evidence().size() ? facts
                : new SubjectFacts(facts.areaId(), facts.label(), facts.riskTier(), facts.authorIds(), facts.link(), evidence, facts.preApproved());
    }

    /** The evidence pack as it is stored: whole, or refused. */
    static String evidenceJson(SubjectFacts facts) {
        String json = JSON.writeValueAsString(facts.evidence());
        if (json.length() > MAX_EVIDENCE) {
            throw new InvalidRequestException("subjectId", "The evidence pack of " + facts.label() + " has " + json.length()
                    + " characters; at most " + MAX_EVIDENCE + " are kept, and a pack is never cut");
        }
        return json;
    }

    private static void checkSection(EvidenceSection section) {
        if (section == null || section.title() == null || !EVIDENCE_KINDS.contains(section.kind())) {
            throw new IllegalStateException("Evidence sections need a title and a kind of " + EVIDENCE_KINDS + "; got " + section);
        }
    }
}
