package io.esteira.workspaces.provisioning;

import java.time.Instant;

/**
 * Use of a notebook server. {@code lastActivity} is null when the provisioner cannot tell
 * (the idle check then leaves the workspace alone).
 */
public record Activity(Instant lastActivity, int busyKernels) {
}
