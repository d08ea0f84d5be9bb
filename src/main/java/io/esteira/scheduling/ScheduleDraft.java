package io.esteira.scheduling;

import io.esteira.scheduling.domain.Schedule.TargetMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * What a person writes when they schedule a query.
 *
 * @param targetTable a table of the area's schema ({@code area_<code>}) on the same source, or null with mode NONE
 * @param targetKeys the key columns for UPSERT
 * @param calendar the days on which it may run besides its cron expression (null: every day)
 * @param options retries, misfires, deadline and notifications (null: the defaults)
 */
public record ScheduleDraft(
        @NotNull(message = "Pick an area") UUID areaId,
        @NotBlank(message = "Name the schedule")
        @Pattern(regexp = "[a-z][a-z0-9_-]{1,79}", message = "2 to 80 lower-case letters, digits, '_' or '-', starting with a letter") String name,
        @Size(max = 2000) String description,
        @NotNull(message = "Pick a data source") UUID sourceId,
        @NotBlank(message = "Write the query") @Size(max = 20000, message = "At most 20,000 characters") String sql,
        @Pattern(regexp = "[a-z][a-z0-9_]{0,62}", message = "A table name: lower-case letters, digits and '_', starting with a letter") String targetTable,
        @NotNull(message = "Pick what happens to the rows") TargetMode targetMode,
        List<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]{0,62}", message = "A column name") String> targetKeys,
        @NotBlank(message = "Give the schedule") String cron,
        @NotBlank(message = "Pick a time zone") String zone,
        BusinessCalendar calendar,
        @Min(value = 1, message = "At least 1 second") @Max(value = 21600, message = "At most 6 hours") int timeoutSeconds,
        @Valid ScheduleOptions options) {

    /** A schedule on every day the cron expression names, with the default options. */
    public ScheduleDraft(UUID areaId, String name, String description, UUID sourceId, String sql, String targetTable, TargetMode targetMode,
            List<String> targetKeys, String cron, String zone, int timeoutSeconds) {
        this(areaId, name, description, sourceId, sql, targetTable, targetMode, targetKeys, cron, zone, null, timeoutSeconds, null);
    }

    /** A schedule that replaces its target table with its rows at each run, with the default options (for other modules). */
    public static ScheduleDraft replacing(UUID areaId, String name, String description, UUID sourceId, String sql, String targetTable,
            String cron, String zone, BusinessCalendar calendar, int timeoutSeconds) {
        return new ScheduleDraft(areaId, name, description, sourceId, sql, targetTable, TargetMode.REPLACE, List.of(), cron, zone, calendar,
                timeoutSeconds, null);
    }

    public BusinessCalendar calendarOrDefault() {
        return calendar == null ? BusinessCalendar.NONE : calendar;
    }

    public ScheduleOptions optionsOrDefault() {
        return options == null ? ScheduleOptions.DEFAULTS : options.withDefaults();
    }
}
