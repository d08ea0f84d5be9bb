package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * Idle time of running workspaces in an area's month, and what it cost: per person, and per workspace
 * for drill-down. Costs are rated as the ledger rates the workspace's compute (each hour at its price),
 * in the area's currency, with 10 decimals; hours are exact to 6 decimals.
 *
 * @param idleAfter        the grace: time without activity that is not yet idle
 * @param computeCost      what the workspaces' compute cost in the month (the ledger's WORKSPACE lines) of the people shown
 * @param percentOfCompute the idle cost as a percentage of {@code computeCost} (2 decimals); null when there is no compute cost
 * @param wholeArea        whether everybody's idle time is shown (managers, administrators) or only the caller's own
 */
public record IdleWasteReport(UUID areaId, YearMonth month, String currency, Duration idleAfter, boolean wholeArea, BigDecimal hours,
        BigDecimal cost, BigDecimal computeCost, BigDecimal percentOfCompute, List<Person> people, List<Workspace> workspaces) {

    /** A person's idle time: all their workspaces of the area in the month. */
    public record Person(UUID personId, String personName, BigDecimal hours, BigDecimal cost, BigDecimal computeCost,
            BigDecimal percentOfCompute, int periods) {
    }

    /** A workspace's idle time in the month. */
    public record Workspace(UUID workspaceId, String workspaceName, UUID personId, String personName, BigDecimal hours, BigDecimal cost,
            BigDecimal computeCost, BigDecimal percentOfCompute, int periods) {
    }
}
