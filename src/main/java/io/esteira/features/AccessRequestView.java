package io.esteira.features;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A request to read personal-data features of another area's group, as its two areas see it. */
public record AccessRequestView(UUID id, UUID groupId, String groupName, UUID ownerAreaId, String ownerArea,
        UUID requesterAreaId, String requesterArea, List<String> features, String justification, String state,
        String requestedBy, Instant requestedAt, String decidedBy, Instant decidedAt, String decisionComment, long version) {
}
