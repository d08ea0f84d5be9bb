package io.esteira.identity.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A bearer token for the API. Only its SHA-256 is kept; the token itself is shown once. */
@Entity
@Table(name = "api_token")
public class ApiToken {

    @Id
    private UUID id;
    @Column(name = "user_id", nullable = false)
    private UUID userId;
    @Column(nullable = false)
    private String name;
    @Column(name = "token_prefix", nullable = false)
    private String tokenPrefix;
    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;
    @Column(name = "area_id")
    private UUID areaId;
    private boolean service;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "last_used_from")
    private String lastUsedFrom;

    protected ApiToken() {
    }

    public ApiToken(UUID userId, String name, String tokenPrefix, String tokenHash, UUID areaId, boolean service,
            Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("A token must expire in the future");
        }
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.name = name;
        this.tokenPrefix = tokenPrefix;
        this.tokenHash = tokenHash;
        this.areaId = areaId;
        this.service = service;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public boolean isUsable(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public void used(String from, Instant now) {
        this.lastUsedAt = now;
        this.lastUsedFrom = from == null || from.length() <= 64 ? from : from.substring(0, 64);
    }

    public UUID getId() { return id; }
    public UUID getUserId() { return userId; }
    public String getName() { return name; }
    public String getTokenPrefix() { return tokenPrefix; }
    public UUID getAreaId() { return areaId; }
    public boolean isService() { return service; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public Instant getRevokedAt() { return revokedAt; }
    public Instant getLastUsedAt() { return lastUsedAt; }
    public String getLastUsedFrom() { return lastUsedFrom; }
}
