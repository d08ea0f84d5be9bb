package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Something that runs on a schedule, as the module that schedules it knows it: what each run holds
 * (see {@link Held}) and for how long, the rows each run predicts (charged per 1,000, 0 when it
 * predicts none), and how many times it fires between two instants (as its scheduler fires it).
 */
public record ScheduledRuns(Map<String, BigDecimal> held, Duration perRun, long predictedRowsPerRun, Fires fires) {

    public ScheduledRuns {
        held = Map.copyOf(held);
        if (perRun == null || perRun.isNegative() || perRun.isZero()) {
            throw new IllegalArgumentException("A run takes some time");
        }
        if (predictedRowsPerRun < 0) {
            throw new IllegalArgumentException("Rows cannot be negative");
        }
    }

    /** How many times it fires in {@code [from, to)}. */
    @FunctionalInterface
    public interface Fires {
        int between(Instant from, Instant to);
    }

    /**
     * How a cron expression fires, by the scheduler that fires it; the scheduling module implements it
     * (a bean), so that a quote counts runs as they will happen and costs depends on no scheduler.
     */
    public interface Calendar {

        /** @throws io.esteira.shared.InvalidRequestException naming the field ({@code cron}, {@code zone}) that is wrong */
        Fires of(String cron, String zone);
    }
}
