package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.MonitoringAlerts;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/**
 * The demo as a bank would first see it: Fraud's card-fraud-scoring, live through an approved change,
 * with days of replayed traffic whose merchant mix shifted. Its data scientist finds the drift, opens
 * the drifted feature's distributions, reads the realised AUC beside the estimate and acknowledges the
 * alert; a reviewer reads the same page and cannot act; a manager of another area does not find it.
 */
class DemoMonitoringIT extends PortalIT {

    private static final String ENDPOINT = "card-fraud-scoring";
    private static final LocatorAssertions.IsVisibleOptions LONG = new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @Autowired
    DeploymentService deployments;
    @Autowired
    MonitoringAlerts alerts;
    @Autowired
    io.esteira.monitoring.PerformanceResults performance;

    @Test
    void a_data_scientist_finds_the_demo_drift_and_acknowledges_it_a_reviewer_reads_it_another_area_does_not() {
        // the demo's history is replayed in the background once the demo model is champion
        DeploymentView release = Awaitility.await("the demo release with its history, an open alert and realised performance").atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(2)).until(this::demoReleaseWithAnOpenAlert, Optional::isPresent).orElseThrow();

        signIn("ds.fraud");
        page.navigate("/monitoring");
        Locator open = page.locator("#monitoring-open-" + release.id());
        assertThat(open).isVisible(LONG);
        open.click();
        assertThat(page.locator("#monitoring-deployment-name")).hasText(ENDPOINT);
        assertThat(page.locator("#operational-traffic-chart svg")).isVisible();
        // the merchant mix shifted in the last days: the heatmap shows it where it happened
        assertThat(page.locator("#drift-heatmap [data-feature='merchant_category'] .drift-breach").first()).isVisible();
        assertThat(page.locator("#performance-summary")).containsText("Realised AUC");
        assertThat(page.locator("#performance-summary")).containsText("Estimate");
        assertThat(page.locator("#performance-auc-chart svg")).isVisible();
        screenshot("demo-monitoring");

        page.locator("#drift-heatmap [data-feature='merchant_category'] .drift-feature").click();
        assertThat(page.locator("#drift-distribution-title")).containsText("merchant_category");
        assertThat(page.locator("#drift-distribution-table")).containsText("gambling");
        screenshot("demo-monitoring-distribution");

        // the monitor watches each channel: every section follows the traffic chosen
        assertThat(page.locator("#monitoring-segment")).isVisible();
        page.navigate("/monitoring/" + ENDPOINT + "?window=7d&segment=channel%3Donline");
        assertThat(page.locator("#monitoring-segment")).containsText("channel = online");
        assertThat(page.locator("#operational-summary")).containsText("Segment channel=online");
        assertThat(page.locator("#operational-traffic-chart svg")).isVisible();
        assertThat(page.locator("#performance-summary")).containsText("Estimate");
        assertThat(page.locator("#drift-heatmap [data-feature='merchant_category']")).isVisible();
        screenshot("demo-monitoring-segment");
        page.navigate("/monitoring/" + ENDPOINT);

        Locator acknowledge = page.locator("#alert-timeline vaadin-button[id^='alert-acknowledge-']").first();
        assertThat(acknowledge).isVisible();
        acknowledge.click();
        assertThat(page.locator("#alert-timeline")).containsText("Acknowledged by Bruno Costa");
        page.setViewportSize(390, 844);
        screenshot("demo-monitoring-phone");
        page.setViewportSize(1280, 800);

        switchTo("reviewer.gov");
        page.navigate("/monitoring/" + ENDPOINT);
        assertThat(page.locator("#monitoring-deployment-name")).hasText(ENDPOINT);
        assertThat(page.locator("#performance-summary")).containsText("Realised AUC");
        assertThat(page.locator("#alert-timeline")).containsText("Acknowledged by Bruno Costa");
        assertThat(page.locator("#alert-timeline vaadin-button[id^='alert-']")).hasCount(0);
        screenshot("demo-monitoring-reviewer");

        switchTo("manager.credit");
        page.navigate("/monitoring/" + ENDPOINT);
        assertThat(page.locator("#not-found-view")).isVisible();
        page.navigate("/monitoring");
        assertThat(page.locator("#monitoring-open-" + release.id())).hasCount(0);
    }

    private Optional<DeploymentView> demoReleaseWithAnOpenAlert() {
        return SystemActor.call(() -> deployments.list(PageRequest.of(0, 1000), false).getContent().stream()
                .filter(d -> d.name().equals(ENDPOINT) && d.live()).findFirst()
                .filter(d -> alerts.of(d.id()).stream().anyMatch(a -> a.state().equals("OPEN")))
                .filter(d -> performance.series(d.id(), io.esteira.monitoring.Granularity.HOUR, java.time.Instant.now().minus(Duration.ofDays(7)),
                        java.time.Instant.now()).stream().anyMatch(p -> p.realised() && p.auc() != null)));
    }
}
