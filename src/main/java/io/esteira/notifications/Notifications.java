package io.esteira.notifications;

import io.esteira.areas.AreaService;
import io.esteira.notifications.NotificationEvents.NotificationSent;
import io.esteira.notifications.delivery.Deliverer;
import io.esteira.notifications.delivery.WebhookAddresses;
import io.esteira.notifications.domain.Deliveries;
import io.esteira.notifications.domain.Delivery;
import io.esteira.notifications.domain.Notification;
import io.esteira.notifications.domain.NotificationRows;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.security.UserDirectory.Person;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells people things: in the portal (their inbox), by e-mail when SMTP is configured and they have
 * an address, and by webhook. The reads are the signed-in user's own inbox; nobody reads or marks
 * another person's notifications (they are "not found").
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class Notifications {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PAYLOAD = 20_000;
    static final int MAX_SUBJECT = 200;
    static final int MAX_BODY = 4_000;
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    private final NotificationRows rows;
    private final Deliveries deliveries;
    private final Deliverer deliverer;
    private final WebhookAddresses webhooks;
    private final UserDirectory directory;
    private final AreaService areas;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Notifications(NotificationRows rows, Deliveries deliveries, Deliverer deliverer, WebhookAddresses webhooks, UserDirectory directory,
            AreaService areas, Validator validator, ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.rows = rows;
        this.deliveries = deliveries;
        this.deliverer = deliverer;
        this.webhooks = webhooks;
        this.directory = directory;
        this.areas = areas;
        this.validator = validator;
        this.events = events;
    }

    /**
     * Stores the in-portal notification at once (in the caller's transaction, if any) and delivers
     * e-mail (when SMTP is configured and the recipient has an address) and the webhook after commit,
     * in the background; delivery failures are recorded, never thrown.
     *
     * Callable from any thread, signed in or not (a job, an event listener): the audit trail then
     * names the system as the sender.
     *
     * @throws InvalidRequestException when the request itself is wrong (no such recipient or area, a missing subject, ...)
     */
    @Transactional
    @PreAuthorize("permitAll()")
    public void send(NotificationRequest request) {
        Validation.check(validator, request, "notification");
        if (io.esteira.shared.security.SystemActor.SYSTEM.userId().equals(request.recipientId())) {
            return; // work the platform started itself (e.g. the demo's seeding) has nobody to tell: the system has no inbox
        }
        Person recipient = directory.find(request.recipientId())
                .orElseThrow(() -> new InvalidRequestException("recipientId", "No portal user has the id " + request.recipientId()));
        if (request.areaId() != null && !areas.names().containsKey(request.areaId())) {
            throw new InvalidRequestException("areaId", "No area has the id " + request.areaId());
        }
        Notification notification = rows.save(new Notification(request.areaId(), recipient.id(), request.topic(),
                cut(request.subject().replaceAll("\\s+", " ").strip(), MAX_SUBJECT), request.body() == null ? "" : cut(request.body(), MAX_BODY),
                request.link(), payload(request.payload()), clock.instant()));
        List<String> channels = new ArrayList<>(List.of("portal"));
        List<Delivery> created = new ArrayList<>();
        if (deliverer.emailConfigured() && recipient.enabled() && recipient.email() != null && !recipient.email().isBlank()) {
            created.add(new Delivery(notification.getId(), Delivery.Channel.EMAIL, recipient.email().strip(), clock.instant()));
            channels.add("email");
        }
        if (request.webhookUrl() != null && !request.webhookUrl().isBlank()) {
            created.add(new Delivery(notification.getId(), Delivery.Channel.WEBHOOK, request.webhookUrl().strip(), clock.instant()));
            channels.add("webhook");
        }
        deliveries.saveAllAndFlush(created);
        events.publishEvent(new NotificationSent(notification.getId(), notification.getAreaId(), recipient.id(), recipient.username(),
                notification.getTopic(), notification.getSubject(), List.copyOf(channels),
                CurrentUser.get().isPresent() ? Trace.capture(clock) : Trace.system(clock)));
        deliverer.sendAfterCommit(created.stream().map(Delivery::getId).toList());
    }

    /** @throws InvalidRequestException (field {@code webhookUrl}, saying why) when the address may not receive webhooks */
    @PreAuthorize("permitAll()")
    public void checkWebhook(String url) {
        webhooks.check(url);
    }

    /** The signed-in user's notifications, newest first. */
    public Page<NotificationView> list(Pageable pageable) {
        SignedInUser me = CurrentUser.require();
        Pageable page = pageable.isPaged() ? PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), NEWEST_FIRST)
                : PageRequest.of(0, 50, NEWEST_FIRST);
        Page<Notification> found = me.areaScope() == null ? rows.findByRecipientId(me.userId(), page)
                : rows.findByRecipientIdAndAreaId(me.userId(), me.areaScope(), page);
        Map<UUID, String> names = areas.names();
        return found.map(n -> view(n, names));
    }

    public long unreadCount() {
        SignedInUser me = CurrentUser.require();
        return me.areaScope() == null ? rows.countByRecipientIdAndReadAtIsNull(me.userId())
                : rows.countByRecipientIdAndAreaIdAndReadAtIsNull(me.userId(), me.areaScope());
    }

    /** @throws NotFoundException unless it is the signed-in user's own notification */
    @Transactional
    public NotificationView markRead(UUID id) {
        SignedInUser me = CurrentUser.require();
        Notification n = rows.findByIdAndRecipientId(id, me.userId())
                .filter(found -> me.areaScope() == null || me.areaScope().equals(found.getAreaId()))
                .orElseThrow(() -> new NotFoundException("notification", id));
        n.markRead(clock.instant());
        return view(n, areas.names());
    }

    /** @return how many were unread */
    @Transactional
    public int markAllRead() {
        SignedInUser me = CurrentUser.require();
        return me.areaScope() == null ? rows.markAllRead(me.userId(), clock.instant())
                : rows.markAllReadInArea(me.userId(), me.areaScope(), clock.instant());
    }

    /** One line of the subject (no header can be smuggled into an e-mail) and both within their columns. */
    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String payload(Map<String, Object> payload) {
        if (payload == null || payload.isEmpty()) {
            return null;
        }
        String json;
        try {
            json = JSON.writeValueAsString(payload);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("payload", "The payload cannot be written as JSON: " + e.getMessage());
        }
        if (json.length() > MAX_PAYLOAD) {
            throw new InvalidRequestException("payload", "The payload is " + json.length() + " characters of JSON; at most " + MAX_PAYLOAD);
        }
        return json;
    }

    private static NotificationView view(Notification n, Map<UUID, String> areaNames) {
        return new NotificationView(n.getId(), n.getAreaId(), n.getAreaId() == null ? null : areaNames.get(n.getAreaId()), n.getTopic(),
                n.getSubject(), n.getBody(), n.getLink(), n.getCreatedAt(), n.getReadAt(), n.getReadAt() != null);
    }
}
