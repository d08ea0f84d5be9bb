package io.esteira.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A model with its thresholds and aliases (alias to version number). */
public record ModelView(UUID id, UUID areaId, String area, String name, String description, String useCase, int riskTier,
        String ownerUsername, String owner, List<Threshold> thresholds, Map<String, Integer> aliases, long versionCount,
        String createdBy, Instant createdAt) {

    public static final String CHAMPION = "champion";

    public java.util.Optional<Integer> champion() {
        return java.util.Optional.ofNullable(aliases.get(CHAMPION));
    }
}
