package io.esteira.deployments;

import io.esteira.costs.CountedUsage;
import io.esteira.costs.ResourceKind;
import io.esteira.costs.Sku;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The rows each release predicted per hour, from the prediction log, for the cost ledger (charged per
 * 1,000 rows to the area of the release and the person who requested it).
 */
@Component
class PredictionMetering implements CountedUsage {

    private final PredictionRecords records;
    private final Deployments deployments;

    PredictionMetering(PredictionRecords records, Deployments deployments) {
        this.records = records;
        this.deployments = deployments;
    }

    @Override
    public List<Count> counts(Instant from, Instant to) {
        Map<UUID, Optional<Deployment>> releases = new HashMap<>();
        return records.rowsPerReleaseAndHour(from, to).stream()
                .map(h -> releases.computeIfAbsent(h.releaseId(), deployments::findById)
                        .map(d -> new Count(d.getAreaId(), ResourceKind.PREDICTIONS, d.getId(), d.getName() + " v" + d.getModelVersionNumber(),
                                d.getRequestedById(), d.getRequestedBy(), h.hourStart(), Sku.PREDICTIONS_1000, h.rows()))
                        .orElse(null))
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
