package io.esteira.models.pipeline;

import io.esteira.changes.ChangeSubjects;
import io.esteira.changes.SubjectFacts;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Model versions as subjects of change requests: what a change to a version is, and its evidence
 * pack, assembled from the registry as it is at submission: the model card, the gate results, the
 * metrics against the version in production, and the data lineage. A version that has not passed
 * its gates cannot be proposed.
 */
@Component
class ModelVersionChanges implements ChangeSubjects {

    static final String TYPE = "model-version";

    private final ModelRegistry registry;

    ModelVersionChanges(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SubjectFacts describe(String subjectId) {
        UUID versionId;
        try {
            versionId = UUID.fromString(subjectId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("model version", subjectId);
        }
        VersionView v = registry.versionById(versionId);
        if (!v.passedGates()) {
            throw new InvalidRequestException("subjectId", v.model() + " v" + v.number() + " has not passed its quality gates ("
                    + v.gates().toLowerCase() + "); only a version that passed every gate can be proposed");
        }
        Set<UUID> authors = v.registeredById() == null ? Set.of() : Set.of(v.registeredById());
        return new SubjectFacts(v.areaId(), v.model() + " v" + v.number(), v.riskTier(), authors, "/models/" + v.model(),
                registry.evidence(versionId, null, null));
    }
}
