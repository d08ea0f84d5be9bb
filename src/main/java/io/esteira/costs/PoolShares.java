package io.esteira.costs;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * An area's share of a month's shared pools. A closed month: as its statement has them ({@code statementNumber},
 * null when the area had no statement). An open month: the pools priced so far and what they would give the area
 * if the month closed now, by the close's rules on the direct cost rated so far; the close distributes them.
 *
 * @param currency the area's currency: a pool in another one gives the area no share
 * @param total    the sum of the shares, in cents
 */
public record PoolShares(UUID areaId, YearMonth month, boolean closed, String statementNumber, String currency, List<Share> pools,
        BigDecimal total) {

    /**
     * One pool and the area's share of it, in cents ({@code share}; zero when the area carries none of it).
     *
     * @param how how the share was found, in words: in proportion to direct cost, shared evenly by n areas, a fixed percentage
     */
    public record Share(String pool, BigDecimal poolAmount, String poolCurrency, PoolRule rule, String how, BigDecimal share) {
    }
}
