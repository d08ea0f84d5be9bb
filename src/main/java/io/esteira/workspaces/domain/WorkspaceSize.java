package io.esteira.workspaces.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A size of the platform's catalogue; templates allow some of them. */
@Entity
@Table(name = "workspace_size")
public class WorkspaceSize {

    @Id
    private String code;
    @Column(nullable = false)
    private String label;
    private int vcpu;
    @Column(name = "memory_gib")
    private int memoryGib;
    @Column(name = "gpu_type")
    private String gpuType;
    @Column(name = "gpu_count")
    private int gpuCount;
    @Column(name = "disk_gib")
    private int diskGib;
    @Column(name = "sort_order")
    private int sortOrder;

    protected WorkspaceSize() {
    }

    public String getCode() { return code; }
    public String getLabel() { return label; }
    public int getVcpu() { return vcpu; }
    public int getMemoryGib() { return memoryGib; }
    public String getGpuType() { return gpuType; }
    public int getGpuCount() { return gpuCount; }
    public int getDiskGib() { return diskGib; }
    public int getSortOrder() { return sortOrder; }
}
