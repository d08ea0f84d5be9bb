package io.esteira.workspaces.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A notebook workspace of one person in one area. Sizes are copied in, so later template changes do not alter it. */
@Entity
@Table(name = "workspace")
public class Workspace {

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "area_code", nullable = false)
    private String areaCode;
    @Column(nullable = false)
    private String name;
    @Column(name = "live_name")
    private String liveName;
    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;
    @Column(name = "owner_username", nullable = false)
    private String ownerUsername;
    @Column(name = "owner_name", nullable = false)
    private String ownerName;
    @Column(name = "template_id", nullable = false)
    private UUID templateId;
    @Column(name = "template_name", nullable = false)
    private String templateName;
    @Column(nullable = false)
    private String provisioner;
    @Column(nullable = false)
    private String image;
    @Column(name = "size_code", nullable = false)
    private String sizeCode;
    private int vcpu;
    @Column(name = "memory_gib")
    private int memoryGib;
    @Column(name = "gpu_type")
    private String gpuType;
    @Column(name = "gpu_count")
    private int gpuCount;
    @Column(name = "disk_gib")
    private int diskGib;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private WorkspaceState state;
    @Column(name = "state_reason")
    private String stateReason;
    @Column(name = "idle_timeout_minutes")
    private int idleTimeoutMinutes;
    @Column(name = "max_lifetime_hours")
    private int maxLifetimeHours;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "lifetime_warned_at")
    private Instant lifetimeWarnedAt;
    @Column(name = "git_repository")
    private String gitRepository;
    /** Sealed at rest with the secrets key; never leaves the portal except towards the notebook server itself. */
    @Convert(converter = SealedToken.class)
    @Column(name = "access_token", nullable = false)
    private String accessToken;
    @Column(name = "runtime_handle")
    private String runtimeHandle;
    private String address;
    @Column(name = "host_node")
    private String hostNode;
    @Column(name = "last_activity_at")
    private Instant lastActivityAt;
    @Column(name = "busy_kernels")
    private int busyKernels;
    private int extensions;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "state_changed_at", nullable = false)
    private Instant stateChangedAt;
    @Version
    private long version;

    protected Workspace() {
    }

    public Workspace(UUID areaId, String areaCode, String name, UUID ownerId, String ownerUsername, String ownerName, Template template,
            WorkspaceSize size, int idleTimeoutMinutes, int maxLifetimeHours, String gitRepository, String accessToken,
            Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.areaCode = areaCode;
        this.name = name;
        this.liveName = name;
        this.ownerId = ownerId;
        this.ownerUsername = ownerUsername;
        this.ownerName = ownerName;
        this.templateId = template.getId();
        this.templateName = template.getName();
        this.provisioner = template.getProvisioner();
        this.image = template.getImage();
        this.sizeCode = size.getCode();
        this.vcpu = size.getVcpu();
        this.memoryGib = size.getMemoryGib();
        this.gpuType = size.getGpuType();
        this.gpuCount = size.getGpuCount();
        this.diskGib = size.getDiskGib();
        this.idleTimeoutMinutes = idleTimeoutMinutes;
        this.maxLifetimeHours = maxLifetimeHours;
        this.gitRepository = gitRepository;
        this.accessToken = accessToken;
        this.state = WorkspaceState.REQUESTED;
        this.createdAt = now;
        this.stateChangedAt = now;
        this.lastActivityAt = now;
        this.expiresAt = now.plus(Duration.ofHours(maxLifetimeHours));
    }

    /** @throws IllegalStateException when the lifecycle does not allow the step */
    public void moveTo(WorkspaceState next, String reason, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("A workspace cannot go from " + state + " to " + next);
        }
        this.state = next;
        this.stateReason = reason == null ? null : reason.substring(0, Math.min(reason.length(), 1000));
        this.stateChangedAt = now;
        if (next == WorkspaceState.DELETED) {
            this.liveName = null;
            this.runtimeHandle = null;
            this.address = null;
        }
    }

    public void attach(String runtimeHandle, String address, String hostNode) {
        this.runtimeHandle = runtimeHandle;
        this.address = address;
        this.hostNode = hostNode;
    }

    public void recordActivity(Instant lastActivity, int busyKernels) {
        if (lastActivity != null && (lastActivityAt == null || lastActivity.isAfter(lastActivityAt))) {
            this.lastActivityAt = lastActivity;
        }
        this.busyKernels = busyKernels;
    }

    /** A fresh lifetime from now, and a fresh idle period (a start counts as activity). */
    public void renewLifetime(Instant now) {
        this.expiresAt = now.plus(Duration.ofHours(maxLifetimeHours));
        this.lifetimeWarnedAt = null;
        this.lastActivityAt = now;
    }

    /** Running again: a fresh lifetime, idle period and allowance of extensions. */
    public void started(Instant now) {
        renewLifetime(now);
        this.extensions = 0;
    }

    /** A new lifetime from now, counted against the extensions allowed per start. */
    public void extended() {
        this.extensions++;
    }

    public void rotateToken(String token) {
        this.accessToken = token;
    }

    public void lifetimeWarned(Instant now) {
        this.lifetimeWarnedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public String getAreaCode() { return areaCode; }
    public String getName() { return name; }
    public UUID getOwnerId() { return ownerId; }
    public String getOwnerUsername() { return ownerUsername; }
    public String getOwnerName() { return ownerName; }
    public UUID getTemplateId() { return templateId; }
    public String getTemplateName() { return templateName; }
    public String getProvisioner() { return provisioner; }
    public String getImage() { return image; }
    public String getSizeCode() { return sizeCode; }
    public int getVcpu() { return vcpu; }
    public int getMemoryGib() { return memoryGib; }
    public String getGpuType() { return gpuType; }
    public int getGpuCount() { return gpuCount; }
    public int getDiskGib() { return diskGib; }
    public WorkspaceState getState() { return state; }
    public String getStateReason() { return stateReason; }
    public int getIdleTimeoutMinutes() { return idleTimeoutMinutes; }
    public int getMaxLifetimeHours() { return maxLifetimeHours; }
    public Instant getExpiresAt() { return expiresAt; }
    public Instant getLifetimeWarnedAt() { return lifetimeWarnedAt; }
    public String getGitRepository() { return gitRepository; }
    public String getAccessToken() { return accessToken; }
    public String getRuntimeHandle() { return runtimeHandle; }
    public String getAddress() { return address; }
    public String getHostNode() { return hostNode; }
    public Instant getLastActivityAt() { return lastActivityAt; }
    public int getBusyKernels() { return busyKernels; }
    public int getExtensions() { return extensions; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getStateChangedAt() { return stateChangedAt; }
    public long getVersion() { return version; }
}
