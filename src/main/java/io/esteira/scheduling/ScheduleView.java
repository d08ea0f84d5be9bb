package io.esteira.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A schedule as its area sees it, with the schedule in words, its next fire times and its last run (or null).
 * {@code managedBy} names what owns a schedule whose rows are scored (e.g. "the batch deployment fraud-nightly"), null for a person's.
 */
public record ScheduleView(UUID id, UUID areaId, String name, String description, UUID sourceId, String source, String sql,
        String targetTable, String targetMode, List<String> targetKeys, String cron, String zone, String inWords,
        String calendar, List<Instant> nextFires, int timeoutSeconds, ScheduleOptions options, String state, String owner, RunView lastRun,
        long version, String managedBy) {
}
