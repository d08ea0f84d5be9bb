package io.esteira.notifications;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of notifications, all recorded by the audit log. Reading and marking read are the
 * recipient's own inbox state and publish nothing. Webhook addresses appear by host only: their
 * paths and queries often carry the receiver's secret.
 */
public final class NotificationEvents {

    private NotificationEvents() {
    }

    /** Stored for the recipient; {@code channels} are those it goes out on: portal, email, webhook. */
    public record NotificationSent(UUID notificationId, UUID areaId, UUID recipientId, String recipient, String topic, String subject,
            List<String> channels, Trace trace) implements AuditableEvent {
        public String action() { return "notification.sent"; }
        public String objectType() { return "notification"; }
        public String objectId() { return notificationId.toString(); }
        public Map<String, Object> details() {
            return Map.of("recipient", recipient, "recipientId", recipientId.toString(), "topic", topic, "subject", subject,
                    "channels", String.join(",", channels));
        }
    }

    /** Sent on a channel, after {@code attempts} tries. */
    public record NotificationDelivered(UUID notificationId, UUID deliveryId, UUID areaId, String channel, String target, int attempts,
            Trace trace) implements AuditableEvent {
        public String action() { return "notification.delivered"; }
        public String objectType() { return "notification"; }
        public String objectId() { return notificationId.toString(); }
        public Map<String, Object> details() {
            return Map.of("delivery", deliveryId.toString(), "channel", channel, "target", target, "attempts", attempts);
        }
    }

    /** Given up on a channel: every attempt failed, or the last one could not succeed by trying again. */
    public record NotificationDeliveryFailed(UUID notificationId, UUID deliveryId, UUID areaId, String channel, String target,
            int attempts, String error, Trace trace) implements AuditableEvent {
        public String action() { return "notification.delivery-failed"; }
        public String objectType() { return "notification"; }
        public String objectId() { return notificationId.toString(); }
        public Outcome outcome() { return Outcome.FAILED; }
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("delivery", deliveryId.toString());
            details.put("channel", channel);
            details.put("target", target);
            details.put("attempts", attempts);
            details.put("error", error == null ? "" : error);
            return details;
        }
    }
}
