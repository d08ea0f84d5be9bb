package io.esteira.scheduling;

import java.time.Instant;
import java.util.UUID;

/** An alert about one fire of a schedule: FAILED (for good, after its retries) or DEADLINE_MISSED. */
public record AlertView(UUID id, UUID scheduleId, String kind, Instant scheduledFor, UUID runId, String message, Instant raisedAt) {
}
