package io.esteira.costs;

import java.time.Instant;
import java.util.Collection;

/**
 * What a rating pass did.
 *
 * @param from     the first hour rated
 * @param to       the end of the last hour rated (exclusive)
 * @param lines    the lines the hours hold now
 * @param unpriced usage left unrated for want of a price (SKU, currency, area)
 */
public record RatingResult(Instant from, Instant to, int lines, Collection<String> unpriced) {
}
