package io.esteira.costs;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an interval holds, by SKU: vCPUs, GiB of memory or disk, GPUs, replicas, query slots. */
public final class Held {

    private Held() {
    }

    /** A workspace's compute while it runs: its vCPUs, memory and GPUs. */
    public static Map<String, BigDecimal> compute(ResourceShape shape) {
        Map<String, BigDecimal> held = new LinkedHashMap<>();
        held.put(Sku.VCPU_HOUR, BigDecimal.valueOf(shape.vcpu()));
        held.put(Sku.MEMORY_GIB_HOUR, BigDecimal.valueOf(shape.memoryGib()));
        if (shape.gpuCount() > 0 && shape.gpuType() != null) {
            held.put(Sku.gpuHour(shape.gpuType()), BigDecimal.valueOf(shape.gpuCount()));
        }
        return held;
    }

    /** A disk, while it exists. */
    public static Map<String, BigDecimal> disk(int gib) {
        return Map.of(Sku.DISK_GIB_MONTH, BigDecimal.valueOf(gib));
    }

    /** Compute and disk together: what one running hour of a workspace of the shape costs. */
    public static Map<String, BigDecimal> computeAndDisk(ResourceShape shape) {
        Map<String, BigDecimal> held = new LinkedHashMap<>(compute(shape));
        if (shape.diskGib() > 0) {
            held.put(Sku.DISK_GIB_MONTH, BigDecimal.valueOf(shape.diskGib()));
        }
        return held;
    }

    /** One query slot, while a scheduled query or a batch-scoring run runs. */
    public static Map<String, BigDecimal> querySlot() {
        return Map.of(Sku.QUERY_SLOT_HOUR, BigDecimal.ONE);
    }

    public static Map<String, BigDecimal> of(String sku, BigDecimal quantity) {
        return Map.of(sku, quantity);
    }
}
