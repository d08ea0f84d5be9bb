/**
 * Scheduled queries: recurring SQL on the feature store's data sources, run by Quartz across the
 * portal's nodes, with their run history, backfill and metering. So far: schedules in words and
 * their next fire times (presets or a Quartz cron expression, in a time zone, with daylight saving).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduling")
package io.esteira.scheduling;
