package io.esteira.training;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A training job as screens and the API show it.
 *
 * @param schedule when it runs by itself, or null
 * @param lastRun  its newest run, or null (filled in lists and on the job's page)
 */
public record TrainingJobView(UUID id, UUID areaId, String name, String description, UUID modelId, String model,
        TrainingJobDraft.Source source, String entrypoint, String environment, String runner, Map<String, String> parameters,
        String sizeCode, int maxRunMinutes, long seed, TrainingJobDraft.Inputs inputs, String createdBy, Instant createdAt,
        Instant updatedAt, long version, Schedule schedule, LastRun lastRun) {

    /**
     * @param inWords       e.g. "at 06:00 every day (Europe/Lisbon)"
     * @param nextRun       its next fire, or null when it never fires again
     * @param owner         whom its runs act for: who set it
     * @param skippedAt     the last fire that started no run, or null
     * @param skippedReason why
     */
    public record Schedule(String cron, String zone, String calendar, String inWords, Instant nextRun, String owner, Instant skippedAt,
            String skippedReason) {
    }

    public record LastRun(UUID id, int number, String state, Instant queuedAt, Instant finishedAt) {
    }

    TrainingJobView withLastRun(LastRun run) {
        return new TrainingJobView(id, areaId, name, description, modelId, model, source, entrypoint, environment, runner, parameters,
                sizeCode, maxRunMinutes, seed, inputs, createdBy, createdAt, updatedAt, version, schedule, run);
    }

    /** The job as a draft, e.g. to edit it. */
    public TrainingJobDraft toDraft() {
        return new TrainingJobDraft(areaId, name, description, model, source, entrypoint, environment, runner, parameters, sizeCode,
                maxRunMinutes, seed, inputs, schedule == null ? null : new TrainingJobDraft.Schedule(schedule.cron(), schedule.zone(),
                        schedule.calendar()));
    }
}
