package io.esteira.notifications;

import java.time.Instant;
import java.util.UUID;

/** A notification as its recipient sees it; {@code areaName} is null for platform-wide ones. */
public record NotificationView(UUID id, UUID areaId, String areaName, String topic, String subject, String body, String link,
        Instant createdAt, Instant readAt, boolean read) {
}
