package io.esteira.changes;

import io.esteira.changes.ChangeEvents.ChangeStepRecorded;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * An emergency change skips the normal approvals on its requester's word: governance reviewers are
 * told whenever one is declared and whenever a reviewer refuses the classification (the requester
 * too, then). A listener of the event publication registry, so a node dying meanwhile loses nothing.
 */
@Component
class EmergencyNotifier {

    static final String DECLARED = "emergency-declared";
    static final String REFUSED = "emergency-refused";

    private final ChangeRequests requests;
    private final Notifications notifications;
    private final UserDirectory directory;

    EmergencyNotifier(ChangeRequests requests, Notifications notifications, UserDirectory directory) {
        this.requests = requests;
        this.notifications = notifications;
        this.directory = directory;
    }

    @ApplicationModuleListener
    void on(ChangeStepRecorded step) {
        if (!step.step().equals(DECLARED) && !step.step().equals(REFUSED)) {
            return;
        }
        requests.findById(step.changeId()).ifPresent(change -> {
            boolean declared = step.step().equals(DECLARED);
            String subject = (declared ? "Emergency change declared: " : "Emergency refused: ") + change.getSubjectLabel() + " to "
                    + change.getEnvironment().name().toLowerCase();
            String body = declared
                    ? change.getRequesterName() + " declared this change an emergency (two reviewers of any kind, reviewed after "
                            + "implementation). Reviewers confirm the classification by approving, or refuse it. Justification: "
                            + change.getJustification()
                    : step.details().get("reviewer") + " refused the emergency classification: " + step.details().get("reason")
                            + ". It is a normal change now, needing a model-risk and a governance reviewer.";
            for (UserDirectory.Person reviewer : directory.withRole(Role.GOVERNANCE_REVIEWER)) {
                tell(change, reviewer.id(), "change." + step.step(), subject, body);
            }
            if (!declared) {
                tell(change, change.getRequesterId(), "change." + step.step(), subject, body);
            }
        });
    }

    private void tell(ChangeRequest change, UUID recipient, String topic, String subject, String body) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("changeRequest", change.getId().toString());
        payload.put("subjectType", change.getSubjectType());
        payload.put("subjectId", change.getSubjectId());
        payload.put("environment", change.getEnvironment().name());
        payload.put("type", change.getType().name());
        notifications.send(new NotificationRequest(change.getAreaId(), recipient, topic, subject, body, "/changes/" + change.getId(),
                null, payload));
    }
}
