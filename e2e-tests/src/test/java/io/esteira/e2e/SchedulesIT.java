package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.DataSourceService;
import io.esteira.features.DemoWarehouse;
import io.esteira.scheduling.ScheduleDefinitions;
import io.esteira.scheduling.ScheduleDraft;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/**
 * The area's schedules: the six-step wizard with its checks and previews, edit and backfill; run
 * one now, read its runs, pause it; another area sees none of them.
 */
class SchedulesIT extends PortalIT {

    private static final LocatorAssertions.ContainsTextOptions SLOW = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @Autowired
    ScheduleDefinitions scheduleDefinitions;
    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    AreaService areas;
    @Autowired
    io.esteira.costs.Statements statements;
    @Autowired
    io.esteira.costs.BudgetAlerts alerts;
    @Autowired
    io.esteira.costs.MonthlyClose close;

    @Test
    void a_data_scientist_runs_a_schedule_reads_its_runs_and_pauses_it() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> warehouse.progress().finished());
        String name = "segment-counts-" + UUID.randomUUID().toString().substring(0, 6);
        UUID id = SystemActor.call(() -> {
            UUID credit = areas.myAreas().stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
            UUID demo = sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1)).getContent().getFirst().id();
            return scheduleDefinitions.create(new ScheduleDraft(credit, name, "Customers per segment, every morning", demo,
                    "select segment, count(*) as customers from bank.customers where customer_since <= ${run_date} group by segment",
                    "segment_counts", TargetMode.REPLACE, List.of(), "0 30 6 ? * MON-FRI", "Europe/Lisbon", 300)).id();
        });
        signIn("ds.credit");
        page.navigate("/schedules");
        assertThat(page.locator("#schedules-grid")).containsText(name, SLOW);
        assertThat(page.locator("#schedules-grid")).containsText("replace → segment_counts");
        page.locator("#run-" + name).click();
        assertThat(page.locator("#schedules-grid")).containsText("succeeded", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        screenshot("schedules-list");

        page.locator("#schedules-grid").getByText(name).click();
        assertThat(page.locator("#runs-grid")).containsText("manual");
        assertThat(page.locator("#runs-grid")).containsText("succeeded");
        // what it costs, priced at the run it had
        assertThat(page.locator("#schedule-cost #price-run")).hasText(java.util.regex.Pattern.compile("^(under )?€\\d+\\.\\d{2,4}$"));
        assertThat(page.locator("#schedule-cost #cost-basis")).containsText(", the time its one run took.");
        assertThat(page.locator("#schedule-cost")).containsText(java.util.regex.Pattern.compile("About 2\\d runs a month"));
        page.locator("#schedule-cost").scrollIntoViewIfNeeded();
        screenshot("schedule-cost");
        page.locator("#runs-grid").getByText("manual").click();
        assertThat(page.locator(".run-log")).containsText("rows written");
        screenshot("schedule-runs");
        page.keyboard().press("Escape");

        page.locator("#pause-" + name).click();
        assertThat(page.locator("#schedules-grid")).containsText("paused");
        assertThat(page.locator("#resume-" + name)).isVisible();
        screenshot("schedules-paused");

        switchTo("ds.fraud");
        page.navigate("/schedules");
        assertThat(page.locator("#schedules-grid")).not().containsText(name);
        screenshot("schedules-other-area");
        page.navigate("/schedules/" + id + "/edit");
        assertThat(page.locator("#not-found-view")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
    }

    /** The list's menu of rarer actions for one schedule. */
    private void more(String schedule, String action) {
        page.getByLabel("More actions for " + schedule).click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.MENUITEM, new com.microsoft.playwright.Page.GetByRoleOptions().setName(action)).click();
    }

    private static Locator.FilterOptions text(String text) {
        return new Locator.FilterOptions().setHasText(text);
    }

    @Test
    void a_data_scientist_schedules_a_query_with_the_wizard_then_edits_and_backfills_it() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> warehouse.progress().finished());
        // the demo's cost history: Credit Risk is forecast over its budget this month, and its policy is WARN
        DemoCosts.awaitHistory(areas, statements, alerts, close);
        String name = "daily-segments-" + UUID.randomUUID().toString().substring(0, 6);
        signIn("ds.credit");
        page.navigate("/schedules");
        page.locator("#new-schedule").click();

        // 1 · source: the name is checked next to the field
        page.locator("#schedule-source").click();
        page.locator("vaadin-select-item").filter(text("Bank warehouse (demo)")).click();
        page.locator("#schedule-name input").fill("Daily Segments!");
        page.locator("#schedule-next").click();
        assertThat(page.locator("#schedule-name")).containsText("lower-case letters");
        screenshot("schedule-wizard-source-error");
        page.locator("#schedule-name input").fill(name);
        page.locator("#schedule-description textarea").fill("Customers per segment as of each run date, for the credit-limit model");
        page.locator("#schedule-next").click();

        // 2 · query: a write is refused with the parser's reason, a SELECT is previewed
        page.locator("#schedule-sql textarea").fill("delete from bank.customers");
        page.locator("#schedule-check").click();
        assertThat(page.locator("#schedule-sql")).containsText("Only SELECT");
        // a typo: on the field with its line and column, in words
        page.locator("#schedule-sql textarea").fill("select segment, count(*) as customers\nfrom bank.customers where customer_since <= ${run_date} grup by segment");
        page.locator("#schedule-check").click();
        assertThat(page.locator("#schedule-sql")).containsText("Unexpected word grup at line 2, column 57");
        assertThat(page.locator("#schedule-sql")).not().containsText("ParseException");
        screenshot("schedule-wizard-bad-sql");
        // a long preview shows its progress and is cancelled
        page.locator("#schedule-sql textarea").fill("select count(*) as n from bank.customers a cross join bank.customers b cross join bank.customers c");
        page.locator("#schedule-preview-run").click();
        assertThat(page.locator("#schedule-previewing-status")).containsText("Running the query");
        assertThat(page.locator("#schedule-preview-run")).isDisabled();
        page.locator("#schedule-previewing-cancel").click();
        assertThat(page.locator("#schedule-previewing-status")).hasText("Cancelled: nothing was kept");
        assertThat(page.locator("#schedule-preview-run")).isEnabled();
        page.locator("#schedule-sql textarea").fill(
                "select segment, count(*) as customers from bank.customers where customer_since <= ${run_date} group by segment");
        page.locator("#schedule-check").click();
        assertThat(page.locator("#schedule-sql-checked")).containsText("fine");
        page.locator("#schedule-preview-run").click();
        assertThat(page.locator("#schedule-preview-grid")).containsText("customers", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#schedule-preview-count")).containsText("rows");
        screenshot("schedule-wizard-query");
        page.locator("#schedule-next").click();

        // 3 · target
        page.locator("#schedule-mode vaadin-radio-button").filter(text("Upsert by key")).click();
        page.locator("#schedule-table input").fill("segment_daily");
        page.locator("#schedule-next").click();
        assertThat(page.locator("#schedule-keys")).containsText("key columns");
        page.locator("#schedule-keys input").fill("segment");
        page.locator("vaadin-multi-select-combo-box-item").filter(text("segment")).first().click();
        page.keyboard().press("Escape");
        screenshot("schedule-wizard-target");
        page.locator("#schedule-next").click();

        // 4 · when: a preset in words with its next five times; a bad cron is explained; business days
        assertThat(page.locator("#schedule-in-words")).containsText("6:00");
        assertThat(page.locator("#schedule-next-fires li")).hasCount(5);
        page.locator("#schedule-preset").click();
        page.locator("vaadin-select-item").filter(text("Quartz cron expression")).click();
        page.locator("#schedule-cron input").fill("0 30 25 * * ?");
        page.locator("#schedule-cron input").press("Tab");
        assertThat(page.locator("#schedule-cron")).containsText("Part 3 (hours) at column 6 is 25");
        assertThat(page.locator("#schedule-cron")).not().containsText("Quartz refused");
        screenshot("schedule-wizard-bad-cron");
        page.locator("#schedule-cron input").fill("0 30 6 ? * MON-FRI");
        page.locator("#schedule-cron input").press("Tab");
        page.locator("#schedule-calendar").click();
        page.locator("vaadin-select-item").filter(text("TARGET2")).click();
        assertThat(page.locator("#schedule-in-words")).containsText("TARGET2");
        assertThat(page.locator("#schedule-next-fires li")).hasCount(5);
        screenshot("schedule-wizard-when");
        page.locator("#schedule-next").click();

        // 5 · options: bounds are checked next to the field
        page.locator("#schedule-retries input").fill("9");
        page.locator("#schedule-next").click();
        assertThat(page.locator("#schedule-retries")).containsText("0 to 5 retries");
        page.locator("#schedule-retries input").fill("2");
        page.locator("#schedule-deadline input").fill("120");
        page.locator("#schedule-misfire vaadin-radio-button").filter(text("Skip missed runs")).click();
        screenshot("schedule-wizard-options");
        page.locator("#schedule-next").click();

        // 6 · review, then the list
        assertThat(page.locator("#schedule-review")).containsText("upsert → area_credit.segment_daily by segment");
        assertThat(page.locator("#schedule-review")).containsText("2 retries");
        assertThat(page.locator("#schedule-review")).containsText("deadline 120 min");
        // what it costs before it is created: a run at its time limit, about a month of runs, the budget left after them
        Locator cost = page.locator("#schedule-cost");
        assertThat(cost.locator("#price-run")).hasText(java.util.regex.Pattern.compile("^€\\d+\\.\\d{2,4}$"));
        assertThat(cost).containsText(java.util.regex.Pattern.compile("About 2\\d runs a month"));
        assertThat(cost.locator("#price-month")).hasText(java.util.regex.Pattern.compile("^≈ €[\\d,]+\\.\\d{2,4}$"));
        assertThat(cost.locator("#budget-left")).hasText(java.util.regex.Pattern.compile("^-€[\\d,]+\\.\\d{2}$"));
        assertThat(cost).containsText("this month, after it");
        assertThat(cost.locator("#cost-basis")).hasText("Each run is priced at 10 min, its time limit: it has no runs yet, and a run never "
                + "takes longer.");
        assertThat(cost.locator("#budget-forecast")).containsText("This month's forecast for Credit Risk is €");
        assertThat(cost.locator("#budget-forecast")).containsText("its runs left this month add €");
        assertThat(cost.locator("#budget-warning")).hasText(
                "This would take the area over its budget: you can still create it, and the area's managers will be told.");
        screenshot("schedule-wizard-review");
        page.setViewportSize(390, 844);
        screenshot("schedule-wizard-review-phone");
        page.setViewportSize(1280, 800);
        page.locator("#schedule-save").click();
        // creating asks the area's budget (its forecast) first: on a busy machine that takes a while
        assertThat(page.locator("#schedules-grid")).containsText(name, SLOW);
        assertThat(page.locator("#schedules-grid")).containsText("upsert → segment_daily");

        // edit: the wizard opens with the schedule's values; the change shows in the list
        more(name, "Edit");
        assertThat(page.locator("#schedule-name input")).hasValue(name);
        page.locator("#schedule-next").click();
        page.locator("#schedule-next").click();
        page.locator("#schedule-next").click();
        assertThat(page.locator("#schedule-cron input")).hasValue("0 30 6 ? * MON-FRI");
        page.locator("#schedule-cron input").fill("0 0 7 ? * MON-FRI");
        page.locator("#schedule-cron input").press("Tab");
        page.locator("#schedule-next").click();
        page.locator("#schedule-next").click();
        page.locator("#schedule-save").click();
        assertThat(page.locator("#schedules-grid")).containsText("07:00", SLOW);

        // backfill: the runs it will create first, then they run
        more(name, "Backfill…");
        page.locator("#backfill-preview").click();
        assertThat(page.locator("#backfill-plan")).containsText("runs, one after another");
        screenshot("schedule-backfill");
        page.locator("#backfill-start").click();
        page.locator("#schedules-grid").getByText(name).click();
        assertThat(page.locator("#runs-grid")).containsText("backfill");
        assertThat(page.locator("#runs-grid")).containsText("succeeded", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#schedule-options")).containsText("2 retries");
        assertThat(page.locator("#alerts-grid")).containsText("No alerts");
        screenshot("schedule-runs-after-backfill");
    }
}
