package io.esteira.costs;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What to quote in an area: a WORKSPACE of a shape (compute and disk while it runs), a DEPLOYMENT's
 * {@code replicas} (replica-hours), a SCHEDULE (its {@code cron}, Quartz, in {@code zone}, each run holding
 * one query slot for {@code hoursPerRun}), or a TRAINING run of a shape for {@code hoursPerRun}.
 */
public record CostQuoteRequest(UUID areaId, Kind kind, Size shape, Integer replicas, String cron, String zone,
        BigDecimal hoursPerRun) {

    public enum Kind { WORKSPACE, DEPLOYMENT, SCHEDULE, TRAINING }

    /** A size: vCPUs, GiB of memory, optionally GPUs of a type and GiB of disk (absent: 0). */
    public record Size(Integer vcpu, Integer memoryGib, String gpuType, Integer gpuCount, Integer diskGib) {

        public static Size of(ResourceShape s) {
            return new Size(s.vcpu(), s.memoryGib(), s.gpuType(), s.gpuCount(), s.diskGib());
        }

        public ResourceShape shape() {
            return new ResourceShape(n(vcpu), n(memoryGib), gpuType == null || gpuType.isBlank() ? null : gpuType.strip(), n(gpuCount),
                    n(diskGib));
        }

        private static int n(Integer v) {
            return v == null ? 0 : v;
        }
    }
}
