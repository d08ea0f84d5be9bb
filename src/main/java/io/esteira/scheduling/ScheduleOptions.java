package io.esteira.scheduling;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * How a schedule's runs are looked after; every field may be left out for its default.
 *
 * @param retries automatic retries of a failed scheduled run (0 to 5; default 0)
 * @param retryDelaySeconds the wait before the first retry, doubled before each next one (10 s to 1 h; default 60 s)
 * @param misfire what happens to fires that were missed (default: run once)
 * @param deadlineMinutes alert when a run has not succeeded this long after its scheduled time (null: no deadline)
 * @param notifyOnFailure tell the owner in the portal (and by e-mail when SMTP is configured) when a run fails for good (default true)
 * @param webhookUrl an address that is told of failures and missed deadlines as JSON (optional)
 */
public record ScheduleOptions(
        @Min(value = 0, message = "No fewer than 0 retries") @Max(value = 5, message = "At most 5 retries") Integer retries,
        @Min(value = 10, message = "At least 10 seconds") @Max(value = 3600, message = "At most 1 hour") Integer retryDelaySeconds,
        MisfirePolicy misfire,
        @Min(value = 1, message = "At least 1 minute") @Max(value = 2880, message = "At most 48 hours") Integer deadlineMinutes,
        Boolean notifyOnFailure,
        @Size(max = 2000, message = "At most 2,000 characters") String webhookUrl) {

    public static final ScheduleOptions DEFAULTS = new ScheduleOptions(0, 60, MisfirePolicy.RUN_ONCE, null, true, null);

    /** The same options with every missing value replaced by its default. */
    public ScheduleOptions withDefaults() {
        return new ScheduleOptions(retries == null ? 0 : retries, retryDelaySeconds == null ? 60 : retryDelaySeconds,
                misfire == null ? MisfirePolicy.RUN_ONCE : misfire, deadlineMinutes, notifyOnFailure == null || notifyOnFailure,
                webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.strip());
    }
}
