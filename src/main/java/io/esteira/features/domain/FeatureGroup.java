package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A named group of features of one business domain (the owning area); its schema lives in its versions. */
@Entity
@Table(name = "feature_group")
public class FeatureGroup {

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String description;
    @Column(nullable = false)
    private String tags;
    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;
    @Column(name = "owner_name", nullable = false)
    private String ownerName;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected FeatureGroup() {
    }

    public FeatureGroup(UUID areaId, String name, UUID ownerId, String ownerName, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.name = name;
        this.ownerId = ownerId;
        this.ownerName = ownerName;
        this.createdAt = now;
    }

    public void describe(String description, String tags, Instant now) {
        this.description = description == null ? "" : description.strip();
        this.tags = tags == null ? "" : tags;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getTags() { return tags; }
    public UUID getOwnerId() { return ownerId; }
    public String getOwnerName() { return ownerName; }
    public Instant getCreatedAt() { return createdAt; }
    public long getVersion() { return version; }
}
