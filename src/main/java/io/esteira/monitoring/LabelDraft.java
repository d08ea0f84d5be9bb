package io.esteira.monitoring;

import java.time.Instant;
import java.util.UUID;

/**
 * The ground truth of one row of one prediction, known after the fact.
 *
 * @param requestId  the prediction's request id (as the serving answer gave it)
 * @param row        the row of the request, from 0
 * @param label      a number, true/false (1/0), or a class name of at most 200 characters
 * @param labelledAt when the truth became known (e.g. the chargeback date); not in the future
 */
public record LabelDraft(UUID requestId, Integer row, Object label, Instant labelledAt) {
}
