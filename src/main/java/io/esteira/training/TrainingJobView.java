package io.esteira.training;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A training job as screens and the API show it. */
public record TrainingJobView(UUID id, UUID areaId, String name, String description, UUID modelId, String model,
        TrainingJobDraft.Source source, String entrypoint, String environment, String runner, Map<String, String> parameters,
        String sizeCode, int maxRunMinutes, long seed, TrainingJobDraft.Inputs inputs, String createdBy, Instant createdAt,
        Instant updatedAt, long version) {
}
