package io.esteira.costs;

import java.time.Instant;

/**
 * One version of a price as the rate card shows it: from its hour until the next version of the same
 * SKU, scope (the platform's default or an area's own) and currency starts.
 *
 * @param until  the next version's start; null while no later version is scheduled
 * @param status whether the version applied before, applies now or is scheduled
 */
public record RateVersion(Price price, Instant until, Status status) {

    public enum Status { ENDED, IN_FORCE, SCHEDULED }
}
