package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.identity.DemoPersonas;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionView;
import io.esteira.shared.security.SystemActor;
import io.esteira.training.RecommendationView;
import io.esteira.training.Retraining;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demo's retraining loop as its people would go through it: the drift of card-fraud-scoring (replayed history whose
 * merchant mix shifted) recommends retraining card_fraud by its policy; Fraud's data scientist reads the evidence in her
 * inbox, sees that declining needs a reason, accepts; the job card-fraud-retrain runs on the fresh window; she compares the
 * challenger with the champion and requests its promotion; the model-risk and governance reviewers read the retraining's
 * evidence and approve; the model's page shows the chain from the alert to the release.
 */
class RetrainingIT extends PortalIT {

    private static final LocatorAssertions.IsVisibleOptions LONG = new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @Autowired
    Retraining retraining;
    @Autowired
    ModelRegistry registry;
    @Autowired
    AreaService areas;
    @Autowired
    DemoPersonas people;
    @Autowired
    DeploymentService deployments;

    @Test
    void from_the_demos_drift_alert_to_an_approved_live_challenger() {
        UUID fraud = SystemActor.call(() -> areas.myAreas().stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id)
                .findFirst().orElseThrow());
        RecommendationView recommended = Awaitility.await("the demo's recommendation").atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofSeconds(2)).until(() -> recommendation(fraud), Optional::isPresent).orElseThrow();

        // her inbox, at desktop and phone width
        signIn("ds.fraud");
        page.navigate("/training/recommendations");
        Locator row = page.locator("#recommendation-" + recommended.id());
        assertThat(row).isVisible(LONG);
        assertThat(page.locator("#recommendations-grid")).containsText("card_fraud");
        screenshot("retraining-inbox");
        page.setViewportSize(390, 844);
        screenshot("retraining-inbox-phone");
        page.setViewportSize(1280, 800);

        // the recommendation with its evidence
        row.click();
        page.waitForURL(url -> url.endsWith("/training/recommendations/" + recommended.id()));
        assertThat(page.locator("#recommendation-title")).hasText("Retraining card_fraud");
        assertThat(page.locator("#recommendation-alert")).containsText("drift");
        assertThat(page.locator("#recommendation-drift")).containsText("merchant_category");
        assertThat(page.locator("#recommendation-window")).containsText("card-fraud-retrain");
        assertThat(page.locator("#recommendation-cost")).containsText("costs at most");
        screenshot("retraining-recommendation");

        // declining needs a reason
        page.locator("#recommendation-decline").click();
        page.locator("#decline-confirm").click();
        assertThat(page.locator("#decline-reason")).hasAttribute("invalid", "");
        page.locator("#decline-dialog vaadin-button:has-text('Cancel')").click();

        // accepted: the job runs on the fresh window
        page.locator("#recommendation-accept").click();
        assertThat(page.locator("#recommendation-run")).containsText("Run 1 of card-fraud-retrain");
        RecommendationView trained = Awaitility.await("the challenger trained and compared").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2)).until(() -> people.call("ds.fraud", () -> retraining.recommendation(recommended.id())),
                        r -> !r.state().equals("TRAINING") && (!r.state().equals("TRAINED")
                                || people.call("ds.fraud", () -> retraining.comparison(recommended.id())).isPresent()));
        org.assertj.core.api.Assertions.assertThat(trained.state()).as(trained.reason()).isEqualTo("TRAINED");
        page.reload();
        assertThat(page.locator("#recommendation-comparison")).isVisible(LONG);
        if (people.call("ds.fraud", () -> retraining.comparison(recommended.id())).map(c -> !c.done()).orElse(true)) {
            // labels matured meanwhile, or the comparison is asked for again by hand
            page.locator("#comparison-again").click();
        }
        assertThat(page.locator("#comparison-table")).containsText("AUC", new com.microsoft.playwright.assertions.LocatorAssertions
                .ContainsTextOptions().setTimeout(60_000));
        assertThat(page.locator("#comparison-table")).containsText("Expected calibration error");
        assertThat(page.locator("#comparison-table")).containsText("Latency, one row, median");
        assertThat(page.locator("#comparison-metrics-chart")).isVisible();
        assertThat(page.locator("#comparison-calibration-chart")).isVisible();
        screenshot("retraining-comparison");
        page.setViewportSize(390, 844);
        screenshot("retraining-comparison-phone");
        page.setViewportSize(1280, 800);

        // the challenger's gates pass, then she requests its promotion, seeing what the release costs
        Awaitility.await("the challenger's gates").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> people.call("ds.fraud", () -> registry.versionById(trained.challengerVersionId())), VersionView::gatesDone);
        page.reload();
        page.locator("#recommendation-promote").click();
        assertThat(page.locator("#promotion-cost")).containsText("Per hour");
        page.locator("#promotion-justification textarea").fill("The retrained challenger was trained on the shifted merchant mix; "
                + "its comparison on the matured, labelled rows of the last days is attached");
        screenshot("retraining-promotion");
        page.locator("#promotion-submit").click();
        Locator changeLink = page.locator("#recommendation-change");
        assertThat(changeLink).isVisible(LONG);
        UUID changeId = people.call("ds.fraud", () -> retraining.recommendation(recommended.id())).changeId();

        // the reviewers read the retraining's evidence and approve
        for (String reviewer : List.of("reviewer.risk", "reviewer.gov")) {
            switchTo(reviewer);
            page.navigate("/changes/" + changeId);
            assertThat(page.locator("body")).containsText("What triggered the retraining", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(page.locator("body")).containsText("Challenger v");
            if (reviewer.equals("reviewer.risk")) {
                screenshot("retraining-change-evidence");
            }
            page.locator("#decision-comment textarea").fill(reviewer.equals("reviewer.risk")
                    ? "Re-validated: the challenger holds on the recent labelled traffic" : "Governance: the retraining's evidence is complete");
            page.locator("#approve-change").click();
            // this reviewer's own decision, not the one before it, before the browser moves on
            String decided = reviewer.equals("reviewer.risk") ? "Rita Moreira (model-risk) approved" : "Gustavo Pires (governance) approved";
            assertThat(page.locator("#change-decisions")).containsText(decided, new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        }

        // the model's page shows the chain, and the challenger goes live
        switchTo("ds.fraud");
        UUID release = people.call("ds.fraud", () -> retraining.recommendation(recommended.id())).deploymentId();
        DeploymentView live = Awaitility.await("the challenger live").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> people.call("ds.fraud", () -> deployments.get(release)), d -> d.state() == DeploymentState.LIVE);
        org.assertj.core.api.Assertions.assertThat(live.modelVersion()).isEqualTo(trained.challengerVersion());
        org.assertj.core.api.Assertions.assertThat(live.name()).isEqualTo("card-fraud-scoring");
        page.navigate("/models/card_fraud");
        assertThat(page.locator("#retraining-policy")).containsText("card-fraud-retrain");
        assertThat(page.locator("#retraining-chain")).containsText("Change request");
        assertThat(page.locator("#retraining-chain")).containsText("Release");
        assertThat(page.locator("#retraining-chain")).containsText("Version v" + trained.challengerVersion());
        screenshot("retraining-model-chain");
        page.setViewportSize(390, 844);
        // the model page is longer than a shot: the section itself, on a phone
        page.locator("#retraining-section").screenshot(new Locator.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("retraining-model-section-phone.png")));
        page.setViewportSize(1280, 800);

        // another area's manager does not find it
        switchTo("manager.credit");
        page.navigate("/training/recommendations/" + recommended.id());
        assertThat(page.locator("#not-found-what")).containsText("There is no retraining recommendation");
    }

    private Optional<RecommendationView> recommendation(UUID fraud) {
        return people.call("ds.fraud", () -> {
            try {
                ModelView model = registry.getByName("card_fraud", fraud);
                return retraining.ofModel(model.id()).stream().filter(r -> r.state().equals("OPEN")).findFirst();
            } catch (io.esteira.shared.NotFoundException e) {
                return Optional.empty(); // the demo model is still being trained
            }
        });
    }
}
