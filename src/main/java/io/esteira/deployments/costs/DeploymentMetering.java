package io.esteira.deployments.costs;

import io.esteira.costs.Held;
import io.esteira.costs.ResourceShape;
import io.esteira.costs.Sku;
import io.esteira.costs.UsageLedger;
import io.esteira.costs.UsageStart;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.ServingMode;
import io.esteira.deployments.domain.Deployment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Meters the replicas of live online releases in the cost ledger, in the transaction of the state
 * change: an interval opens when a release goes LIVE and closes when it leaves LIVE. A release on the
 * embedded target holds replica-hours (its CPU and memory are the portal's); one with its own CPU and
 * memory (Kubernetes) holds replicas × those. Batch releases cost by their runs, not replicas.
 */
@Component
public class DeploymentMetering {

    static final String USAGE_SOURCE = "deployment";
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal KIB_PER_GIB = BigDecimal.valueOf(1024L * 1024L);

    private final UsageLedger ledger;

    DeploymentMetering(UsageLedger ledger) {
        this.ledger = ledger;
    }

    public void moved(Deployment d, DeploymentState from, DeploymentState to, Instant at) {
        if (serving(from) && !serving(to)) {
            ledger.close(USAGE_SOURCE, d.getId(), at, to.name().toLowerCase());
        }
        if (serving(to) && !serving(from) && d.getMode() != ServingMode.BATCH) {
            ledger.open(new UsageStart(d.getAreaId(), USAGE_SOURCE, d.getId(), d.getName() + " v" + d.getModelVersionNumber(),
                    d.getRequestedById(), d.getRequestedBy(), "Replicas · " + d.getTarget(), new ResourceShape(0, 0, null, 0, 0), at,
                    held(d.getTarget(), d.getReplicas(), d.getCpu(), d.getMemory())).ofModel(d.getModelId(), d.getModelName()));
        }
    }

    /** A live release and a shadow hold their replicas alike. */
    private static boolean serving(DeploymentState state) {
        return state == DeploymentState.LIVE || state == DeploymentState.SHADOW;
    }

    /** What a release's replicas hold: replica-hours, or with CPU and memory quantities, vCPUs and GiB. */
    public static Map<String, BigDecimal> held(String target, int replicas, String cpu, String memory) {
        Optional<BigDecimal> cores = cores(cpu);
        Optional<BigDecimal> gib = gib(memory);
        if (Deployment.EMBEDDED.equals(target) || cores.isEmpty() || gib.isEmpty()) {
            return Held.of(Sku.REPLICA_HOUR, BigDecimal.valueOf(replicas));
        }
        Map<String, BigDecimal> held = new LinkedHashMap<>();
        held.put(Sku.VCPU_HOUR, cores.get().multiply(BigDecimal.valueOf(replicas)));
        held.put(Sku.MEMORY_GIB_HOUR, gib.get().multiply(BigDecimal.valueOf(replicas)));
        return held;
    }

    /** Kubernetes CPU: {@code 500m} = 0.5, {@code 2} = 2. */
    static Optional<BigDecimal> cores(String cpu) {
        try {
            if (cpu == null || cpu.isBlank()) {
                return Optional.empty();
            }
            String c = cpu.trim();
            return Optional.of(c.endsWith("m") ? new BigDecimal(c.substring(0, c.length() - 1)).divide(THOUSAND, 6, RoundingMode.HALF_EVEN)
                    : new BigDecimal(c).setScale(6, RoundingMode.HALF_EVEN));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Kubernetes memory in GiB: {@code 1Gi} = 1, {@code 512Mi} = 0.5, {@code 1G} = 10^9 bytes. */
    static Optional<BigDecimal> gib(String memory) {
        try {
            if (memory == null || memory.isBlank()) {
                return Optional.empty();
            }
            String m = memory.trim();
            BigDecimal bytesPerUnit;
            String number;
            if (m.endsWith("Gi")) { bytesPerUnit = BigDecimal.valueOf(1L << 30); number = m.substring(0, m.length() - 2); }
            else if (m.endsWith("Mi")) { bytesPerUnit = BigDecimal.valueOf(1L << 20); number = m.substring(0, m.length() - 2); }
            else if (m.endsWith("Ki")) { bytesPerUnit = BigDecimal.valueOf(1L << 10); number = m.substring(0, m.length() - 2); }
            else if (m.endsWith("G")) { bytesPerUnit = BigDecimal.valueOf(1_000_000_000L); number = m.substring(0, m.length() - 1); }
            else if (m.endsWith("M")) { bytesPerUnit = BigDecimal.valueOf(1_000_000L); number = m.substring(0, m.length() - 1); }
            else { bytesPerUnit = BigDecimal.ONE; number = m; }
            return Optional.of(new BigDecimal(number).multiply(bytesPerUnit).divide(KIB_PER_GIB.multiply(BigDecimal.valueOf(1024)), 6,
                    RoundingMode.HALF_EVEN));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
