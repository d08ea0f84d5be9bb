package io.esteira.scheduling;

import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.scheduling.SchedulingEvents.ScheduleAlertRaised;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.Schedules;
import java.util.Map;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the schedule's owner (in the portal, and by e-mail when SMTP is configured) and its webhook
 * of an alert. A listener of the event publication registry: an alert raised just before a node
 * died is still delivered after the restart.
 */
@Component
class ScheduleAlertNotifier {

    private final Schedules schedules;
    private final Notifications notifications;

    ScheduleAlertNotifier(Schedules schedules, Notifications notifications) {
        this.schedules = schedules;
        this.notifications = notifications;
    }

    @ApplicationModuleListener
    void on(ScheduleAlertRaised alert) {
        Schedule schedule = schedules.findById(alert.scheduleId()).orElse(null);
        // the inbox entry is what every channel's delivery hangs on, so a webhook alone still leaves one there
        if (schedule == null || (!schedule.isNotifyOnFailure() && schedule.getWebhookUrl() == null)) {
            return;
        }
        boolean failed = alert.kind().equals("FAILED");
        notifications.send(new NotificationRequest(alert.areaId(), schedule.getOwnerId(),
                failed ? "schedule.run-failed" : "schedule.deadline-missed",
                (failed ? "Schedule " + alert.name() + " failed" : "Schedule " + alert.name() + " missed its deadline"),
                alert.message(), "/schedules", schedule.getWebhookUrl(),
                Map.of("schedule", alert.name(), "scheduleId", alert.scheduleId().toString(), "alert", alert.kind(),
                        "scheduledFor", alert.scheduledFor().toString(), "run", String.valueOf(alert.runId()))));
    }
}
