package io.esteira.training;

import io.esteira.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A training run: where it is and why, who asked, what it ran with, the code and data it saw, what it produced.
 *
 * @param estimatedCost what the run costs at most (its size for its maximum run time), by the function that bills it
 * @param dataGroups    the feature group versions of its training set, e.g. {@code latest_card_transaction v1}
 * @param scheduledFor  the schedule's fire that started it, or null when it was started by hand
 * @param costSoFar     what the ledger has billed it so far (its size × the time it has run), unrounded, in the estimate's
 *                      currency; null where not looked up
 */
public record TrainingRunView(UUID id, UUID jobId, String job, UUID areaId, int number, String state, String reason, String runner,
        String node, String requestedBy, String sizeCode, int maxRunMinutes, long seed, Map<String, String> parameters,
        Money estimatedCost, Instant queuedAt, Instant startedAt, Instant finishedAt, boolean cancelRequested, String codeHash,
        String dataHash, Long dataRows, List<String> dataGroups, Instant dataFrom, Instant dataTo, Map<String, Double> metrics,
        String model, Integer modelVersion, Instant scheduledFor, java.math.BigDecimal costSoFar) {

    TrainingRunView withCostSoFar(java.math.BigDecimal cost) {
        return new TrainingRunView(id, jobId, job, areaId, number, state, reason, runner, node, requestedBy, sizeCode, maxRunMinutes, seed,
                parameters, estimatedCost, queuedAt, startedAt, finishedAt, cancelRequested, codeHash, dataHash, dataRows, dataGroups, dataFrom,
                dataTo, metrics, model, modelVersion, scheduledFor, cost);
    }
}
