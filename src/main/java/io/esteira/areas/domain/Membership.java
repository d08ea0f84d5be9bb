package io.esteira.areas.domain;

import io.esteira.areas.AreaRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "area_membership")
public class Membership {

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "user_id", nullable = false)
    private UUID userId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AreaRole role;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Membership() {
    }

    public Membership(UUID areaId, UUID userId, AreaRole role, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.userId = userId;
        this.role = role;
        this.createdAt = now;
    }

    public void changeRole(AreaRole role) {
        this.role = role;
    }

    public UUID getAreaId() { return areaId; }
    public UUID getUserId() { return userId; }
    public AreaRole getRole() { return role; }
}
