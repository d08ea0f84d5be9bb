package io.esteira.costs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What the rate card prices. A SKU is a code (GPU hours carry their GPU type: {@code GPU_HOUR:nvidia-t4}),
 * a unit, and how held quantities turn into that unit over time: per hour held, per month held (an
 * average month of 730 hours), or counted (predictions, per 1,000 rows).
 */
public final class Sku {

    public static final String VCPU_HOUR = "VCPU_HOUR";
    public static final String MEMORY_GIB_HOUR = "MEMORY_GIB_HOUR";
    public static final String GPU_HOUR = "GPU_HOUR:";
    public static final String DISK_GIB_MONTH = "DISK_GIB_MONTH";
    public static final String QUERY_SLOT_HOUR = "QUERY_SLOT_HOUR";
    public static final String REPLICA_HOUR = "REPLICA_HOUR";
    public static final String PREDICTIONS_1000 = "PREDICTIONS_1000";
    public static final String STORAGE_GIB_MONTH = "STORAGE_GIB_MONTH";

    /** Hours in an average month (365 × 24 / 12), the basis of monthly prices. */
    public static final BigDecimal HOURS_PER_MONTH = new BigDecimal("730");

    /** How a quantity held for some time is measured in the SKU's unit. */
    public enum Basis { HOUR, MONTH, COUNT }

    private static final List<String> FIXED = List.of(VCPU_HOUR, MEMORY_GIB_HOUR, DISK_GIB_MONTH, QUERY_SLOT_HOUR, REPLICA_HOUR,
            PREDICTIONS_1000, STORAGE_GIB_MONTH);

    private Sku() {
    }

    /** The SKUs of fixed name, in the order screens list them (GPU hours follow, one per GPU type). */
    public static List<String> catalogue() {
        return FIXED;
    }

    /** The SKU in the words of the people who pay for it: "Compute (vCPU)", "GPU (nvidia-t4)". */
    public static String label(String sku) {
        if (sku == null) {
            return "";
        }
        if (sku.startsWith(GPU_HOUR)) {
            return "GPU (" + sku.substring(GPU_HOUR.length()) + ")";
        }
        return switch (sku) {
            case VCPU_HOUR -> "Compute (vCPU)";
            case MEMORY_GIB_HOUR -> "Memory";
            case DISK_GIB_MONTH -> "Workspace disk";
            case QUERY_SLOT_HOUR -> "Scheduled query and batch run";
            case REPLICA_HOUR -> "Serving replica";
            case PREDICTIONS_1000 -> "Predictions";
            case STORAGE_GIB_MONTH -> "Storage";
            default -> sku;
        };
    }

    public static String gpuHour(String gpuType) {
        return GPU_HOUR + gpuType;
    }

    /** Whether the code names a SKU the ledger knows how to rate. */
    public static boolean known(String sku) {
        return sku != null && (FIXED.contains(sku) || (sku.startsWith(GPU_HOUR) && sku.length() > GPU_HOUR.length()
                && sku.length() <= 80 && sku.substring(GPU_HOUR.length()).matches("[a-z0-9][a-z0-9._-]*")));
    }

    public static Optional<String> unit(String sku) {
        if (!known(sku)) {
            return Optional.empty();
        }
        if (sku.startsWith(GPU_HOUR)) {
            return Optional.of("GPU-hour");
        }
        return Optional.of(switch (sku) {
            case VCPU_HOUR -> "vCPU-hour";
            case MEMORY_GIB_HOUR -> "GiB-hour";
            case DISK_GIB_MONTH, STORAGE_GIB_MONTH -> "GiB-month";
            case QUERY_SLOT_HOUR -> "slot-hour";
            case REPLICA_HOUR -> "replica-hour";
            case PREDICTIONS_1000 -> "1,000 predictions";
            default -> throw new IllegalStateException(sku);
        });
    }

    public static Basis basis(String sku) {
        return switch (sku) {
            case DISK_GIB_MONTH, STORAGE_GIB_MONTH -> Basis.MONTH;
            case PREDICTIONS_1000 -> Basis.COUNT;
            default -> Basis.HOUR;
        };
    }
}
