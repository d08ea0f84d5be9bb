package io.esteira.scheduling;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One run of a schedule: when it was due and ran, how it ended, how many rows it read and wrote, and its log. */
public record RunView(UUID id, UUID scheduleId, Instant scheduledFor, int attempt, String trigger, LocalDate runDate, String state,
        String node, Instant startedAt, Instant finishedAt, Long rowsRead, Long rowsWritten, String error, String log) {
}
