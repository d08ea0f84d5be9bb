package io.esteira.changes;

import io.esteira.changes.ChangeEvents.ChangeApproved;
import io.esteira.changes.ChangeEvents.ChangeRejected;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.Formats;
import java.util.Map;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the requester (in the portal, and by e-mail when SMTP is configured) that their request was
 * approved or rejected. A listener of the event publication registry: a decision taken just before a
 * node died is still told after the restart.
 */
@Component
class ChangeDecisionNotifier {

    private final ChangeRequests requests;
    private final Notifications notifications;

    ChangeDecisionNotifier(ChangeRequests requests, Notifications notifications) {
        this.requests = requests;
        this.notifications = notifications;
    }

    @ApplicationModuleListener
    void on(ChangeApproved approved) {
        requests.findById(approved.changeId()).ifPresent(change -> tell(change, "change.approved",
                "Approved: " + change.getSubjectLabel() + " to " + where(change),
                (approved.policy() == null ? "Approved by " + people(approved.approvers())
                        : "Approved by policy (" + approved.policy() + ")") + ". Implement it before " + Formats.dateTime(approved.validUntil()) + ".",
                Map.of("state", "APPROVED", "validUntil", String.valueOf(approved.validUntil()))));
    }

    @ApplicationModuleListener
    void on(ChangeRejected rejected) {
        requests.findById(rejected.changeId()).ifPresent(change -> tell(change, "change.rejected",
                "Rejected: " + change.getSubjectLabel() + " to " + where(change),
                rejected.reviewer() + " rejected it: " + rejected.comment(), Map.of("state", "REJECTED", "reviewer", rejected.reviewer())));
    }

    private void tell(ChangeRequest change, String topic, String subject, String body, Map<String, Object> extra) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>(extra);
        payload.put("changeRequest", change.getId().toString());
        payload.put("subjectType", change.getSubjectType());
        payload.put("subjectId", change.getSubjectId());
        payload.put("environment", change.getEnvironment().name());
        notifications.send(new NotificationRequest(change.getAreaId(), change.getRequesterId(), topic, subject, body,
                "/changes/" + change.getId(), null, payload));
    }

    private static String people(java.util.List<String> names) {
        return names.size() < 2 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    private static String where(ChangeRequest change) {
        return change.getEnvironment().name().toLowerCase();
    }
}
