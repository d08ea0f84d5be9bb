package io.esteira.monitoring.ui;

import io.esteira.monitoring.AlertView;
import io.esteira.monitoring.MonitoringAlerts;
import io.esteira.shared.Formats;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.HomeTasks;
import io.esteira.shared.ui.MonitoringLinks;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/** A data scientist's home shows the open alerts of their areas' deployments, newest first. */
@Component
@Order(20)
class OpenAlertsOnHome implements HomeTasks {

    private final MonitoringAlerts alerts;

    OpenAlertsOnHome(MonitoringAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public Optional<Section> forCurrentUser() {
        var user = CurrentUser.require();
        if (!user.has(Role.DATA_SCIENTIST)) {
            return Optional.empty();
        }
        Page<AlertView> open = alerts.page(PageRequest.of(0, SHOWN), true);
        return Optional.of(new Section("home-alerts", "Open alerts in your areas", open.stream().map(OpenAlertsOnHome::task).toList(),
                open.getTotalElements(), "monitoring", "Open monitoring", "No open alerts: your deployments are within their limits."));
    }

    private static Task task(AlertView a) {
        String state = a.state().equals("OPEN") ? "opened " + Formats.dateTime(a.openedAt()) : a.state().toLowerCase() + " · opened "
                + Formats.dateTime(a.openedAt());
        return new Task(a.deployment() + ": " + a.message(), state, MonitoringLinks.deployment(a.deployment(), a.areaId(), a.releaseId()),
                a.severity().toLowerCase(), a.severity().equals("BREACH") ? "error" : "warning");
    }
}
