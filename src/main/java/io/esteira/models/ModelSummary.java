package io.esteira.models;

import java.util.UUID;

/**
 * A row of the model list.
 *
 * @param latestGates the latest version's gate state ({@code PENDING}, {@code RUNNING}, {@code PASSED}, {@code FAILED},
 *                    {@code INCOMPLETE}), or null without versions
 * @param champion    the version the {@code champion} alias points at, or null
 */
public record ModelSummary(UUID id, UUID areaId, String area, String name, String description, String useCase, int riskTier,
        String owner, String ownerUsername, Integer latestVersion, String latestGates, Integer champion) {
}
