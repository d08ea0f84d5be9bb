package io.esteira.workspaces;

import io.esteira.shared.security.Role;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A template of the catalogue.
 *
 * @param available     whether its provisioner can run workspaces here now
 * @param availability  what the provisioner says: its version, or what would make it available
 */
public record TemplateSummary(UUID id, String name, String description, String image, String provisioner,
        List<SizeOption> sizes, Set<UUID> areaIds, Set<Role> roles, int idleTimeoutMinutes, int maxLifetimeHours,
        boolean active, boolean available, String availability, long version) {
}
