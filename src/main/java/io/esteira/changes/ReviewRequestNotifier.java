package io.esteira.changes;

import io.esteira.changes.ChangeEvents.ChangeSubmitted;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Reviewers are told of a request that waits for their kind of review (model risk, governance) when it
 * is submitted, with a link to it, so that nobody has to watch the queue; its requester and its authors,
 * who may not decide it, are not. A request approved at once by policy waits for nobody. A listener of
 * the event publication registry, so a node dying meanwhile loses nothing.
 */
@Component
class ReviewRequestNotifier {

    static final String TOPIC = "change.review-requested";

    private final ChangeRequests requests;
    private final Notifications notifications;
    private final UserDirectory directory;

    ReviewRequestNotifier(ChangeRequests requests, Notifications notifications, UserDirectory directory) {
        this.requests = requests;
        this.notifications = notifications;
        this.directory = directory;
    }

    @ApplicationModuleListener
    void on(ChangeSubmitted submitted) {
        requests.findById(submitted.changeId()).filter(c -> c.getState() == ChangeState.SUBMITTED).ifPresent(change -> {
            Set<UUID> told = new LinkedHashSet<>();
            for (Role kind : ChangePolicy.KINDS) {
                if (!change.getNeededKinds().contains("," + kind.name() + ",")) {
                    continue;
                }
                for (UserDirectory.Person reviewer : directory.withRole(kind)) {
                    if (!reviewer.id().equals(change.getRequesterId()) && !change.getAuthorIds().contains(reviewer.id())
                            && told.add(reviewer.id())) {
                        tell(change, reviewer.id(), kind);
                    }
                }
            }
        });
    }

    private void tell(ChangeRequest change, UUID reviewer, Role kind) {
        String subject = "Review requested: " + change.getSubjectLabel() + " to " + change.getEnvironment().name().toLowerCase();
        String body = change.getRequesterName() + " asks for " + (kind == Role.RISK_REVIEWER ? "a model-risk" : "a governance")
                + " review of this " + change.getType().name().toLowerCase() + " change. Justification: " + change.getJustification();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("changeRequest", change.getId().toString());
        payload.put("subjectType", change.getSubjectType());
        payload.put("subjectId", change.getSubjectId());
        payload.put("environment", change.getEnvironment().name());
        payload.put("reviewKind", kind.name());
        notifications.send(new NotificationRequest(change.getAreaId(), reviewer, TOPIC, subject, body, "/changes/" + change.getId(), null,
                payload));
    }
}
