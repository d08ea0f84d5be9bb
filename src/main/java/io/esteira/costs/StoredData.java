package io.esteira.costs;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Data that a module stores for areas: feature groups' offline and online tables, model versions'
 * artifacts, releases' share of the prediction log. The module that owns the data implements it (a
 * bean); the storage measurement asks every implementation what it stores now and meters it in
 * GiB-month, so costs depends on no module that stores data.
 */
public interface StoredData {

    /**
     * The kinds this module measures. A resource of these kinds that an answer no longer holds is gone
     * (its interval closes); when {@link #stored()} fails, nothing of these kinds changes.
     */
    Set<StorageKind> kinds();

    /** What is stored now, one entry per resource of {@link #kinds()}. */
    List<Stored> stored();

    /**
     * A resource's share of a table that several resources' rows fill: the table's measured size (with its
     * indexes) in proportion to the size of the resource's rows among all rows, rounded to a byte.
     */
    static long share(long tableBytes, long rowBytes, long allRowBytes) {
        if (allRowBytes <= 0 || rowBytes <= 0 || tableBytes <= 0) {
            return 0;
        }
        return java.math.BigInteger.valueOf(tableBytes).multiply(java.math.BigInteger.valueOf(rowBytes))
                .add(java.math.BigInteger.valueOf(allRowBytes / 2)).divide(java.math.BigInteger.valueOf(allRowBytes)).longValueExact();
    }

    /**
     * @param resourceId the object that stores the data (feature group, model version, release), unique within its kind
     * @param name       what it is, for people, e.g. {@code feature group customer_profile} (the kind's label is added)
     * @param ownerId    the person it is charged to within the area, or null
     * @param bytes      how many bytes it stores now; null when it exists but could not be measured this time (its
     *                   source is unreachable), so that its last measurement stands
     * @param modelId    the model whose cost it is (a version's artifact, a release's share of the log), or null; modelName its name
     */
    record Stored(UUID areaId, StorageKind kind, UUID resourceId, String name, UUID ownerId, String ownerName, Long bytes, UUID modelId,
            String modelName) {

        /** Not tied to a model. */
        public Stored(UUID areaId, StorageKind kind, UUID resourceId, String name, UUID ownerId, String ownerName, Long bytes) {
            this(areaId, kind, resourceId, name, ownerId, ownerName, bytes, null, null);
        }
    }
}
