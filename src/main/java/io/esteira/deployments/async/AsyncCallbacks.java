package io.esteira.deployments.async;

import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tells the caller that an asynchronous request has finished: a notification to the person or
 * pipeline account that submitted it, with the callback address as its webhook, so that the
 * notifications' signed (HMAC-SHA256), address-checked and retried delivery carries the request's
 * state document (in the webhook's {@code payload}) to the caller. Sent in the transaction that
 * finishes the request, so it is queued exactly once, and delivered after that commits.
 */
@Component
class AsyncCallbacks {

    static final String TOPIC = "deployment.async-prediction";
    /** The notifications keep a payload of at most 20,000 characters of JSON; a larger result is read from {@code location}. */
    private static final int MAX_DOCUMENT = 19_000;

    private final Notifications notifications;

    AsyncCallbacks(Notifications notifications) {
        this.notifications = notifications;
    }

    void send(AsyncQueue.Request r) {
        AsyncRequestView view = AsyncPredictions.view(r);
        @SuppressWarnings("unchecked")
        Map<String, Object> document = new LinkedHashMap<>(AsyncPredictions.JSON.convertValue(view, Map.class));
        if (AsyncPredictions.JSON.writeValueAsString(document).length() > MAX_DOCUMENT) {
            document.put("result", null);
            document.put("resultOmitted", "The result is too large for a callback; GET " + view.location());
        }
        String state = view.state().toLowerCase(Locale.ROOT);
        notifications.send(new NotificationRequest(r.areaId(), r.requestedById(), TOPIC + "-" + state,
                "Prediction request " + r.id() + " of " + r.endpoint() + ": " + state,
                view.error() == null ? r.rowCount() + " rows scored by " + view.model() + " v" + view.modelVersion() : view.error(),
                view.location(), r.callback(), document));
    }
}
