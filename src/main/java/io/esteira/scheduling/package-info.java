/**
 * Scheduled queries: recurring SQL on the feature store's data sources, run by Quartz across the
 * portal's nodes, with their run history, backfill and metering. So far: schedules in words and
 * their next fire times (presets or a Quartz cron expression, in a time zone, with daylight saving).
 * Its API: {@link io.esteira.scheduling.ScheduleDefinitions} (create, change, pause, delete),
 * {@link io.esteira.scheduling.ManagedSchedules} (those another module's subject scores),
 * {@link io.esteira.scheduling.ScheduleRunner} (runs), {@link io.esteira.scheduling.ScheduleDeadlines},
 * {@link io.esteira.scheduling.SchedulePreviews} (a query's first rows, a schedule's cost) and
 * {@link io.esteira.scheduling.ScheduleQueries} (reading).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduling")
package io.esteira.scheduling;
