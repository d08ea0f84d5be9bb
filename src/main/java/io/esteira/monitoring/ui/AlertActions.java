package io.esteira.monitoring.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import io.esteira.areas.AreaAccess;
import io.esteira.monitoring.AlertView;
import io.esteira.monitoring.MonitoringAlerts;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.ui.Notices;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Acknowledge, snooze and resolve an alert, for the people of its area (reviewers and managers read). */
final class AlertActions {

    private final MonitoringAlerts alerts;
    private final AreaAccess access;
    private final Runnable refresh;
    private final Clock clock;

    AlertActions(MonitoringAlerts alerts, AreaAccess access, Runnable refresh, Clock clock) {
        this.clock = clock;
        this.alerts = alerts;
        this.access = access;
        this.refresh = refresh;
    }

    /** The buttons for what the caller may do with the alert now; none for readers or a resolved alert. */
    Component buttons(AlertView a) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setSpacing(false);
        actions.getStyle().set("flex-wrap", "wrap");
        if (!access.canAct(a.areaId()) || a.state().equals("RESOLVED")) {
            return actions;
        }
        if (a.state().equals("OPEN") || a.state().equals("SNOOZED")) {
            Button ack = new Button("Acknowledge", e -> act(() -> alerts.acknowledge(a.id()), "Acknowledged"));
            ack.setId("alert-acknowledge-" + a.id());
            ack.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            actions.add(ack);
        }
        Button snooze = new Button("Snooze…", e -> snoozeDialog(a));
        snooze.setId("alert-snooze-" + a.id());
        Button resolve = new Button("Resolve…", e -> resolveDialog(a));
        resolve.setId("alert-resolve-" + a.id());
        snooze.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        resolve.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        actions.add(snooze, resolve);
        return actions;
    }

    private void snoozeDialog(AlertView a) {
        Map<String, Duration> choices = new LinkedHashMap<>();
        choices.put("1 hour", Duration.ofHours(1));
        choices.put("1 day", Duration.ofDays(1));
        choices.put("1 week", Duration.ofDays(7));
        Select<String> until = new Select<>();
        until.setId("alert-snooze-for");
        until.setLabel("Snooze for");
        until.setItems(choices.keySet());
        until.setValue("1 day");
        TextArea reason = reason("alert-snooze-reason");
        dialog("Snooze the alert of " + a.deployment(), "Snooze", "alert-snooze-confirm", reason, until,
                () -> alerts.snooze(a.id(), clock.instant().plus(choices.get(until.getValue())), reason.getValue()));
    }

    private void resolveDialog(AlertView a) {
        TextArea reason = reason("alert-resolve-reason");
        dialog("Resolve the alert of " + a.deployment(), "Resolve", "alert-resolve-confirm", reason, null,
                () -> alerts.resolve(a.id(), reason.getValue()));
    }

    private static TextArea reason(String id) {
        TextArea reason = new TextArea("Why");
        reason.setId(id);
        reason.setRequired(true);
        reason.setWidthFull();
        reason.setHelperText("For the audit log and the area: what was found or decided");
        return reason;
    }

    private void dialog(String title, String label, String id, TextArea reason, Component extra, Runnable action) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        VerticalLayout body = new VerticalLayout();
        body.setPadding(false);
        body.setWidth("min(30rem, 90vw)");
        if (extra != null) {
            body.add(extra);
        }
        body.add(reason);
        Button confirm = new Button(label, e -> {
            try {
                action.run();
                dialog.close();
                Notices.success(label.equals("Snooze") ? "Snoozed" : "Resolved");
                refresh.run();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("reason", reason, "state", reason, "until", reason));
            } catch (ForbiddenException | NotFoundException ex) {
                Notices.error(ex.getMessage());
            }
        });
        confirm.setId(id);
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(body);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            Notices.success(done);
            refresh.run();
        } catch (InvalidRequestException | ForbiddenException | NotFoundException ex) {
            Notices.error(ex.getMessage());
        }
    }
}
