package io.esteira.support;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.ChangeSubjects;
import io.esteira.changes.EvidenceSection;
import io.esteira.changes.SubjectFacts;
import io.esteira.shared.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Subjects of change requests whose facts the tests set ({@code "test-subject"}), standing in for
 * the modules that implement {@link ChangeSubjects} (the model registry). Test tree only: picked up
 * by every test context's component scan, the browser tests' included. Like a real module, it shows
 * a subject only to those who may read its area.
 */
@Component
public class TestChangeSubjects implements ChangeSubjects {

    public static final String TYPE = "test-subject";

    private final Map<String, SubjectFacts> subjects = new ConcurrentHashMap<>();
    private final AreaAccess access;

    TestChangeSubjects(AreaAccess access) {
        this.access = access;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SubjectFacts describe(String subjectId) {
        SubjectFacts facts = subjects.get(subjectId);
        if (facts == null || !access.canRead(facts.areaId())) {
            throw new NotFoundException(TYPE, subjectId);
        }
        return facts;
    }

    /** Adds (or replaces) a subject, and returns its id. */
    public String put(String subjectId, SubjectFacts facts) {
        subjects.put(subjectId, facts);
        return subjectId;
    }

    /** A new subject in the area with the given risk tier, authored by the given users, with a small evidence pack. */
    public String create(UUID areaId, String label, int riskTier, Set<UUID> authors) {
        String id = "subject-" + UUID.randomUUID();
        return put(id, new SubjectFacts(areaId, label, riskTier, authors, "/test-subjects/" + id, List.of(
                new EvidenceSection("Model card", EvidenceSection.MARKDOWN, "# " + label
                        + "\n\nScores **credit applications**. <script>alert('x')</script>\n\n| metric | value |\n|---|---|\n| AUC | 0.81 |"),
                new EvidenceSection("Gate results", EvidenceSection.TABLE,
                        "{\"columns\": [\"gate\", \"result\"], \"rows\": [[\"onnx-loads\", \"passed\"], [\"auc >= 0.70\", \"passed\"]]}"),
                new EvidenceSection("Lineage", EvidenceSection.TEXT, "customer_profile v3 → training set 2026-05-01"))));
    }
}
