package io.esteira.notifications.delivery;

import io.esteira.areas.AreaSummary;
import io.esteira.notifications.delivery.Deliverer.Outcome;
import io.esteira.notifications.domain.Notification;
import io.esteira.shared.InvalidRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs the notification as JSON: {@code id, topic, subject, body, area {id, code, name}, link,
 * payload, sentAt}, signed when a secret is set. The address is checked again before each attempt
 * (the allow-list or the host's addresses may have changed since it was saved); redirects are never
 * followed, so an answer cannot send the portal elsewhere.
 */
@Component
class WebhookChannel {

    static final String USER_AGENT = "Esteira-Webhook/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookAddresses addresses;
    private final NotificationProperties properties;
    private final HttpClient http;
    private final Clock clock;

    WebhookChannel(WebhookAddresses addresses, NotificationProperties properties, Clock clock) {
        this.clock = clock;
        this.addresses = addresses;
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.webhookConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Outcome send(String url, Notification n, AreaSummary area) {
        URI uri;
        try {
            uri = addresses.check(url);
        } catch (InvalidRequestException e) {
            return Outcome.giveUp("The address is refused: " + e.getMessage());
        }
        byte[] body = body(n, area);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(properties.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Esteira-Notification", n.getId().toString())
                .header("X-Esteira-Topic", n.getTopic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!properties.webhookSecret().isBlank()) {
            request.header(WebhookSignature.HEADER, WebhookSignature.sign(properties.webhookSecret(), body));
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.ok();
            }
            if (status >= 300 && status < 400) {
                return Outcome.giveUp("The receiver answered with a redirect (HTTP " + status + "), which webhooks do not follow");
            }
            if (status == 408 || status == 429 || status >= 500) {
                return Outcome.retry("The receiver answered HTTP " + status);
            }
            return Outcome.giveUp("The receiver refused the webhook with HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Outcome.retry("The receiver did not answer in time (" + e.getMessage() + ")");
        } catch (IOException e) {
            return Outcome.retry("The receiver could not be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null; // the portal is stopping: the claim lapses and a sweep tries again
        }
    }

    byte[] body(Notification n, AreaSummary area) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", n.getId().toString());
        json.put("topic", n.getTopic());
        json.put("subject", n.getSubject());
        json.put("body", n.getBody());
        if (area == null) {
            json.put("area", null);
        } else {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", area.id().toString());
            a.put("code", area.code());
            a.put("name", area.name());
            json.put("area", a);
        }
        json.put("link", properties.absolute(n.getLink()));
        json.put("payload", n.getPayload() == null ? Map.of() : JSON.readTree(n.getPayload()));
        json.put("sentAt", clock.instant().toString());
        return JSON.writeValueAsBytes(json);
    }
}
