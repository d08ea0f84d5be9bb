package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.security.SystemActor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A data scientist deploys the demo model from its version page through the wizard; the model-risk
 * and governance reviewers approve the change in the browser; she sees it live under Deployments;
 * an application calls it with a token of the area and the list's call count moves by itself; she
 * retires it with a reason. A pipeline's model, live at v1, gets v2 as a canary through the wizard,
 * which she rolls back in one action. Another area's data scientist finds nothing.
 */
class DeploymentsIT extends PortalIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final LocatorAssertions.IsVisibleOptions LONG = new LocatorAssertions.IsVisibleOptions().setTimeout(90_000);
    private static final LocatorAssertions.ContainsTextOptions REFRESHED = new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);
    private static final String NAME = "card-fraud-production";
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    @Autowired
    ApiTokenService tokens;
    @Autowired
    AreaService areas;

    @Test
    void a_deployment_requested_in_the_wizard_is_approved_served_and_its_calls_counted_live() throws Exception {
        UUID fraud = SystemActor.call(areas::myAreas).stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        String token = SystemActor.call(() -> tokens.create(new TokenRequest("fraud-app-e2e", fraud, LocalDate.now().plusDays(2), true))).secret();
        // the demo model is trained at start-up and gated in the background
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get("/api/v1/models/card_fraud/versions/1", token), r -> r.statusCode() == 200 && r.body().contains("\"PASSED\""));

        signIn("ds.fraud");
        page.navigate("/deployments");
        assertThat(page.locator("#deployments-empty")).containsText("Deploy…");
        screenshot("deployments-empty");

        // from the version that passed its gates: Deploy…
        page.navigate("/models/card_fraud");
        assertThat(page.locator("#deploy-version")).isVisible(LONG);
        page.locator("#deploy-version").click();
        page.waitForURL("**/deployments/new?version=**");
        assertThat(page.locator("#deployment-name input")).hasValue("card-fraud-staging");
        page.locator("#deployment-environment vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Production")).click();
        assertThat(page.locator("#deployment-name input")).hasValue(NAME);

        // a bad name is refused next to the field, and the wizard stays on its step
        page.locator("#deployment-name input").fill("Card Fraud!");
        page.locator("#deployment-next").click();
        assertThat(page.locator("#deployment-name")).hasAttribute("invalid", "");
        assertThat(page.locator("#deployment-name")).containsText("Not a valid name");
        screenshot("deployment-wizard-bad-name");
        page.locator("#deployment-name input").fill(NAME);
        assertThat(page.locator("#deployment-endpoint-note")).containsText("/api/v1/serving/" + NAME);
        screenshot("deployment-wizard-endpoint");
        page.locator("#deployment-next").click();

        // batch asks for its input, output table and schedule (the schedules' own step); this one is online
        assertThat(page.locator("#deployment-steps [aria-current=step]")).containsText("Mode");
        screenshot("deployment-wizard-mode");
        page.locator("#deployment-mode vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Batch")).click();
        screenshot("deployment-wizard-batch");
        assertThat(page.locator("#batch-output-table")).isVisible();
        assertThat(page.locator("#batch-next-fires li")).hasCount(5);
        page.locator("#deployment-mode vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Online, synchronous")).click();
        assertThat(page.locator("#batch-output-table")).hasCount(0);
        page.locator("#deployment-next").click();

        // a first release cannot be a canary: nothing is live to split the calls with
        assertThat(page.locator("#deployment-rollout")).containsText("has none");
        assertThat(page.locator("#deployment-cpu")).hasCount(0);
        screenshot("deployment-wizard-resources");
        page.locator("#deployment-next").click();

        page.locator("#deployment-justification textarea").fill("short");
        page.locator("#deployment-next").click();
        assertThat(page.locator("#deployment-justification")).hasAttribute("invalid", "");
        assertThat(page.locator("#deployment-rollback")).hasAttribute("invalid", "");
        page.locator("#deployment-justification textarea").fill("Card fraud scores for the authorisation flow, replacing the rules engine");
        page.locator("#deployment-rollback textarea").fill("Retire the deployment; the rules engine answers again");
        assertThat(page.locator("#deployment-policy")).containsText("normal change");
        screenshot("deployment-wizard-window");
        page.locator("#deployment-next").click();
        assertThat(page.locator("#deployment-review")).containsText(NAME);
        assertThat(page.locator("#deployment-review")).containsText("online, synchronous");
        screenshot("deployment-wizard-review");
        page.locator("#deployment-submit").click();

        // the release page: pending approval, with its change request
        page.waitForURL(url -> url.matches(".*/deployments/[0-9a-f-]{36}$"));
        String release = page.url().substring(page.url().lastIndexOf('/') + 1);
        assertThat(page.locator("#release-state")).hasText("Pending approval");
        assertThat(page.locator("#release-change")).containsText("normal change, submitted");
        assertThat(page.locator("#release-curl")).containsText("/api/v1/serving/" + NAME + "/predict");
        assertThat(page.locator("#rollback-release")).isDisabled();
        assertThat(page.locator("#retire-release")).isDisabled();
        screenshot("deployment-pending-approval");
        String change = page.locator("#release-change-link").getAttribute("href");
        org.assertj.core.api.Assertions.assertThat(predict(token, 1).statusCode()).as("nothing serves before approval").isEqualTo(409);

        // a reviewer reads the version's evidence before the form that asks their decision; the link opens the release
        readTheEvidence(change, release);

        // the model-risk reviewer, then the governance reviewer, approve in the browser
        approveAsReviewers(change, NAME, "deployment-change");

        // the requester sees it live, without reloading
        switchTo("ds.fraud");
        page.navigate("/deployments");
        Locator live = page.locator("#deployment-" + NAME + "-v1-live");
        assertThat(live).isVisible(LONG);
        Locator calls = page.locator("#calls-" + release);
        assertThat(calls).containsText("0 calls");
        assertThat(page.locator("#deployments-grid")).containsText("100% v1");
        screenshot("deployments-live");

        // an application calls it with a token of the area: the count moves by itself
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> answer = predict(token, 3);
            org.assertj.core.api.Assertions.assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        org.assertj.core.api.Assertions.assertThat(predict(token, 0).statusCode()).as("no rows").isEqualTo(400);
        assertThat(calls).containsText("13 calls", REFRESHED);
        assertThat(calls.locator(".calls-per-minute")).not().hasText("0");
        screenshot("deployments-calls-counted");

        // the release page: its figures, how to call it; no previous version to roll back to
        live.click();
        page.waitForURL("**/deployments/" + release);
        assertThat(page.locator("#release-state")).hasText("Live");
        assertThat(page.locator("#figure-calls")).containsText("13");
        assertThat(page.locator("#figure-error-rate")).containsText("%");
        assertThat(page.locator("#rollback-release")).isDisabled();
        assertThat(page.locator("#rollback-release-why")).hasAttribute("title", NAME + " has no previous live version to roll back to");
        assertThat(page.locator("#release-history")).containsText("v1");
        screenshot("deployment-live");
        predict(token, 2);
        assertThat(page.locator("#figure-calls")).containsText("14", REFRESHED);

        // retired with a reason: it serves nothing any more
        page.locator("#retire-release").click();
        page.locator("#retire-dialog-reason textarea").fill("too short");
        page.locator("#retire-dialog-confirm").click();
        assertThat(page.locator("#retire-dialog-reason")).hasAttribute("invalid", "");
        page.locator("#retire-dialog-reason textarea").fill("The rules engine takes the calls again during the fraud review");
        screenshot("deployment-retire-dialog");
        page.locator("#retire-dialog-confirm").click();
        assertThat(page.locator("#release-state")).hasText("Retired", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(page.locator("#release-reason")).containsText("The rules engine takes the calls again");
        screenshot("deployment-retired");
        org.assertj.core.api.Assertions.assertThat(predict(token, 1).statusCode()).as("a retired deployment answers no calls").isEqualTo(409);

        // a pipeline's model has v1 live (requested through the API); v2 goes out as a canary beside it, then is rolled back in one action
        String model = "card-fraud-challenger-" + UUID.randomUUID().toString().substring(0, 6);
        String endpoint = model + "-production";
        String[] versionIds = registerModelWithTwoVersions(token, model);
        HttpResponse<String> requested = post("/api/v1/deployments", token, """
                {"versionId": "%s", "name": "%s", "environment": "PRODUCTION",
                 "justification": "The challenger model, first release through the pipeline", "rollbackPlan": "Retire it"}"""
                .formatted(versionIds[0], endpoint));
        org.assertj.core.api.Assertions.assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        String first = JSON.readTree(requested.body()).get("changeId").asString();
        approveAsReviewers("changes/" + first, endpoint, "deployment-pipeline-change");
        switchTo("ds.fraud");
        page.navigate("/models/" + model + "?version=2");
        assertThat(page.locator("#deploy-version")).isVisible(LONG);
        page.locator("#deploy-version").click();
        page.waitForURL("**/deployments/new?version=**");
        page.locator("#deployment-environment vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Production")).click();
        page.locator("#deployment-name input").fill(endpoint);
        assertThat(page.locator("#deployment-endpoint-note")).containsText("A new release of " + endpoint);
        assertThat(page.locator("#deployment-endpoint-note")).containsText("v1 live now", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        page.locator("#deployment-next").click();
        assertThat(page.locator("#deployment-mode")).isVisible();
        page.locator("#deployment-next").click();
        // the resources step reads the endpoint again: v1 is still live, so a canary is offered (on a busy machine the
        // step may have read it a moment before; going back and forth reads it again)
        for (int attempt = 0; attempt < 5 && page.locator("#deployment-rollout").innerText().contains("has none"); attempt++) {
            page.waitForTimeout(1_000);
            page.locator("#deployment-back").click();
            page.locator("#deployment-next").click();
        }
        assertThat(page.locator("#deployment-rollout")).not().containsText("has none");
        page.locator("#deployment-rollout vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Canary")).click();
        page.locator("#deployment-canary-percent input").fill("50");
        screenshot("deployment-wizard-canary");
        page.locator("#deployment-next").click();
        page.locator("#deployment-justification textarea").fill("Retrained on November's transactions; half the calls first");
        page.locator("#deployment-rollback textarea").fill("Roll back to v1 in the portal: one action, pre-approved");
        page.locator("#deployment-next").click();
        assertThat(page.locator("#deployment-review")).containsText("canary taking 50% of the calls");
        page.locator("#deployment-submit").click();
        page.waitForURL(url -> url.matches(".*/deployments/[0-9a-f-]{36}$"));
        String canary = page.url().substring(page.url().lastIndexOf('/') + 1);
        assertThat(page.locator("#release-state")).hasText("Pending approval");
        approveAsReviewers(page.locator("#release-change-link").getAttribute("href"), endpoint, "deployment-canary-change");

        switchTo("ds.fraud");
        page.navigate("/deployments");
        assertThat(page.locator("#deployment-" + endpoint + "-v2-live")).isVisible(LONG);
        assertThat(page.locator("#deployments-grid")).containsText("50% v1 · 50% v2");
        for (int i = 0; i < 6; i++) {
            org.assertj.core.api.Assertions.assertThat(predict(endpoint, token, 1).statusCode()).isEqualTo(200);
        }
        screenshot("deployments-canary");
        page.navigate("/deployments/" + canary);
        assertThat(page.locator("#promote-release")).isEnabled();
        assertThat(page.locator("#rollback-release")).hasText("Roll back to v1");
        screenshot("deployment-canary");
        page.locator("#rollback-release").click();
        page.locator("#rollback-dialog-reason textarea").fill("The canary's alerts double the fraud team's queue");
        screenshot("deployment-rollback-dialog");
        page.locator("#rollback-dialog-confirm").click();
        page.waitForURL(url -> url.matches(".*/deployments/[0-9a-f-]{36}$") && !url.endsWith(canary));
        assertThat(page.locator("#release-title")).hasText(endpoint);
        assertThat(page.locator("#release-state")).hasText("Live", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(page.locator("#release-change")).containsText("standard change");
        assertThat(page.locator("#release-settings")).containsText("rollback to the previous live version");
        assertThat(page.locator("#release-history")).containsText("canary taking 50% of the calls");
        screenshot("deployment-rolled-back");
        org.assertj.core.api.Assertions.assertThat(predict(endpoint, token, 1).body()).contains("\"modelVersion\":1");
        page.locator("#retire-release").click();
        page.locator("#retire-dialog-reason textarea").fill("The challenger is not needed after the review");
        page.locator("#retire-dialog-confirm").click();
        assertThat(page.locator("#release-state")).hasText("Retired", new LocatorAssertions.HasTextOptions().setTimeout(20_000));

        page.navigate("/deployments");
        // retired releases leave the list (other journeys' deployments may stay in it)
        assertThat(page.locator("#deployments-grid")).isVisible();
        assertThat(page.locator("#deployment-" + NAME + "-v1-retired")).hasCount(0);
        assertThat(page.locator("#deployment-" + endpoint + "-v2-retired")).hasCount(0);
        page.locator("#show-retired").click();
        assertThat(page.locator("#deployment-" + NAME + "-v1-retired")).isVisible();
        assertThat(page.locator("#deployment-" + endpoint + "-v2-retired")).isVisible();
        screenshot("deployments-with-retired");

        // another area's data scientist finds nothing
        switchTo("ds.credit");
        page.navigate("/deployments/" + release);
        assertThat(page.locator("#not-found-view")).isVisible();
        page.navigate("/deployments");
        page.locator("#show-retired").click();
        assertThat(page.locator("#deployments-empty")).isVisible();
    }

    @Test
    void a_batch_release_shows_its_schedule_and_runs_and_runs_now_from_its_page() throws Exception {
        UUID fraud = SystemActor.call(areas::myAreas).stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        String token = SystemActor.call(() -> tokens.create(new TokenRequest("fraud-batch-e2e", fraud, LocalDate.now().plusDays(2), true))).secret();
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get("/api/v1/models/card_fraud/versions/1", token), r -> r.statusCode() == 200 && r.body().contains("\"PASSED\""));
        String model = "card-fraud-nightly-" + UUID.randomUUID().toString().substring(0, 6);
        String endpoint = model + "-scores";
        String[] versionIds = registerModelWithTwoVersions(token, model);
        HttpResponse<String> requested = post("/api/v1/deployments", token, """
                {"versionId": "%s", "name": "%s", "environment": "STAGING", "mode": "BATCH",
                 "batch": {"input": "FEATURE_GROUP", "featureGroup": "latest_card_transaction", "outputTable": "nightly_scores",
                           "cron": "0 30 2 * * ?", "zone": "Europe/Lisbon"},
                 "justification": "Nightly fraud scores of every card for the investigators' queue", "rollbackPlan": "Retire it"}"""
                .formatted(versionIds[0], endpoint));
        org.assertj.core.api.Assertions.assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        String release = JSON.readTree(requested.body()).get("id").asString();
        approveAsReviewers("changes/" + JSON.readTree(requested.body()).get("changeId").asString(), endpoint, "deployment-batch-change");

        switchTo("ds.fraud");
        page.navigate("/deployments/" + release);
        assertThat(page.locator("#release-state")).hasText("Live", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(page.locator("#batch-schedule")).containsText("active", REFRESHED);
        page.locator("#batch-run-now").click();
        assertThat(page.locator("#batch-runs")).containsText("succeeded", new LocatorAssertions.ContainsTextOptions().setTimeout(90_000));
        assertThat(page.locator("#release-settings")).containsText("nightly_scores");
        screenshot("deployment-batch");

        // retired: the schedule is paused and nothing is live to run with
        page.locator("#retire-release").click();
        page.locator("#retire-dialog-reason textarea").fill("The investigators' queue moved to the new case tool");
        page.locator("#retire-dialog-confirm").click();
        assertThat(page.locator("#release-state")).hasText("Retired", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(page.locator("#batch-schedule")).containsText("paused", REFRESHED);
        assertThat(page.locator("#batch-run-now")).isDisabled();
        screenshot("deployment-batch-retired");
    }

    /** The model-risk reviewer, then the governance reviewer, approve the change request in the browser. */
    private void readTheEvidence(String change, String release) {
        switchTo("reviewer.risk");
        page.navigate("/" + change);
        Locator evidence = page.locator("#change-evidence");
        for (String title : List.of("Deployment", "Model card", "Quality gates", "Metrics against", "Data lineage")) {
            assertThat(evidence.locator("h3").filter(new Locator.FilterOptions().setHasText(title)).first()).isVisible();
        }
        assertThat(evidence).containsText("Rollback plan");
        Object formAfterEvidence = page.evaluate("() => !!(document.querySelector('#change-evidence')"
                + ".compareDocumentPosition(document.querySelector('#decision-panel')) & Node.DOCUMENT_POSITION_FOLLOWING)");
        org.assertj.core.api.Assertions.assertThat(formAfterEvidence).as("the decision form comes after the evidence").isEqualTo(true);
        screenshot("deployment-change-request");
        BrowserContext phone = newContext(390, 844);
        try {
            Page small = phone.newPage();
            new LoginPage(small).open().signIn("reviewer.risk", "demo");
            small.navigate("/" + change);
            assertThat(small.locator("#decision-panel")).isVisible();
            screenshot(small, "deployment-change-request-phone");
        } finally {
            phone.close();
        }
        assertThat(page.locator("#change-subject-link")).hasText("Open the deployment");
        page.locator("#change-subject-link").click();
        page.waitForURL("**/deployments/" + release);
        assertThat(page.locator("#release-title")).hasText(NAME);
    }

    private void approveAsReviewers(String change, String name, String shots) {
        for (String reviewer : List.of("reviewer.risk", "reviewer.gov")) {
            switchTo(reviewer);
            page.navigate("/approvals");
            assertThat(page.locator("#queue-grid")).containsText(name);
            page.navigate("/" + change);
            assertThat(page.locator("#change-subject")).containsText(name);
            page.locator("#decision-comment textarea").fill(reviewer + ": settings and gates read, fine for online scoring");
            page.locator("#approve-change").click();
            assertThat(page.locator("#change-decisions")).containsText(reviewer.equals("reviewer.risk") ? "(model-risk) approved" : "(governance) approved");
            screenshot(shots + "-" + reviewer.replace('.', '-'));
        }
    }

    /** A model of Fraud's pipeline with two versions from the demo model's bytes; answers their ids once both passed their gates. */
    private String[] registerModelWithTwoVersions(String token, String model) throws Exception {
        HttpResponse<String> created = post("/api/v1/models", token, """
                {"name": "%s", "useCase": "Card fraud alerts, challenger", "riskTier": 2,
                 "thresholds": [{"metric": "auc", "operator": ">=", "value": 0.65}]}""".formatted(model));
        org.assertj.core.api.Assertions.assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        byte[] onnx = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/models/card_fraud/versions/1/artifact"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        String metadata = """
                {"signature": {"inputs": [{"name": "amount", "type": "float", "shape": [-1, 1]},
                                          {"name": "merchant_category", "type": "string", "shape": [-1, 1]},
                                          {"name": "channel", "type": "string", "shape": [-1, 1]}],
                               "outputs": [{"name": "fraud_probability", "type": "float", "shape": [-1, 1]}]},
                 "metrics": {"auc": 0.7172}, "lineage": {"featureGroups": [{"name": "latest_card_transaction", "version": 1}]},
                 "commit": "b1c2d3e4f5a6", "modelCard": "# Card fraud, challenger", "sha256": "%s"}"""
                .formatted(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(onnx)));
        String[] ids = new String[2];
        for (int n = 1; n <= 2; n++) {
            String boundary = "----esteira" + UUID.randomUUID();
            List<byte[]> parts = new ArrayList<>();
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                    + metadata + "\r\n").getBytes(StandardCharsets.UTF_8));
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"model.onnx\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            parts.add(onnx);
            parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/models/" + model + "/versions"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build(), HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            String path = "/api/v1/models/" + model + "/versions/" + n;
            HttpResponse<String> gated = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get(path, token), r -> r.body().contains("\"gates\":\"PASSED\""));
            ids[n - 1] = JSON.readTree(gated.body()).get("id").asString();
        }
        return ids;
    }

    private HttpResponse<String> predict(String token, int rows) throws Exception {
        return predict(NAME, token, rows);
    }

    private HttpResponse<String> predict(String endpoint, String token, int rows) throws Exception {
        String[] categories = {"groceries", "travel", "electronics", "gambling"};
        String[] channels = {"chip", "contactless", "online"};
        List<String> body = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            body.add("{\"amount\": " + (12.5 + i * 40) + ", \"merchant_category\": \"" + categories[i % categories.length] + "\", \"channel\": \""
                    + channels[i % channels.length] + "\"}");
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/serving/" + endpoint + "/predict"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rows\": [" + String.join(", ", body) + "]}", StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
