package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.DemoWarehouse;
import io.esteira.features.FeatureGroupService;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A data scientist sets up a training job with the wizard (previewing its training set and reading what a run costs before
 * creating it), runs it after seeing its estimate, follows its live log to the end and opens the version it registered;
 * another area's data scientist is told the job does not exist.
 */
class TrainingIT extends PortalIT {

    private static final LocatorAssertions.ContainsTextOptions SLOW = new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);
    private static final String GROUP = "latest_card_transaction";

    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    ModelRegistry registry;
    @Autowired
    AreaService areas;
    @Autowired
    io.esteira.training.TrainingService training;

    @Test
    void a_data_scientist_creates_a_training_job_with_the_wizard_runs_it_and_watches_it_register_a_version() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> SystemActor.call(() -> {
            try {
                return warehouse.progress().finished() && featureGroups.getByName(GROUP).latestPublished().isPresent();
            } catch (NotFoundException e) {
                return false;
            }
        }));
        // the demo's training job and its first run, set up once the demo feature group is published
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> SystemActor.call(() -> {
            UUID fraud = areas.myAreas().stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
            try {
                return training.runs(training.jobByName(fraud, "card-fraud-weekly").id(), org.springframework.data.domain.PageRequest.of(0, 1))
                        .stream().anyMatch(r -> r.state().equals("SUCCEEDED"));
            } catch (NotFoundException e) {
                return false;
            }
        }));
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String modelName = "fraud_weekly_" + suffix;
        String job = "fraud-retrain-" + suffix;
        SystemActor.run(() -> {
            UUID fraud = areas.myAreas().stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
            registry.create(new ModelDraft(fraud, modelName, "Retrained by a training job", "Card fraud alerts", 3, null, List.of()));
        });

        signIn("ds.fraud");
        page.navigate("/training");
        assertThat(page.locator("#training-view h1")).hasText("Training");
        // the demo's job and its first run, set up once the demo feature group is published
        assertThat(page.locator("#training-jobs-grid")).containsText("card-fraud-weekly", SLOW);
        assertThat(page.locator("#training-runs-grid")).containsText("succeeded");
        screenshot("training-list");
        page.setViewportSize(390, 844);
        screenshot("training-list-phone");
        page.setViewportSize(1280, 800);
        page.locator("#new-training-job").click();

        // 1 · the job: a wrong name is explained on its field
        page.locator("#training-name input").fill("Fraud Retrain!");
        page.locator("#training-next").click();
        assertThat(page.locator("#training-name")).containsText("no capitals or spaces");
        page.locator("#training-name input").fill(job);
        page.locator("#training-model input").fill(modelName);
        page.locator("vaadin-combo-box-item").filter(text(modelName)).first().click();
        page.locator("#training-description textarea").fill("Retrains the fraud score on the latest card transactions");
        page.locator("#training-next").click();

        // 2 · code: a Git repository's address is checked on its field against what the administrator allows
        page.locator("#training-source-kind vaadin-radio-button").filter(text("A Git repository")).click();
        page.locator("#training-git-url input").fill("https://github.com/someone/models.git");
        page.locator("#training-git-ref input").click();
        assertThat(page.locator("#training-git-url")).containsText(Pattern.compile("administrator"));
        assertThat(page.locator("#training-git-ref input")).hasValue("main");
        screenshot("training-wizard-code-git");
        page.setViewportSize(390, 844);
        screenshot("training-wizard-code-git-phone");
        page.setViewportSize(1280, 800);
        // the sample and its entrypoint are offered
        page.locator("#training-source-kind vaadin-radio-button").filter(text("A sample of the portal")).click();
        assertThat(page.locator("#training-sample")).containsText("logistic-regression");
        assertThat(page.locator("#training-entrypoint input")).hasValue("train.py");
        page.locator("#training-next").click();

        // 3 · how it runs: parameters are name=value lines
        page.locator("#training-parameters textarea").fill("C 0.5");
        page.locator("#training-next").click();
        assertThat(page.locator("#training-parameters")).containsText("is not name=value");
        page.locator("#training-parameters textarea").fill("C=0.5");
        page.locator("#training-next").click();

        // 4 · the training set, previewed in the background
        page.locator("#training-groups input").fill(GROUP);
        page.locator("vaadin-multi-select-combo-box-item").filter(text(GROUP)).first().click();
        page.keyboard().press("Escape");
        for (String feature : List.of("amount", "merchant_category", "channel")) {
            page.locator("#training-features input").fill(feature);
            page.locator("vaadin-multi-select-combo-box-item").filter(text(feature)).first().click();
            page.keyboard().press("Escape");
        }
        page.locator("#training-source").click();
        page.locator("vaadin-select-item").filter(text("Bank warehouse (demo)")).click();
        page.locator("#training-sql textarea").fill("select customer_id, event_time as \"timestamp\", is_fraud as label from bank.card_transactions "
                + "where transaction_id <= 3000 and (is_fraud or mod(transaction_id, 10) = 0)");
        page.locator("#training-label input").fill("label");
        page.locator("#training-preview-run").click();
        assertThat(page.locator("#training-preview-grid")).containsText("merchant_category", SLOW);
        assertThat(page.locator("#training-preview-progress")).containsText(Pattern.compile("\\d+ rows · built in"));
        screenshot("training-wizard-training-set");
        page.locator("#training-next").click();

        // 5 · size, time limit and a schedule
        page.locator("#training-size vaadin-radio-button").first().click();
        page.locator("#training-max-minutes input").fill("10");
        page.locator("#training-scheduled").click();
        assertThat(page.locator("#training-schedule-in-words")).containsText("6:00");
        page.locator("#training-next").click();

        // 6 · what a run costs, by the function that bills it, against Fraud's budget
        Locator cost = page.locator("#training-cost");
        assertThat(cost.locator("#price-hour")).hasText(Pattern.compile("^€\\d+\\.\\d{2,4}$"));
        assertThat(cost.locator("#price-run")).hasText(Pattern.compile("^(under )?€\\d+\\.\\d{2,4}$"));
        assertThat(cost.locator("#budget-left")).hasText(Pattern.compile("^-?€[\\d,]+\\.\\d{2}$"));
        assertThat(cost.locator("#cost-basis")).containsText("at most size ");
        assertThat(page.locator("#training-cost-schedule")).containsText(Pattern.compile("about 3\\d times a month"));
        screenshot("training-wizard-cost");
        page.setViewportSize(390, 844);
        screenshot("training-wizard-cost-phone");
        page.setViewportSize(1280, 800);
        page.locator("#training-next").click();

        // 7 · review and create
        assertThat(page.locator("#training-review")).containsText("sample logistic-regression");
        assertThat(page.locator("#training-review")).containsText(GROUP + " (amount, merchant_category, channel)");
        page.locator("#training-save").click();

        // the job's page: its definition and schedule; run it after reading its estimate
        assertThat(page.locator("#training-job-title")).hasText(job);
        assertThat(page.locator("#training-job-definition")).containsText("runs as Bruno Costa");
        page.locator("#training-run-now").click();
        assertThat(page.locator("#training-run-cost #price-run")).hasText(Pattern.compile("^(under )?€\\d+\\.\\d{2,4}$"));
        page.locator("#training-run-start").click();

        // the run's page: the live log to the end, the version it registered, its metrics
        assertThat(page.locator("#training-run-title")).hasText("Run 1 of " + job);
        assertThat(page.locator("#training-run-log")).containsText("[esteira]", SLOW);
        assertThat(page.locator("#training-run-state")).hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
        assertThat(page.locator("#training-run-log")).containsText("Registered " + modelName + " version 1");
        assertThat(page.locator("#training-run-version-link")).hasText("Registered " + modelName + " version 1");
        assertThat(page.locator("#training-run-cost")).hasText(Pattern.compile("^(under )?€\\d+\\.\\d{2,4}$"));
        assertThat(page.locator("#training-run-metrics-figures")).containsText("auc ");
        assertThat(page.locator("#training-run-metrics-chart")).isVisible();
        screenshot("training-run");
        page.setViewportSize(390, 844);
        screenshot("training-run-phone");
        page.setViewportSize(1280, 800);

        page.locator("#training-run-job-link").click();
        assertThat(page.locator("#training-job-runs")).containsText("succeeded");
        assertThat(page.locator("#version-link-1")).hasText(modelName + " v1");
        screenshot("training-job");
        page.setViewportSize(390, 844);
        screenshot("training-job-phone");
        page.setViewportSize(1280, 800);
        String url = page.url();

        // edit: the wizard opens with the job's values; a longer time limit shows in the definition
        page.locator("#training-edit").click();
        assertThat(page.locator("#training-name input")).hasValue(job);
        page.locator("#training-next").click();
        page.locator("#training-next").click();
        assertThat(page.locator("#training-parameters textarea")).hasValue("C=0.5");
        page.locator("#training-next").click();
        assertThat(page.locator("#training-sql textarea")).hasValue(Pattern.compile("^select customer_id"));
        page.locator("#training-next").click();
        page.locator("#training-max-minutes input").fill("20");
        page.locator("#training-next").click();
        page.locator("#training-next").click();
        page.locator("#training-save").click();
        assertThat(page.locator("#training-job-definition")).containsText("stopped after 20 min");

        page.locator("#version-link-1").click();
        assertThat(page.locator("body")).containsText(modelName);

        // another area's data scientist is told there is no such job
        switchTo("ds.credit");
        page.navigate(url);
        assertThat(page.locator("body")).containsText(Pattern.compile("not found|No such|does not exist", Pattern.CASE_INSENSITIVE));
    }

    private static Locator.FilterOptions text(String text) {
        return new Locator.FilterOptions().setHasText(text);
    }
}
