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
        @NotNull(message = "Give the training set") @Valid Inputs inputs) {

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
