package io.esteira.training;

import io.esteira.models.ModelDraft;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A training job as its author gives it.
 *
 * @param model          the name of the model of the same area that the job trains
 * @param source         where the code is
 * @param entrypoint     the file to run, inside the source's folder, e.g. {@code train.py}
 * @param environment    what runs it: {@code python3} on the local runner
 * @param runner         {@code local} (the default)
 * @param parameters     name to value, handed to the job in {@code params.json}
 * @param sizeCode       a size of the workspaces' catalogue, e.g. {@code S}
 * @param maxRunMinutes  the run is stopped and failed after this long (default 60, at most a week)
 * @param seed           handed to the job as {@code ESTEIRA_SEED} (default 42)
 * @param inputs         the training set
 * @param schedule       when it runs by itself (null: only when asked)
 */
public record TrainingJobDraft(
        @NotNull(message = "Pick the area") UUID areaId,
        @NotBlank(message = "Name the job")
        @Pattern(regexp = ModelDraft.NAME, message = "Lower-case letters, digits, - and _, starting with a letter, at most 80") String name,
        @Size(max = 2000, message = "At most 2000 characters") String description,
        @NotBlank(message = "Pick the model the job trains") String model,
        @NotNull(message = "Say where the code is") @Valid Source source,
        @NotBlank(message = "Give the file to run, e.g. train.py") @Size(max = 500, message = "At most 500 characters") String entrypoint,
        @Size(max = 40) String environment,
        @Size(max = 20) String runner,
        @Size(max = 50, message = "At most 50 parameters") Map<String, String> parameters,
        @NotBlank(message = "Pick a size") String sizeCode,
        @Min(value = 1, message = "At least 1 minute") @Max(value = 10080, message = "At most a week (10080 minutes)") Integer maxRunMinutes,
        Long seed,
        @NotNull(message = "Give the training set") @Valid Inputs inputs,
        @Valid Schedule schedule) {

    /** A job that runs only when asked. */
    public TrainingJobDraft(UUID areaId, String name, String description, String model, Source source, String entrypoint,
            String environment, String runner, Map<String, String> parameters, String sizeCode, Integer maxRunMinutes, Long seed,
            Inputs inputs) {
        this(areaId, name, description, model, source, entrypoint, environment, runner, parameters, sizeCode, maxRunMinutes, seed, inputs,
                null);
    }

    /** The same job on another schedule (null: none). */
    public TrainingJobDraft withSchedule(Schedule other) {
        return new TrainingJobDraft(areaId, name, description, model, source, entrypoint, environment, runner, parameters, sizeCode,
                maxRunMinutes, seed, inputs, other);
    }

    /**
     * When the job runs by itself, as schedules do: a Quartz cron expression (seconds minutes hours day-of-month month
     * day-of-week), its time zone, and optionally a business-day calendar ({@code NONE}, the default: every day it names).
     * A scheduled run acts for the person who set the schedule; the area's budget policy applies as to a run by hand.
     */
    public record Schedule(@NotBlank(message = "Give the schedule: a Quartz cron expression") @Size(max = 120, message = "At most 120 characters") String cron,
            @Size(max = 60) String zone, @Size(max = 20) String calendar) {
    }

    /**
     * @param kind {@code SAMPLE} (a folder of the portal's samples, {@code ref} its name) or {@code WORKSPACE} (a local
     *             workspace of yours, {@code ref} its id)
     * @param path a folder inside it ("" for its root)
     */
    public record Source(@NotNull(message = "Pick SAMPLE or WORKSPACE") String kind, @NotBlank(message = "Name the sample or workspace")
            @Size(max = 300) String ref, @Size(max = 500) String path) {
    }

    /**
     * @param groups      feature groups, each with a version (null: the published one at each run) and features (empty: all)
     * @param sourceId    the data source of the entities query
     * @param sql         a SELECT giving the entity keys, {@code timestamp} and the label
     * @param label       the label column of the query
     */
    public record Inputs(@NotNull(message = "Name at least one feature group") @Size(min = 1, max = 10, message = "1 to 10 feature groups")
            List<@Valid Group> groups, @NotNull(message = "Pick the data source of the entities query") UUID sourceId,
            @NotBlank(message = "Give the entities query") @Size(max = 20000, message = "At most 20000 characters") String sql,
            @Size(max = 120) String label, Instant from, Instant to) {
    }

    public record Group(@NotBlank(message = "Name the feature group") String name, Integer version, List<String> features) {
    }
}
