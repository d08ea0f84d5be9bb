package io.esteira.costs.domain;

import io.esteira.costs.ResourceShape;
import io.esteira.costs.UsageStart;
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

/** One interval of the usage ledger; open while {@code endedAt} is null. */
@Entity
@Table(name = "usage_record")
public class UsageRecord {

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "source_type", nullable = false)
    private String sourceType;
    @Column(name = "source_id", nullable = false)
    private UUID sourceId;
    @Column(name = "source_name", nullable = false)
    private String sourceName;
    @Column(name = "owner_id")
    private UUID ownerId;
    @Column(name = "owner_name")
    private String ownerName;
    @Column(nullable = false)
    private String sku;
    private int vcpu;
    @Column(name = "memory_gib")
    private int memoryGib;
    @Column(name = "gpu_type")
    private String gpuType;
    @Column(name = "gpu_count")
    private int gpuCount;
    @Column(name = "disk_gib")
    private int diskGib;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "ended_at")
    private Instant endedAt;
    @Column(name = "end_reason")
    private String endReason;
    /** The model whose cost it is (see V52), or null. */
    @Column(name = "model_id")
    private UUID modelId;
    @Column(name = "model_name")
    private String modelName;
    /** What it is part of (a run's schedule, see V53), or null. */
    @Column(name = "parent_id")
    private UUID parentId;
    /** Written by the embedded default's demo cost history, not by real usage. */
    @Column(nullable = false)
    private boolean demo;
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "usage_quantity", joinColumns = @JoinColumn(name = "usage_record_id"))
    @MapKeyColumn(name = "sku")
    @Column(name = "held", nullable = false, precision = 20, scale = 6)
    private Map<String, BigDecimal> held = new HashMap<>();

    protected UsageRecord() {
    }

    public UsageRecord(UsageStart start) {
        this.id = UUID.randomUUID();
        this.areaId = start.areaId();
        this.sourceType = start.sourceType();
        this.sourceId = start.sourceId();
        this.sourceName = start.sourceName();
        this.ownerId = start.ownerId();
        this.ownerName = start.ownerName();
        this.sku = start.sku();
        this.vcpu = start.shape().vcpu();
        this.memoryGib = start.shape().memoryGib();
        this.gpuType = start.shape().gpuType();
        this.gpuCount = start.shape().gpuCount();
        this.diskGib = start.shape().diskGib();
        this.startedAt = start.startedAt();
        this.held.putAll(start.held());
        this.modelId = start.modelId();
        this.modelName = start.modelName() == null ? null : start.modelName().substring(0, Math.min(start.modelName().length(), 200));
        this.parentId = start.parentId();
    }

    /** Marks the interval as the demo cost history's (see V45). */
    public void markDemo() {
        this.demo = true;
    }

    public void close(Instant at, String reason) {
        this.endedAt = at.isBefore(startedAt) ? startedAt : at;
        this.endReason = reason == null ? null : reason.substring(0, Math.min(reason.length(), 200));
    }

    public ResourceShape shape() {
        return new ResourceShape(vcpu, memoryGib, gpuType, gpuCount, diskGib);
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public UUID getSourceId() { return sourceId; }
    public String getSourceName() { return sourceName; }
    public String getOwnerName() { return ownerName; }
    public String getSku() { return sku; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getEndedAt() { return endedAt; }
    public String getEndReason() { return endReason; }
    public String getSourceType() { return sourceType; }
    public UUID getOwnerId() { return ownerId; }
    public Map<String, BigDecimal> getHeld() { return Map.copyOf(held); }
    public boolean isDemo() { return demo; }
    public UUID getModelId() { return modelId; }
    public String getModelName() { return modelName; }
    public UUID getParentId() { return parentId; }
}
