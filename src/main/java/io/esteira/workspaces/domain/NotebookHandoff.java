package io.esteira.workspaces.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A one-time ticket that hands a person over from the portal to a workspace's notebook host, bound to the person and
 * the workspace, valid for a minute. Only its SHA-256 is kept; redeeming deletes it.
 */
@Entity
@Table(name = "notebook_handoff")
public class NotebookHandoff {

    @Id
    @Column(name = "ticket_hash")
    private String ticketHash;
    @Column(name = "workspace_id")
    private UUID workspaceId;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "portal_session_hash")
    private String portalSessionHash;
    @Column(name = "next_path")
    private String nextPath;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected NotebookHandoff() {
    }

    public NotebookHandoff(String ticketHash, UUID workspaceId, UUID userId, String portalSessionHash, String nextPath,
            Instant createdAt, Instant expiresAt) {
        this.ticketHash = ticketHash;
        this.workspaceId = workspaceId;
        this.userId = userId;
        this.portalSessionHash = portalSessionHash;
        this.nextPath = nextPath;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String getTicketHash() { return ticketHash; }
    public UUID getWorkspaceId() { return workspaceId; }
    public UUID getUserId() { return userId; }
    public String getPortalSessionHash() { return portalSessionHash; }
    public String getNextPath() { return nextPath; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getExpiresAt() { return expiresAt; }
}
