package io.esteira.features;

import java.time.Instant;
import java.util.UUID;

/**
 * One refresh of a published version: the rules checked on the source's rows, the online values rebuilt.
 *
 * @param checkedAt the last time the source was found unchanged since
 * @param violationDetail the broken rules' columns with their row counts, or null
 */
public record RefreshView(UUID id, String state, String triggeredBy, Instant startedAt, Instant finishedAt, Instant checkedAt,
        Long sourceRows, Long entities, Long violations, String violationDetail, String error) {
}
