package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.esteira.areas.AreaService;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.models.ModelRegistry;
import io.esteira.monitoring.DriftResults;
import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.LiveProfiles;
import io.esteira.monitoring.OperationalMetrics;
import io.esteira.monitoring.TrainingBaselines;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.LiveDeployments;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A data scientist finds a live deployment whose traffic drifted on the monitoring page, with its
 * alert, opens the deployment's own page (traffic, the drift heatmap, the drifted feature's
 * distributions, a CSV export), acknowledges and resolves the alert and proposes new monitor
 * settings; a reviewer reads the alert and the deployment's page and cannot act on them.
 */
class MonitoringIT extends PortalIT {

    private static final LocatorAssertions.IsVisibleOptions LONG = new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @Autowired
    DeploymentService deployments;
    @Autowired
    ModelRegistry registry;
    @Autowired
    AreaService areas;
    @Autowired
    LiveProfiles profiles;
    @Autowired
    TrainingBaselines baselines;
    @Autowired
    DriftResults drift;
    @Autowired
    OperationalMetrics operational;
    @Autowired
    io.esteira.monitoring.MonitorChangeService monitors;
    @Autowired
    io.esteira.monitoring.MonitoringAlerts alerts;

    @Test
    void a_data_scientist_finds_the_drift_and_handles_its_alert_and_a_reviewer_reads_it() throws Exception {
        DeploymentView endpoint = LiveDeployments.asSystem(deployments, registry, areas).liveInStaging("card-scores");
        List<Map<String, Object>> shifted = LiveDeployments.rows(400).stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>(r);
            row.put("merchant_category", "gambling");
            return row;
        }).toList();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        SystemActor.run(() -> deployments.predict(endpoint.name(), shifted));
        Instant called = Instant.now();
        Awaitility.await("the training baseline").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> SystemActor.call(() -> baselines.of(endpoint.id())).size() == 3);
        SystemActor.run(() -> {
            profiles.flush();
            drift.evaluate(endpoint.id(), Granularity.HOUR, hour);
            drift.evaluate(endpoint.id(), Granularity.DAY, hour.truncatedTo(ChronoUnit.DAYS));
        });

        signIn("ds.fraud");
        page.navigate("/monitoring");
        Locator row = page.locator("#monitoring-deployments").getByText(endpoint.name());
        assertThat(row).isVisible(LONG);
        assertThat(page.locator("#monitoring-deployments")).containsText("Drift");
        assertThat(page.locator("#monitoring-alerts")).containsText(endpoint.name());
        assertThat(page.locator("#monitoring-alerts")).containsText("merchant_category");
        screenshot("monitoring");
        page.setViewportSize(390, 844);
        screenshot("monitoring-phone");
        page.setViewportSize(1280, 800);

        // the deployment's own page: its traffic (metric rows exist for closed minutes), drift, a feature's distributions, CSV
        // metric rows are computed for closed minutes: computed as of a minute on, when the calls' minute has closed
        SystemActor.run(() -> operational.computeAsOf(hour, called.plusSeconds(120), called.plusSeconds(120)));
        page.locator("#monitoring-open-" + endpoint.id()).click();
        assertThat(page.locator("#monitoring-deployment-name")).hasText(endpoint.name(), new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        assertThat(page.locator("#side-nav vaadin-side-nav-item[path='monitoring']")).hasAttribute("current", ""); // the menu entry stays lit
        assertThat(page.locator("#operational-summary")).containsText("1 call, 400 rows");
        assertThat(page.locator("#operational-traffic-chart svg")).isVisible();
        assertThat(page.locator("#operational-latency-chart svg")).isVisible();
        Locator category = page.locator("#drift-heatmap [data-feature='merchant_category'] .drift-feature");
        assertThat(category).isVisible();
        assertThat(page.locator("#drift-heatmap [data-feature='merchant_category'] .drift-breach")).hasCount(1);
        assertThat(page.locator("#alert-timeline")).containsText("data drift");
        screenshot("monitoring-deployment");
        category.click();
        assertThat(page.locator("#drift-distribution-title")).containsText("merchant_category");
        assertThat(page.locator("#drift-distribution-chart-chart svg")).isVisible();
        assertThat(page.locator("#drift-distribution-table")).containsText("unseen");
        screenshot("monitoring-deployment-distribution");
        Download download = page.waitForDownload(() -> page.locator("#drift-table-csv").click());
        String csv = Files.readString(download.path());
        org.assertj.core.api.Assertions.assertThat(csv).startsWith("feature,kind,latest_window_utc,verdict,psi");
        org.assertj.core.api.Assertions.assertThat(csv.lines()).anyMatch(line -> line.startsWith("merchant_category,categorical,")
                && line.contains(",BREACH,"));
        page.setViewportSize(390, 844);
        screenshot("monitoring-deployment-phone");
        page.setViewportSize(1280, 800);
        // the release page and the model version page lead back to it
        page.locator("#monitoring-release-page").click();
        assertThat(page.locator("#release-monitoring-link")).isVisible();
        page.locator("#release-model-link").click();
        page.locator("#version-monitoring-" + endpoint.name()).click();
        assertThat(page.locator("#monitoring-deployment-name")).hasText(endpoint.name());

        switchTo("reviewer.risk");
        page.navigate("/monitoring");
        assertThat(page.locator("#monitoring-alerts")).containsText(endpoint.name());
        assertThat(page.locator("#monitoring-alerts vaadin-button[id^='alert-acknowledge-']")).hasCount(0);
        // reviewers watch every area's live deployments, read-only
        assertThat(page.locator("#monitoring-deployments").getByText(endpoint.name())).isVisible(LONG);
        assertThat(page.locator("#monitoring-deployments vaadin-button[id^='monitor-change-']")).hasCount(0);
        screenshot("monitoring-reviewer");
        page.locator("#monitoring-open-" + endpoint.id()).click();
        assertThat(page.locator("#monitoring-deployment-name")).hasText(endpoint.name());
        assertThat(page.locator("#alert-timeline")).containsText("data drift");
        assertThat(page.locator("#alert-timeline vaadin-button[id^='alert-acknowledge-']")).hasCount(0);
        assertThat(page.locator("#monitoring-release-page")).hasCount(0);
        screenshot("monitoring-deployment-reviewer");

        switchTo("ds.fraud");
        page.navigate("/monitoring");
        // the demo's own deployment may have alerts too: act on this one's
        java.util.UUID alertId = SystemActor.call(() -> alerts.of(endpoint.id())).getFirst().id();
        Locator acknowledge = page.locator("#alert-acknowledge-" + alertId);
        assertThat(acknowledge).isVisible(LONG);
        acknowledge.click();
        assertThat(page.locator("#monitoring-alerts")).containsText("Acknowledged by Bruno Costa");
        page.locator("#alert-resolve-" + alertId).click();
        page.locator("#alert-resolve-confirm").click();
        assertThat(page.locator("#alert-resolve-reason")).hasAttribute("invalid", "");
        page.locator("#alert-resolve-reason textarea").fill("Gambling merchants ran a promotion; the model scores them as before");
        screenshot("monitoring-resolve");
        page.locator("#alert-resolve-confirm").click();
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("Resolved"))).isVisible();
        // the alert leaves the open ones, and the deployment shows none open
        assertThat(page.locator("#alert-resolve-" + alertId)).isHidden();
        assertThat(page.locator("#monitoring-alerts vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText(endpoint.name())).first()).isHidden();
        org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> alerts.of(endpoint.id()))).allMatch(a -> a.state().equals("RESOLVED"));
        screenshot("monitoring-resolved");

        // the area proposes new monitor settings: a bad one is refused on its field, a good one becomes a change request
        page.locator("#monitor-change-" + endpoint.name()).click();
        assertThat(page.locator("#monitor-in-force")).containsText("breach PSI 0.25");
        page.locator("#monitor-breach-psi input").fill("0.05");
        page.locator("#monitor-justification textarea").fill("Fewer, surer alerts: the fraud team reviews every breach by hand");
        page.locator("#monitor-propose").click();
        assertThat(page.locator("#monitor-breach-psi")).hasAttribute("invalid", "");
        screenshot("monitoring-monitor-change");
        page.setViewportSize(390, 844);
        screenshot("monitoring-monitor-change-phone");
        page.setViewportSize(1280, 800);
        page.locator("#monitor-breach-psi input").fill("0.4");
        page.locator("#monitor-propose").click();
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("standard-change policy")))
                .isVisible();
        Awaitility.await("the monitor changed").atMost(Duration.ofSeconds(30)).until(() -> SystemActor.call(() -> monitors.monitor(endpoint.id()))
                .inForce().breachPsi() == 0.4);
        // the change request carries the settings in force and proposed
        java.util.UUID changeId = SystemActor.call(() -> monitors.monitor(endpoint.id())).recent().getFirst().changeId();
        page.navigate("/changes/" + changeId);
        assertThat(page.getByText("Monitor settings: in force and proposed")).isVisible(LONG);
        screenshot("monitoring-monitor-change-request");
        SystemActor.run(() -> deployments.retire(endpoint.id(), "The monitoring journey is over")); // other journeys count Fraud's live ones
    }
}
