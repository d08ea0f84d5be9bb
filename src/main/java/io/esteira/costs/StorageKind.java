package io.esteira.costs;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What kind of stored data a measurement is of. Each kind is a source type of the usage ledger, all of
 * them rated as {@link ResourceKind#STORAGE} in GiB-month ({@link Sku#STORAGE_GIB_MONTH}).
 */
public enum StorageKind {
    FEATURE_OFFLINE("storage-feature-offline", "offline table"),
    FEATURE_ONLINE("storage-feature-online", "online table"),
    MODEL_ARTIFACT("storage-model-artifact", "artifact"),
    PREDICTION_LOG("storage-prediction-log", "prediction log");

    private final String sourceType;
    private final String label;

    StorageKind(String sourceType, String label) {
        this.sourceType = sourceType;
        this.label = label;
    }

    /** The usage ledger's source type of the kind's intervals. */
    public String sourceType() {
        return sourceType;
    }

    /** In the users' words, e.g. {@code offline table}. */
    public String label() {
        return label;
    }

    /** The ledger's name of a resource of the kind, e.g. {@code feature group customer_profile · offline table}. */
    public String describe(String name) {
        return name == null || name.isBlank() ? label : name.strip() + " · " + label;
    }

    /**
     * The ledger's resource id of the stored data of an object (a feature group has an offline and an
     * online table: two resources of the ledger, with ids of their own, derived from the kind and the group).
     */
    public UUID ledgerId(UUID resourceId) {
        return UUID.nameUUIDFromBytes((sourceType + ":" + resourceId).getBytes(StandardCharsets.UTF_8));
    }

    /** The kind whose intervals have this source type, or null. */
    public static StorageKind ofSource(String sourceType) {
        for (StorageKind k : values()) {
            if (k.sourceType.equals(sourceType)) {
                return k;
            }
        }
        return null;
    }
}
