package io.esteira.deployments.costs;

import io.esteira.costs.CountedUsage;
import io.esteira.costs.ResourceKind;
import io.esteira.costs.Sku;
import io.esteira.costs.UsageLedger;
import io.esteira.deployments.PredictionRecords;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.deployments.predictions.PredictionLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The rows each release predicted per hour, from the prediction log, for the cost ledger (charged per
 * 1,000 rows to the area of the release and the person who requested it). Entries that reach the log late
 * (shipped from a node's spool) mark their hour due, so it is rated again.
 */
@Component
class PredictionMetering implements CountedUsage {

    private final PredictionRecords records;
    private final Deployments deployments;

    PredictionMetering(PredictionRecords records, Deployments deployments, PredictionLog log, UsageLedger ledger) {
        this.records = records;
        this.deployments = deployments;
        // entries shipped late from a node's spool: their hours are rated again
        log.onShipped(ledger::usageChangedAt);
    }

    @Override
    public List<Count> counts(Instant from, Instant to) {
        Map<UUID, Optional<Deployment>> releases = new HashMap<>();
        return records.rowsPerReleaseAndHour(from, to).stream()
                .map(h -> releases.computeIfAbsent(h.releaseId(), deployments::findById)
                        .map(d -> new Count(d.getAreaId(), ResourceKind.PREDICTIONS, d.getId(), d.getName() + " v" + d.getModelVersionNumber(),
                                d.getRequestedById(), d.getRequestedBy(), h.hourStart(), Sku.PREDICTIONS_1000, h.rows(), d.getModelId(),
                                d.getModelName()))
                        .orElse(null))
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
