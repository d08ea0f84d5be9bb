package io.esteira.audit;

import java.time.Instant;

/** The result of walking the hash chain: intact, or the first row (by sequence number) that breaks it. */
public record ChainVerification(Instant finishedAt, long checkedRows, boolean intact, Long firstBrokenSeq,
        String reason, String requestedBy) {
}
