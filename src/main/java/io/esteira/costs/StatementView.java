package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;

/**
 * An area's statement of a closed month: direct cost (the ledger's lines in cents), corrections of earlier
 * closed months, its shares of the shared pools, and the total; {@code ledgerExact} is the exact sum of its
 * ledger lines (direct and corrections) that the cents add up to once rounded; {@code sha256} the hash of
 * its canonical text, recorded in the audit log when it was issued.
 */
public record StatementView(String number, YearMonth month, UUID areaId, String areaCode, String areaName, String costCenter,
        String currency, BigDecimal directTotal, BigDecimal correctionTotal, BigDecimal poolTotal, BigDecimal total,
        BigDecimal ledgerExact, long ledgerLines, String sha256, Instant issuedAt, String issuedBy) {
}
