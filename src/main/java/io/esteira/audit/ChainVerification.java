package io.esteira.audit;

import java.time.Instant;

/**
 * The result of walking the hash chain: intact, or the first row (by sequence number) that breaks it;
 * {@code protection} says what protected the rows: which were hashed with SHA-256 only (written before
 * the chain was keyed) and which with HMAC-SHA256 under a key outside the database.
 */
public record ChainVerification(Instant finishedAt, long checkedRows, boolean intact, Long firstBrokenSeq,
        String reason, String requestedBy, String protection) {
}
