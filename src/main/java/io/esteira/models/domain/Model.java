package io.esteira.models.domain;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A model of one business area: what it is for, its risk tier, and the metric thresholds its versions must meet. */
@Entity
@Table(name = "model")
public class Model {

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String description;
    @Column(name = "use_case", nullable = false)
    private String useCase;
    @Column(name = "risk_tier", nullable = false)
    private int riskTier;
    @Column(name = "owner_username", nullable = false)
    private String ownerUsername;
    @Column(name = "owner_name", nullable = false)
    private String ownerName;
    @Column(name = "created_by", nullable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Version
    private long version;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "model_threshold", joinColumns = @JoinColumn(name = "model_id"))
    @OrderColumn(name = "position")
    private List<ThresholdRule> thresholds = new ArrayList<>();

    protected Model() {
    }

    public Model(UUID areaId, String name, String description, String useCase, int riskTier, String ownerUsername, String ownerName,
            String createdBy, List<ThresholdRule> thresholds, Instant now) {
        if (riskTier < 1 || riskTier > 3) {
            throw new IllegalArgumentException("risk tier 1 to 3");
        }
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.name = name;
        this.description = description;
        this.useCase = useCase;
        this.riskTier = riskTier;
        this.ownerUsername = ownerUsername;
        this.ownerName = ownerName;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.thresholds = new ArrayList<>(thresholds);
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getUseCase() { return useCase; }
    public int getRiskTier() { return riskTier; }
    public String getOwnerUsername() { return ownerUsername; }
    public String getOwnerName() { return ownerName; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
    public long getVersion() { return version; }
    public List<ThresholdRule> getThresholds() { return List.copyOf(thresholds); }
}
