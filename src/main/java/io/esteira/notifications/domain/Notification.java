package io.esteira.notifications.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** One thing the portal told one person; it stays in their inbox, read or not. */
@Entity
@Table(name = "notification")
public class Notification {

    @Id
    private UUID id;
    @Column(name = "area_id")
    private UUID areaId;
    @Column(name = "recipient_id", nullable = false)
    private UUID recipientId;
    @Column(nullable = false)
    private String topic;
    @Column(nullable = false)
    private String subject;
    @Column(nullable = false)
    private String body;
    private String link;
    /** The caller's payload as JSON, kept for deliveries that are retried later, maybe by another node. */
    private String payload;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "read_at")
    private Instant readAt;

    protected Notification() {
    }

    public Notification(UUID areaId, UUID recipientId, String topic, String subject, String body, String link, String payload, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.recipientId = recipientId;
        this.topic = topic;
        this.subject = subject;
        this.body = body;
        this.link = link;
        this.payload = payload;
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS); // what the database keeps
    }

    /** @return whether this changed it: a notification read already keeps its first read time */
    public boolean markRead(Instant at) {
        if (readAt != null) {
            return false;
        }
        readAt = at.truncatedTo(ChronoUnit.MICROS);
        return true;
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public UUID getRecipientId() { return recipientId; }
    public String getTopic() { return topic; }
    public String getSubject() { return subject; }
    public String getBody() { return body; }
    public String getLink() { return link; }
    public String getPayload() { return payload; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getReadAt() { return readAt; }
}
