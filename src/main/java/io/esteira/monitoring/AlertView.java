package io.esteira.monitoring;

import java.time.Instant;
import java.util.UUID;

/** An alert as its area (and reviewers, read-only) sees it; {@code segment} is {@code *} for all traffic. */
public record AlertView(UUID id, UUID releaseId, UUID areaId, String deployment, String check, String segment, String severity, String state,
        String message, String recommendation, Instant firstWindow, Instant lastWindow, int timesSeen, Instant openedAt,
        String acknowledgedBy, Instant acknowledgedAt, Instant snoozedUntil, String snoozeReason, String resolvedBy, Instant resolvedAt,
        String resolution, long version) {
}
