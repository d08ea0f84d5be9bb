package io.esteira.scheduling;

import io.esteira.costs.CostQuote;

/**
 * What a schedule costs before it runs, by the function that bills it: the price of one run, its runs in the
 * next 730 hours ({@code cost.runsPerMonth()}, {@code cost.monthly()}), and what its runs left this month leave
 * of the area's budget ({@code cost.remaining()}, with the area's policy).
 *
 * @param basis              how long a run is expected to take: the average of its recent runs, or its time limit
 * @param expectedRunSeconds that expected run time
 * @param runsAveraged       how many recent runs the average is of (0 with the time limit)
 * @param predictedRowsPerRun for a batch-scoring schedule, the rows its recent runs scored on average (charged as predictions)
 * @param basisInWords       the basis as the portal says it, e.g. "2 min 10 s, the average of its last 10 runs"
 */
public record ScheduleQuote(CostQuote cost, Basis basis, double expectedRunSeconds, int runsAveraged, long predictedRowsPerRun,
        String basisInWords) {

    public enum Basis { RECENT_RUNS, TIME_LIMIT }
}
