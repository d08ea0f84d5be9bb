package io.esteira.workspaces.provisioning;

/**
 * How a provisioner finds a workspace's runtime again, stored with the workspace.
 *
 * @param handle   opaque to everyone but the provisioner (e.g. a process id and port, or a namespace and name)
 * @param address  the notebook server's base address without its token, with its base path, e.g.
 *                 {@code http://127.0.0.1:8901/workspaces/{id}/lab/}; the portal's proxy sends requests there and nowhere else
 */
public record RuntimeRef(String handle, String address) {
}
