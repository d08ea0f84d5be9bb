package io.esteira.e2e;

import io.esteira.areas.AreaService;
import io.esteira.costs.BudgetAlerts;
import io.esteira.costs.MonthlyClose;
import io.esteira.costs.Statements;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import java.time.YearMonth;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The demo's cost history is written in the background after start-up (esteira.demo.costs.enabled, on in {@link PortalIT}):
 * journeys that read it wait until its last closed month has Credit Risk's statement and its budget alert is raised, the
 * history's last steps.
 */
final class DemoCosts {

    private DemoCosts() {
    }

    static UUID credit(AreaService areas) {
        return SystemActor.call(areas::names).entrySet().stream().filter(e -> e.getValue().equals("Credit Risk"))
                .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** @return last month, closed by the history */
    static YearMonth awaitHistory(AreaService areas, Statements statements, BudgetAlerts alerts, MonthlyClose close) {
        UUID credit = credit(areas);
        YearMonth last = SystemActor.call(close::lastMonthOver);
        Awaitility.await("the demo cost history").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                SystemActor.call(() -> statements.list(credit).stream().anyMatch(s -> s.month().equals(last))
                        && !alerts.list(credit).isEmpty()));
        return last;
    }
}
