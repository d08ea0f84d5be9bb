package io.esteira.workspaces.domain;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** A workspace template of the catalogue: what runs, where, in which sizes, for whom. */
@Entity
@Table(name = "workspace_template")
public class Template {

    @Id
    private UUID id;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String description;
    @Column(nullable = false)
    private String image;
    @Column(nullable = false)
    private String provisioner;
    @Column(name = "idle_timeout_minutes")
    private int idleTimeoutMinutes;
    @Column(name = "max_lifetime_hours")
    private int maxLifetimeHours;
    private boolean active;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "workspace_template_size", joinColumns = @JoinColumn(name = "template_id"))
    @Column(name = "size_code")
    private Set<String> sizeCodes = new HashSet<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "workspace_template_area", joinColumns = @JoinColumn(name = "template_id"))
    @Column(name = "area_id")
    private Set<UUID> areaIds = new HashSet<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "workspace_template_role", joinColumns = @JoinColumn(name = "template_id"))
    @Column(name = "role")
    private Set<String> roles = new HashSet<>();
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected Template() {
    }

    public Template(String name, Instant now) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.createdAt = now;
    }

    public void change(String name, String description, String image, String provisioner, Set<String> sizeCodes,
            Set<UUID> areaIds, Set<String> roles, int idleTimeoutMinutes, int maxLifetimeHours, boolean active, Instant now) {
        this.name = name.strip();
        this.description = description.strip();
        this.image = image.strip();
        this.provisioner = provisioner;
        this.sizeCodes.clear();
        this.sizeCodes.addAll(sizeCodes);
        this.areaIds.clear();
        this.areaIds.addAll(areaIds);
        this.roles.clear();
        this.roles.addAll(roles);
        this.idleTimeoutMinutes = idleTimeoutMinutes;
        this.maxLifetimeHours = maxLifetimeHours;
        this.active = active;
        this.updatedAt = now;
    }

    public boolean allowsArea(UUID areaId) {
        return areaIds.isEmpty() || areaIds.contains(areaId);
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getImage() { return image; }
    public String getProvisioner() { return provisioner; }
    public int getIdleTimeoutMinutes() { return idleTimeoutMinutes; }
    public int getMaxLifetimeHours() { return maxLifetimeHours; }
    public boolean isActive() { return active; }
    public Set<String> getSizeCodes() { return Set.copyOf(sizeCodes); }
    public Set<UUID> getAreaIds() { return Set.copyOf(areaIds); }
    public Set<String> getRoles() { return Set.copyOf(roles); }
    public long getVersion() { return version; }
}
