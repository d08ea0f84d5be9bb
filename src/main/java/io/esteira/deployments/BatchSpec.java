package io.esteira.deployments;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;

/**
 * A batch deployment's work: score the rows of an input (a feature group's published version, or a
 * query on a data source) on a schedule, and write them with the predictions into a table of the
 * area's schema.
 *
 * @param featureGroup the feature group whose published version is scored (with {@code INPUT_FEATURE_GROUP})
 * @param sourceId     the data source of the query (with {@code INPUT_QUERY})
 * @param sql          the query (with {@code INPUT_QUERY}); {@code ${run_date}} and {@code ${run_ts}} are bound per run
 * @param outputTable  a table of the area's schema, replaced by each run
 * @param cron         a Quartz cron expression
 * @param zone         an IANA time zone
 * @param calendar     a business-day calendar name of the scheduling capability (null: every day)
 */
public record BatchSpec(
        @NotNull(message = "Pick the input: a feature group or a query") Input input,
        String featureGroup,
        UUID sourceId,
        @jakarta.validation.constraints.Size(max = 100_000, message = "At most 100,000 characters") String sql,
        @NotBlank(message = "Name the output table")
        @Pattern(regexp = "[a-z][a-z0-9_]{0,62}", message = "A table name: lower-case letters, digits and '_', starting with a letter") String outputTable,
        @NotBlank(message = "Give the schedule") String cron,
        @NotBlank(message = "Pick a time zone") String zone,
        String calendar) {

    public enum Input { FEATURE_GROUP, QUERY }
}
