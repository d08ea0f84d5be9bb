package io.esteira.workspaces.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A person's session on one workspace's notebook host: the host-only cookie carries a random id, of which only the
 * SHA-256 is kept. It admits that person to that workspace's notebook only, and ends after the portal session's idle
 * timeout without a request, when the portal session it came from signs out, or when access is lost (checked anyway at
 * every request). Kept in the database: it survives a restart and works on every node behind the load balancer.
 */
@Entity
@Table(name = "notebook_session")
public class NotebookSession {

    @Id
    @Column(name = "id_hash")
    private String idHash;
    @Column(name = "workspace_id")
    private UUID workspaceId;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "portal_session_hash")
    private String portalSessionHash;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_seen_at")
    private Instant lastSeenAt;
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected NotebookSession() {
    }

    public NotebookSession(String idHash, UUID workspaceId, UUID userId, String portalSessionHash, Instant now, Duration idle) {
        this.idHash = idHash;
        this.workspaceId = workspaceId;
        this.userId = userId;
        this.portalSessionHash = portalSessionHash;
        this.createdAt = now;
        this.lastSeenAt = now;
        this.expiresAt = now.plus(idle);
    }

    /** Whether the session is alive at {@code now}. */
    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** A request came: the idle timeout starts again (written at most once a minute, not at every request). */
    public boolean seen(Instant now, Duration idle) {
        if (Duration.between(lastSeenAt, now).compareTo(Duration.ofMinutes(1)) < 0) {
            return false;
        }
        lastSeenAt = now;
        expiresAt = now.plus(idle);
        return true;
    }

    public String getIdHash() { return idHash; }
    public UUID getWorkspaceId() { return workspaceId; }
    public UUID getUserId() { return userId; }
    public String getPortalSessionHash() { return portalSessionHash; }
    public Instant getLastSeenAt() { return lastSeenAt; }
    public Instant getExpiresAt() { return expiresAt; }
}
