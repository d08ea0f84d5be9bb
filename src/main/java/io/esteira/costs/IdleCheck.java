package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What a housekeeping check saw of a running workspace, for {@link IdleTime}.
 *
 * @param held         what the workspace's compute holds, by SKU: {@link Held#compute(ResourceShape)}, as its usage interval
 * @param lastActivity its last activity (the latest known to the portal); null when the provisioner cannot tell
 * @param busyKernels  kernels executing at the check
 * @param seenAt       the time of the check
 */
public record IdleCheck(UUID areaId, UUID workspaceId, String workspaceName, UUID personId, String personName,
        Map<String, BigDecimal> held, Instant lastActivity, int busyKernels, Instant seenAt) {

    public IdleCheck {
        held = Map.copyOf(held);
        held.keySet().forEach(s -> {
            if (!Sku.known(s) || Sku.basis(s) != Sku.Basis.HOUR) {
                throw new IllegalArgumentException("Idle time holds compute by the hour, not " + s);
            }
        });
    }
}
