package io.esteira.notifications.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A notification's delivery on one channel (e-mail to an address, or a webhook to a URL). PENDING
 * until it is sent or given up; each failed attempt waits longer before the next one.
 */
@Entity
@Table(name = "notification_delivery")
public class Delivery {

    public enum Channel { EMAIL, WEBHOOK }

    public enum State { PENDING, SENT, FAILED }

    @Id
    private UUID id;
    @Column(name = "notification_id", nullable = false)
    private UUID notificationId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Channel channel;
    @Column(nullable = false)
    private String target;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    private int attempts;
    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;
    @Column(name = "claimed_until")
    private Instant claimedUntil;
    @Column(name = "last_error")
    private String lastError;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "sent_at")
    private Instant sentAt;

    protected Delivery() {
    }

    public Delivery(UUID notificationId, Channel channel, String target, Instant now) {
        this.id = UUID.randomUUID();
        this.notificationId = notificationId;
        this.channel = channel;
        this.target = target;
        this.state = State.PENDING;
        this.createdAt = now;
        this.nextAttemptAt = createdAt;
    }

    public void sent(Instant at) {
        attempts++;
        state = State.SENT;
        sentAt = at;
        claimedUntil = null;
        lastError = null;
    }

    /**
     * A failed attempt: tried again after {@code backoff} doubled per attempt so far, unless it was
     * the last one allowed or retrying cannot help.
     *
     * @return whether the delivery is given up (FAILED)
     */
    public boolean failed(String error, Instant at, boolean retryable, int maxAttempts, Duration backoff) {
        attempts++;
        lastError = error == null ? "unknown error" : error.substring(0, Math.min(2000, error.length()));
        claimedUntil = null;
        if (!retryable || attempts >= maxAttempts) {
            state = State.FAILED;
            return true;
        }
        nextAttemptAt = at.plus(backoff.multipliedBy(1L << Math.min(attempts - 1, 20)));
        return false;
    }

    public UUID getId() { return id; }
    public UUID getNotificationId() { return notificationId; }
    public Channel getChannel() { return channel; }
    public String getTarget() { return target; }
    public State getState() { return state; }
    public int getAttempts() { return attempts; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public Instant getClaimedUntil() { return claimedUntil; }
    public String getLastError() { return lastError; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getSentAt() { return sentAt; }
}
