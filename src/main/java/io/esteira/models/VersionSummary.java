package io.esteira.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A row of a model's versions. */
public record VersionSummary(UUID id, int number, String gates, String registeredBy, Instant registeredAt, List<String> aliases,
        Map<String, Double> metrics, String format, long artifactSize) {
}
