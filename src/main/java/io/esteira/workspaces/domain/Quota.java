package io.esteira.workspaces.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.UUID;

/** An area's workspace quotas, for the area as a whole and for each of its people. */
@Entity
@Table(name = "workspace_quota")
public class Quota {

    @Id
    @Column(name = "area_id")
    private UUID areaId;
    @Column(name = "area_workspaces")
    private int areaWorkspaces;
    @Column(name = "area_vcpu")
    private int areaVcpu;
    @Column(name = "area_gpus")
    private int areaGpus;
    @Column(name = "user_workspaces")
    private int userWorkspaces;
    @Column(name = "user_vcpu")
    private int userVcpu;
    @Column(name = "user_gpus")
    private int userGpus;
    @Version
    private long version;

    protected Quota() {
    }

    public Quota(UUID areaId, Limits limits) {
        this.areaId = areaId;
        change(limits);
    }

    public void change(Limits limits) {
        this.areaWorkspaces = limits.areaWorkspaces();
        this.areaVcpu = limits.areaVcpu();
        this.areaGpus = limits.areaGpus();
        this.userWorkspaces = limits.userWorkspaces();
        this.userVcpu = limits.userVcpu();
        this.userGpus = limits.userGpus();
    }

    public Limits limits() {
        return new Limits(areaWorkspaces, areaVcpu, areaGpus, userWorkspaces, userVcpu, userGpus);
    }

    public UUID getAreaId() { return areaId; }
    public long getVersion() { return version; }

    /** Limits on running (or starting) workspaces, their vCPU and GPUs. */
    public record Limits(int areaWorkspaces, int areaVcpu, int areaGpus, int userWorkspaces, int userVcpu, int userGpus) {
    }
}
