package io.esteira.costs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Usage that is counted rather than held for a time, e.g. the rows a deployment's release predicted.
 * The module that owns the counts implements it (a bean); the rating job asks every implementation
 * for the counts of whole hours, so costs depends on no module that meters this way.
 */
public interface CountedUsage {

    /**
     * The counts of the hours in {@code [from, to)} (whole UTC hours; the current hour counted so far),
     * one per hour, resource and SKU; hours without usage may be left out.
     */
    List<Count> counts(Instant from, Instant to);

    /**
     * @param hourStart the UTC hour counted
     * @param count     how many, in the SKU's counted unit (rows predicted for {@link Sku#PREDICTIONS_1000})
     * @param modelId   the model whose cost it is (a release's predictions), or null; modelName its name
     */
    record Count(UUID areaId, ResourceKind kind, UUID resourceId, String resourceName, UUID personId, String personName,
            Instant hourStart, String sku, long count, UUID modelId, String modelName) {

        /** Not tied to a model. */
        public Count(UUID areaId, ResourceKind kind, UUID resourceId, String resourceName, UUID personId, String personName,
                Instant hourStart, String sku, long count) {
            this(areaId, kind, resourceId, resourceName, personId, personName, hourStart, sku, count, null, null);
        }
    }
}
