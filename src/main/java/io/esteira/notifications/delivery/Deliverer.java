package io.esteira.notifications.delivery;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.notifications.NotificationEvents.NotificationDelivered;
import io.esteira.notifications.NotificationEvents.NotificationDeliveryFailed;
import io.esteira.notifications.domain.Deliveries;
import io.esteira.notifications.domain.Delivery;
import io.esteira.notifications.domain.Notification;
import io.esteira.notifications.domain.NotificationRows;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.SystemActor;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends deliveries in the background: at once after the notification's transaction commits, and
 * again from the periodic sweep for retries that are due and for deliveries a stopped node left
 * behind. Every attempt first claims its delivery, so each is sent by one node at a time; the
 * outcome lands in the delivery row, and the final one in the audit log. Nothing here throws to
 * the caller of {@code Notifications.send}.
 */
@Component
public class Deliverer {

    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);
    /** The most deliveries one sweep takes on. */
    static final int SWEEP_BATCH = 50;

    private final Deliveries deliveries;
    private final NotificationRows notifications;
    private final EmailChannel email;
    private final WebhookChannel webhooks;
    private final AreaService areas;
    private final NotificationProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("notification-delivery-", 0).factory());
    private final Clock clock;

    Deliverer(Deliveries deliveries, NotificationRows notifications, EmailChannel email, WebhookChannel webhooks, AreaService areas,
            NotificationProperties properties, ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock) {
        this.clock = clock;
        this.deliveries = deliveries;
        this.notifications = notifications;
        this.email = email;
        this.webhooks = webhooks;
        this.areas = areas;
        this.properties = properties;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    }

    /** Whether e-mail can go out at all: an SMTP server is configured. */
    public boolean emailConfigured() {
        return email.configured();
    }

    /** Sends these deliveries in the background once the current transaction has committed (never, if it rolls back). */
    public void sendAfterCommit(List<UUID> deliveryIds) {
        if (!deliveryIds.isEmpty()) {
            AfterCommit.run(() -> deliveryIds.forEach(id -> background.submit(() -> attempt(id))));
        }
    }

    /** Attempts every delivery that is due, and waits for them: a sweep ends when its attempts have. */
    public int sendDue() {
        List<UUID> due = deliveries.findDue(clock.instant(), PageRequest.of(0, SWEEP_BATCH));
        List<Future<?>> running = new ArrayList<>();
        due.forEach(id -> running.add(background.submit(() -> attempt(id))));
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                log.warn("A notification delivery failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return due.size();
    }

    /** One attempt at one delivery, if it is still pending, due and nobody else's. */
    void attempt(UUID deliveryId) {
        SystemActor.run(() -> {
            try {
                Instant now = clock.instant();
                Integer claimed = tx.execute(s -> deliveries.claim(deliveryId, now, now.plus(properties.claim())));
                if (claimed == null || claimed != 1) {
                    return;
                }
                Delivery delivery = deliveries.findById(deliveryId).orElse(null);
                Notification notification = delivery == null ? null : notifications.findById(delivery.getNotificationId()).orElse(null);
                if (notification == null) {
                    return; // deleted meanwhile
                }
                Outcome outcome = switch (delivery.getChannel()) {
                    case EMAIL -> email.send(delivery.getTarget(), notification, area(notification));
                    case WEBHOOK -> webhooks.send(delivery.getTarget(), notification, area(notification));
                };
                if (outcome != null) {
                    record(deliveryId, outcome);
                }
            } catch (RuntimeException e) {
                log.warn("Notification delivery {} could not be attempted: {}", deliveryId, e.toString());
            }
        });
    }

    private void record(UUID deliveryId, Outcome outcome) {
        tx.executeWithoutResult(s -> {
            Delivery d = deliveries.findById(deliveryId).orElse(null);
            if (d == null || d.getState() != Delivery.State.PENDING) {
                return;
            }
            Instant now = clock.instant();
            Notification n = notifications.findById(d.getNotificationId()).orElseThrow();
            if (outcome.sent()) {
                d.sent(now);
                events.publishEvent(new NotificationDelivered(n.getId(), d.getId(), n.getAreaId(), channel(d), shownTarget(d),
                        d.getAttempts(), Trace.system(clock)));
            } else if (d.failed(outcome.error(), now, outcome.retryable(), properties.maxAttempts(), properties.retryBackoff())) {
                log.warn("Notification {} by {} given up after {} attempts: {}", n.getId(), channel(d), d.getAttempts(), outcome.error());
                events.publishEvent(new NotificationDeliveryFailed(n.getId(), d.getId(), n.getAreaId(), channel(d), shownTarget(d),
                        d.getAttempts(), d.getLastError(), Trace.system(clock)));
            } else {
                log.info("Notification {} by {} failed (attempt {}), next at {}: {}", n.getId(), channel(d), d.getAttempts(),
                        d.getNextAttemptAt(), outcome.error());
            }
            deliveries.save(d);
        });
    }

    private AreaSummary area(Notification n) {
        if (n.getAreaId() == null) {
            return null;
        }
        try {
            return areas.get(n.getAreaId());
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static String channel(Delivery d) {
        return d.getChannel().name().toLowerCase();
    }

    /** What the audit trail shows of the target: the webhook's host, the e-mail address masked. */
    static String shownTarget(Delivery d) {
        if (d.getChannel() == Delivery.Channel.WEBHOOK) {
            return WebhookAddresses.hostOf(d.getTarget());
        }
        String address = d.getTarget();
        int at = address.indexOf('@');
        return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }

    @PreDestroy
    void stop() {
        // no interrupt: an attempt may be in the database (see StopSignal); one cut short by the exit keeps its claim until it lapses, then a sweep takes it again
        background.shutdown();
    }

    /** How an attempt ended; {@code retryable}: trying again later may help. */
    record Outcome(boolean sent, boolean retryable, String error) {

        static Outcome ok() {
            return new Outcome(true, false, null);
        }

        static Outcome retry(String error) {
            return new Outcome(false, true, error);
        }

        static Outcome giveUp(String error) {
            return new Outcome(false, false, error);
        }
    }
}
