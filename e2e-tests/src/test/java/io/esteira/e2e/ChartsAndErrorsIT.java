package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.BoundingBox;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ChartsAndErrorsIT extends PortalIT {

    @Test
    void a_reviewer_reads_audit_activity_as_a_chart_and_as_a_table_and_clicks_through() {
        signIn("reviewer.gov");
        assertThat(page.locator("#audit-chart-chart svg")).isVisible();
        assertThat(page.locator("[data-testid=audit-chart-table]")).containsText("Events");
        // a bar of the chart, whichever: ECharts draws each bar as a filled SVG path of its own
        Locator bars = page.locator("#audit-chart-chart svg path[fill]:not([fill='none']):not([fill='transparent'])")
                .filter(new Locator.FilterOptions().setVisible(true));
        assertThat(bars.first()).isVisible();
        tallest(bars).click();
        page.waitForURL(url -> url.endsWith("/audit"));
        assertThat(page.locator("#audit-grid")).isVisible();
    }

    @Test
    void a_manager_sees_the_budgets_of_the_areas_they_manage_and_an_administrator_every_areas() {
        signIn("manager.credit");
        assertThat(page.locator("#home-cost-CREDIT")).containsText("Credit Risk");
        assertThat(page.locator("#home-cost-CREDIT")).containsText("budget");
        assertThat(page.locator("#home-cost-FRAUD")).hasCount(0);
        assertThat(page.locator("#budget-chart")).hasCount(0);

        switchTo("admin");
        assertThat(page.locator("[data-testid=budget-chart-table]")).containsText("Credit Risk");
        assertThat(page.locator("[data-testid=budget-chart-table]")).containsText("Fraud");
    }

    @Test
    void an_unexpected_failure_shows_a_correlation_id_that_is_also_in_the_log(CapturedOutput output) {
        signIn("ds.credit");
        page.navigate("/e2e/failure");
        assertThat(page.locator("#error-view")).isVisible();
        String correlationId = page.locator("#correlation-id").innerText().strip();
        assertThat(correlationId).isNotBlank();
        assertThat(output.getAll()).contains("correlation id " + correlationId);
        screenshot("error");
    }

    @Test
    void a_reviewer_exports_the_filtered_audit_log_as_csv() throws Exception {
        signIn("reviewer.risk");
        page.navigate("/audit");
        page.locator("#filter-action input").fill("area.created");
        page.locator("#filter-action input").press("Tab");
        // the grid learns the exact, small size once the filter has reached the server
        page.waitForFunction("() => document.querySelector('#audit-grid').size < 10");
        Download download = page.waitForDownload(() -> page.locator("#audit-export").click());
        String csv = Files.readString(download.path());
        assertThat(csv).startsWith("seq,occurred_at,actor");
        assertThat(csv.lines().skip(1)).isNotEmpty().allMatch(line -> line.contains(",area.created,"));
    }

    /** The bar drawn tallest, so that a click lands on it whatever the other days hold. */
    private static Locator tallest(Locator bars) {
        int best = 0;
        double height = -1;
        for (int i = 0; i < bars.count(); i++) {
            BoundingBox box = bars.nth(i).boundingBox();
            if (box != null && box.height > height) {
                height = box.height;
                best = i;
            }
        }
        return bars.nth(best);
    }
}
