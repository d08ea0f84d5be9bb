package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.DataSourceService;
import io.esteira.features.DemoWarehouse;
import io.esteira.scheduling.ScheduleDraft;
import io.esteira.scheduling.SchedulingService;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/** The area's schedules: run one now, read its runs, pause it; another area sees none of them. */
class SchedulesIT extends PortalIT {

    @Autowired
    SchedulingService scheduling;
    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    AreaService areas;

    @Test
    void a_data_scientist_runs_a_schedule_reads_its_runs_and_pauses_it() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> warehouse.progress().finished());
        String name = "segment-counts-" + UUID.randomUUID().toString().substring(0, 6);
        SystemActor.run(() -> {
            UUID credit = areas.myAreas().stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
            UUID demo = sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1)).getContent().getFirst().id();
            scheduling.create(new ScheduleDraft(credit, name, "Customers per segment, every morning", demo,
                    "select segment, count(*) as customers from bank.customers where customer_since <= ${run_date} group by segment",
                    "segment_counts", TargetMode.REPLACE, List.of(), "0 30 6 ? * MON-FRI", "Europe/Lisbon", 300));
        });
        signIn("ds.credit");
        page.navigate("/schedules");
        assertThat(page.locator("#schedules-grid")).containsText(name);
        assertThat(page.locator("#schedules-grid")).containsText("replace → segment_counts");
        page.locator("#run-" + name).click();
        assertThat(page.locator("#schedules-grid")).containsText("succeeded", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        screenshot("schedules-list");

        page.locator("#schedules-grid").getByText(name).click();
        assertThat(page.locator("#runs-grid")).containsText("manual");
        assertThat(page.locator("#runs-grid")).containsText("succeeded");
        screenshot("schedule-runs");
        page.keyboard().press("Escape");

        page.locator("#pause-" + name).click();
        assertThat(page.locator("#schedules-grid")).containsText("paused");
        assertThat(page.locator("#resume-" + name)).isVisible();
        screenshot("schedules-paused");

        context.clearCookies();
        signIn("ds.fraud");
        page.navigate("/schedules");
        assertThat(page.locator("#schedules-grid")).not().containsText(name);
        screenshot("schedules-other-area");
    }
}
