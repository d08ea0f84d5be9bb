package io.esteira.features;

import java.time.Instant;
import java.util.UUID;

/**
 * A data source as people see it: never its password, only whether one is stored.
 *
 * @param ownerArea the owning area's name, or null for a platform-wide source
 */
public record DataSourceSummary(UUID id, String name, String description, String jdbcUrl, String driverClass,
        String username, boolean hasPassword, Classification classification, UUID ownerAreaId, String ownerArea,
        Instant lastTestAt, Boolean lastTestOk, String lastTestMessage, long version, String writeUsername) {
}
