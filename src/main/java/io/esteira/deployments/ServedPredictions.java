package io.esteira.deployments;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Told of every answered call, sync, async or batch chunk, with its rows and predictions (all of
 * them, not only the logged sample): monitoring profiles live traffic this way. Called on the
 * serving thread right after the answer is made, so an implementation only hands the call over
 * (e.g. to a queue) and returns; it never throws.
 */
public interface ServedPredictions {

    /** An answered call of a release. */
    record Served(UUID releaseId, UUID areaId, int versionNumber, List<Map<String, Object>> rows, List<Map<String, Object>> predictions,
            Instant at) {
    }

    void served(Served call);
}
