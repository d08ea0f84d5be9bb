package io.esteira.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The buckets of operational metric rows, in UTC. */
public enum Granularity {
    MINUTE(Duration.ofMinutes(1), ChronoUnit.MINUTES),
    HOUR(Duration.ofHours(1), ChronoUnit.HOURS),
    DAY(Duration.ofDays(1), ChronoUnit.DAYS);

    private final Duration length;
    private final ChronoUnit unit;

    Granularity(Duration length, ChronoUnit unit) {
        this.length = length;
        this.unit = unit;
    }

    public Duration length() {
        return length;
    }

    /** The start of the bucket holding the instant. */
    public Instant floor(Instant at) {
        return at.truncatedTo(unit);
    }

    /** The first bucket start at or after the instant. */
    public Instant ceil(Instant at) {
        Instant floor = floor(at);
        return floor.equals(at) ? at : floor.plus(length);
    }
}
