package io.esteira.scheduling;

import io.esteira.costs.ScheduledRuns;
import org.springframework.stereotype.Component;

/** Tells the cost quotes how a cron expression fires, by Quartz as the schedules fire (every day; no business calendar). */
@Component
class ScheduleCalendar implements ScheduledRuns.Calendar {

    @Override
    public ScheduledRuns.Fires of(String cron, String zone) {
        ScheduleTiming timing = new ScheduleTiming(cron, zone == null || zone.isBlank() ? "UTC" : zone.strip());
        return (from, to) -> timing.firesBetween(from, to, BusinessCalendar.NONE);
    }
}
