package io.esteira.features;

import java.util.List;
import java.util.UUID;

/** A row of the catalog. */
public record FeatureGroupSummary(UUID id, UUID areaId, String domain, String name, String description, List<String> tags,
        String owner, UUID ownerId, int latestVersion, String latestStatus, Integer publishedVersion, int featureCount) {
}
