package io.esteira.features;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A feature group with its versions, newest first. Drafts are shown only to the owning area.
 *
 * @param domain the owning area's name
 */
public record FeatureGroupView(UUID id, UUID areaId, String domain, String name, String description, List<String> tags,
        String owner, UUID ownerId, Instant createdAt, List<VersionView> versions, long version) {

    /** @param source the data source's name and classification, e.g. "Bank warehouse (demo) · SOT" */
    public record VersionView(UUID id, int number, String status, UUID sourceId, String source, String query,
            List<String> entityKeys, String eventTimeColumn, List<FeatureDraft> features, String statisticsState,
            Long statisticsRows, String statisticsError, long rowsRead, List<ColumnStatistics> statistics, long violations,
            String createdBy, Instant createdAt, Instant publishedAt) {
    }

    public java.util.Optional<VersionView> latestPublished() {
        return versions.stream().filter(v -> v.status().equals("PUBLISHED")).findFirst();
    }
}
