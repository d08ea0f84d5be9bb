package io.esteira.costs.domain;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A period in which a running workspace sat idle; open while {@code endedAt} is null. */
@Entity
@Table(name = "cost_idle_period")
public class IdlePeriod {

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "workspace_id", nullable = false)
    private UUID workspaceId;
    @Column(name = "workspace_name", nullable = false)
    private String workspaceName;
    @Column(name = "person_id")
    private UUID personId;
    @Column(name = "person_name")
    private String personName;
    @Column(name = "last_activity_at", nullable = false)
    private Instant lastActivityAt;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "ended_at")
    private Instant endedAt;
    @Column(name = "end_reason")
    private String endReason;
    /** The workspace's id while open: one open period per workspace. */
    @Column(name = "open_key")
    private UUID openKey;
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "cost_idle_quantity", joinColumns = @JoinColumn(name = "idle_period_id"))
    @MapKeyColumn(name = "sku")
    @Column(name = "held", nullable = false, precision = 20, scale = 6)
    private Map<String, BigDecimal> held = new HashMap<>();

    protected IdlePeriod() {
    }

    public IdlePeriod(UUID areaId, UUID workspaceId, String workspaceName, UUID personId, String personName, Map<String, BigDecimal> held,
            Instant lastActivityAt, Instant startedAt) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.workspaceId = workspaceId;
        this.workspaceName = cut(workspaceName);
        this.personId = personId;
        this.personName = cut(personName);
        this.held.putAll(held);
        this.lastActivityAt = lastActivityAt;
        this.startedAt = startedAt;
        this.openKey = workspaceId;
    }

    public void close(Instant at, String reason) {
        this.endedAt = at.isBefore(startedAt) ? startedAt : at;
        this.endReason = cut(reason);
        this.openKey = null;
    }

    private static String cut(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200);
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public UUID getWorkspaceId() { return workspaceId; }
    public String getWorkspaceName() { return workspaceName; }
    public UUID getPersonId() { return personId; }
    public String getPersonName() { return personName; }
    public Instant getLastActivityAt() { return lastActivityAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getEndedAt() { return endedAt; }
    public String getEndReason() { return endReason; }
    public Map<String, BigDecimal> getHeld() { return Map.copyOf(held); }
}
