package io.esteira.notifications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;

/**
 * What to tell whom. {@code recipientId}: a portal user; {@code areaId}: the area it is about
 * (optional for platform-wide news); {@code webhookUrl}: optional (null) address that gets the JSON
 * payload, checked with {@link Notifications#checkWebhook}; {@code link}: a portal path like
 * {@code "/schedules"} (optional); {@code payload}: optional extra JSON for webhook receivers.
 * A subject is kept to one line of at most 200 characters and a body to 4,000 (longer ones are cut,
 * so that a long model name never costs an alert).
 */
public record NotificationRequest(
        UUID areaId,
        @NotNull UUID recipientId,
        @NotBlank @Size(max = 80) @Pattern(regexp = "[a-z0-9][a-z0-9._-]*", message = "lower-case words with '.', '_' or '-', like schedule.run-failed")
        String topic,
        @NotBlank String subject,
        String body,
        @Size(max = 500) @Pattern(regexp = "/(?![/\\\\])[^\\s\\\\]*", message = "must be a path in the portal, like /schedules")
        String link,
        @Size(max = 2000) String webhookUrl,
        Map<String, Object> payload) {
}
