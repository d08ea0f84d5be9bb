package io.esteira.monitoring;

import java.time.Duration;
import java.time.Instant;

/**
 * The spans a deployment's monitoring page shows, each with the buckets it reads: operational rows
 * of a granularity whose count stays within {@link OperationalMetrics#MAX_POINTS}, and drift windows
 * (drift is evaluated per hour and per day).
 */
public enum DashboardWindow {
    LAST_24_HOURS("Last 24 hours", Duration.ofHours(24), Granularity.MINUTE, Granularity.HOUR),
    LAST_7_DAYS("Last 7 days", Duration.ofDays(7), Granularity.HOUR, Granularity.HOUR),
    LAST_30_DAYS("Last 30 days", Duration.ofDays(30), Granularity.HOUR, Granularity.DAY),
    LAST_90_DAYS("Last 90 days", Duration.ofDays(90), Granularity.DAY, Granularity.DAY);

    private final String label;
    private final Duration length;
    private final Granularity operational;
    private final Granularity drift;

    DashboardWindow(String label, Duration length, Granularity operational, Granularity drift) {
        this.label = label;
        this.length = length;
        this.operational = operational;
        this.drift = drift;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    /** The buckets of the operational charts. */
    public Granularity operational() {
        return operational;
    }

    /** The drift windows of the heatmap: hours or days. */
    public Granularity drift() {
        return drift;
    }

    /** The operational buckets shown at {@code now}: up to the one holding now, {@link #length()} back. */
    public Range operationalRange(Instant now) {
        Instant to = operational.floor(now).plus(operational.length());
        return new Range(to.minus(length), to);
    }

    /** The drift windows shown at {@code now}: the closed ones and the one holding now, {@link #length()} back. */
    public Range driftRange(Instant now) {
        Instant to = drift.floor(now).plus(drift.length());
        return new Range(to.minus(length), to);
    }

    /**
     * The performance windows: hours over the last day, days beyond it. An hour of a rare outcome
     * (fraud) holds too few positives for an AUC that means anything; a day does.
     */
    public Granularity performance() {
        return this == LAST_24_HOURS ? Granularity.HOUR : Granularity.DAY;
    }

    /** The performance windows shown at {@code now}: the closed ones and the one holding now, {@link #length()} back. */
    public Range performanceRange(Instant now) {
        Instant to = performance().floor(now).plus(performance().length());
        return new Range(to.minus(length), to);
    }

    /** {@code [from, to)} in UTC. */
    public record Range(Instant from, Instant to) {
    }
}
