package io.esteira.workspaces.provisioning;

import java.util.UUID;

/**
 * What a provisioner needs to know of a workspace.
 *
 * @param image          the container image, or for the local provisioner the Jupyter kernel name
 * @param gitRepository  a repository to clone into the workspace at first start, or null
 * @param token          the notebook's access token; only the owner ever sees it
 */
public record WorkspaceSpec(UUID id, UUID areaId, String areaCode, String owner, String name, String image,
        Shape shape, String gitRepository, String token) {

    @Override
    public String toString() {
        return "WorkspaceSpec[id=" + id + ", area=" + areaCode + ", owner=" + owner + ", name=" + name + ", image=" + image
                + ", shape=" + shape + ", git=" + gitRepository + ", token=[hidden]]";
    }

    /** The resources of a size. {@code gpuType} is null when {@code gpuCount} is 0. */
    public record Shape(int vcpu, int memoryGib, String gpuType, int gpuCount, int diskGib) {
    }
}
