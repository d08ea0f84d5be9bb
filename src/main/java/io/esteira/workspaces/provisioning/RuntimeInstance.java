package io.esteira.workspaces.provisioning;

import java.util.UUID;

/**
 * A runtime found where a provisioner runs workspaces, for reconciliation.
 *
 * @param workspaceId  the workspace it says it belongs to (from its label or directory), or null if it cannot tell
 * @param description  for people, e.g. {@code pid 4242 on port 8901} or {@code esteira-credit/ws-1a2b}
 */
public record RuntimeInstance(String kind, UUID workspaceId, String description, RuntimeRef ref) {
}
