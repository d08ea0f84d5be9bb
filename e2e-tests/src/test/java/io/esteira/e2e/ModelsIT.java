package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
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
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A pipeline registers a model version through the API; the data scientist finds it under Models,
 * opens it and sees its gates pass, its model card and its way to production; a reviewer reads it.
 */
class ModelsIT extends PortalIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final LocatorAssertions.ContainsTextOptions GATES = new LocatorAssertions.ContainsTextOptions().setTimeout(90_000);

    @Autowired
    ApiTokenService tokens;
    @Autowired
    AreaService areas;

    @Test
    void a_version_registered_by_a_pipeline_passes_its_gates_and_shows_its_evidence() throws Exception {
        UUID fraud = SystemActor.call(areas::myAreas).stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        String token = SystemActor.call(() -> tokens.create(new TokenRequest("fraud-pipeline-e2e", fraud, LocalDate.now().plusDays(2), true))).secret();

        // the demo model's artifact, trained at start-up, is what this pipeline ships again
        byte[] onnx = Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get("/api/v1/models/card_fraud/versions/1/artifact", token), r -> r.statusCode() == 200).body();
        String name = "card-fraud-authorisation-scoring-for-online-and-contactless-" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<byte[]> created = post("/api/v1/models", token, "application/json", ("""
                {"name": "%s", "description": "Scores card transactions at authorisation so that the fraud team reviews the riskiest first.",
                 "useCase": "Card fraud alerts", "riskTier": 1,
                 "thresholds": [{"metric": "auc", "operator": ">=", "value": 0.65}, {"metric": "log_loss", "operator": "<=", "value": 0.2}]}
                """.formatted(name)).getBytes(StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        String metadata = """
                {"signature": {"inputs": [{"name": "amount", "type": "float", "shape": [-1, 1]},
                                          {"name": "merchant_category", "type": "string", "shape": [-1, 1]},
                                          {"name": "channel", "type": "string", "shape": [-1, 1]}],
                               "outputs": [{"name": "fraud_probability", "type": "float", "shape": [-1, 1]}]},
                 "metrics": {"auc": 0.74, "log_loss": 0.041, "accuracy": 0.993},
                 "parameters": {"trainer": "logistic regression", "epochs": "5"},
                 "lineage": {"featureGroups": [{"name": "latest_card_transaction", "version": 1}], "trainingSet": "s3://fraud/training/2026-11-30.parquet"},
                 "commit": "4f2c9e1a7b3d5f60718293a4b5c6d7e8f9012345", "ciRunUrl": "https://ci.bank.example/fraud/card-fraud/runs/1187",
                 "modelCard": "# Card fraud at authorisation\\n\\nScores **every** card transaction.\\n\\n| metric | value |\\n|---|---|\\n| auc | 0.74 |\\n\\n<script>alert('x')</script>",
                 "sha256": "%s"}""".formatted(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx)));
        HttpResponse<byte[]> registered = multipart("/api/v1/models/" + name + "/versions", token, metadata, onnx);
        org.assertj.core.api.Assertions.assertThat(registered.statusCode()).as(new String(registered.body(), StandardCharsets.UTF_8)).isEqualTo(201);

        signIn("ds.fraud");
        page.navigate("/models");
        assertThat(page.locator("#models-grid")).containsText(name);
        assertThat(page.locator("#models-grid")).containsText("card_fraud");
        assertThat(page.locator("#models-grid")).containsText("gates passed", GATES);
        screenshot("models-list");

        page.locator("#models-grid").getByText(name).click();
        page.waitForURL("**/models/" + name + "**");
        assertThat(page.locator("#model-title")).hasText(name);
        assertThat(page.locator("#gate-results")).containsText("Smoke prediction", GATES);
        assertThat(page.locator("#gates-summary")).containsText("Every gate passed");
        assertThat(page.locator("#gate-results")).not().containsText("failed");
        assertThat(page.locator("#model-card h1")).hasText("Card fraud at authorisation");
        assertThat(page.locator("#model-card")).containsText("<script>alert('x')</script>");
        assertThat(page.locator("#model-card script")).hasCount(0);
        assertThat(page.locator("#pipeline-step-0")).containsText("Registered");
        assertThat(page.locator("#pipeline-step-0")).containsText("svc.fraud-pipeline-e2e");
        assertThat(page.locator("#pipeline-step-1")).hasAttribute("data-state", "DONE");
        assertThat(page.locator("#pipeline-step-2")).containsText("not yet");
        assertThat(page.locator("#version-lineage")).containsText("latest_card_transaction v1");
        assertThat(page.locator("#version-metrics")).containsText("auc");
        screenshot("model-version");

        // point champion at the version, with a confirmation
        page.locator("#set-alias").click();
        page.locator("#alias-continue").click();
        page.locator("#alias-confirm").getByText("Move champion").click();
        assertThat(page.locator("#versions-grid")).containsText("champion");
        screenshot("model-version-champion");

        // the lineage leads to the feature group
        page.locator("#version-lineage").getByText("latest_card_transaction v1").click();
        page.waitForURL("**/feature-groups/latest_card_transaction");

        // a new model is checked next to its fields before it is created
        page.navigate("/models");
        page.locator("#new-model").click();
        page.locator("#model-name input").fill("Card Fraud!");
        page.locator("#create-model").click();
        assertThat(page.locator("#model-name")).hasAttribute("invalid", "");
        assertThat(page.locator("#model-use-case")).hasAttribute("invalid", "");
        page.locator("#model-thresholds textarea").fill("auc >= 0.70\nthis is no threshold");
        page.locator("#model-name input").click();
        screenshot("new-model-invalid");
        String empty = "merchant-risk-" + UUID.randomUUID().toString().substring(0, 6);
        page.locator("#model-name input").fill(empty);
        page.locator("#model-use-case input").fill("Merchant onboarding risk");
        page.locator("#model-thresholds textarea").fill("auc >= 0.70");
        page.locator("#model-risk-tier vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("3")).click();
        page.locator("#create-model").click();
        page.waitForURL("**/models/" + empty + "**");
        assertThat(page.locator("#no-versions")).isVisible();
        screenshot("model-without-versions");

        // a reviewer reads every area's models
        switchTo("reviewer.gov");
        page.navigate("/models");
        assertThat(page.locator("#models-grid")).containsText(name);
        assertThat(page.locator("#models-grid")).containsText("Fraud");
        assertThat(page.locator("#new-model")).isHidden();
        screenshot("models-reviewer");
        page.locator("#models-grid").getByText(name).click();
        assertThat(page.locator("#gates-summary")).containsText("Every gate passed");
        assertThat(page.locator("#set-alias")).hasCount(0);

        // the demo model, trained at start-up by its training job: champion, its card rendered
        page.navigate("/models");
        page.locator("#models-grid").getByText("card_fraud", new Locator.GetByTextOptions().setExact(true)).click();
        assertThat(page.locator("#version-title")).hasText("Version 1");
        assertThat(page.locator("#model-card h1").first()).containsText("trained by the portal");
        assertThat(page.locator("#model-card h2").first()).hasText("Logistic regression (Tribuo)");
        assertThat(page.locator("#version-detail")).containsText("This version is the champion");
        screenshot("model-demo");

        // another area's data scientist is told it does not exist
        switchTo("ds.credit");
        page.navigate("/models/" + name);
        assertThat(page.locator("#not-found-what")).containsText("There is no model");
    }

    @Test
    void a_version_reaches_production_approval_through_a_risk_and_a_governance_reviewer() throws Exception {
        UUID fraud = SystemActor.call(areas::myAreas).stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        String token = SystemActor.call(() -> tokens.create(new TokenRequest("fraud-release-e2e", fraud, LocalDate.now().plusDays(2), true))).secret();
        byte[] onnx = Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get("/api/v1/models/card_fraud/versions/1/artifact", token), r -> r.statusCode() == 200).body();
        String name = "card-fraud-release-" + UUID.randomUUID().toString().substring(0, 6);
        org.assertj.core.api.Assertions.assertThat(post("/api/v1/models", token, "application/json", ("""
                {"name": "%s", "useCase": "Card fraud alerts", "riskTier": 2,
                 "thresholds": [{"metric": "auc", "operator": ">=", "value": 0.65}]}""".formatted(name)).getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(201);
        String metadata = """
                {"signature": {"inputs": [{"name": "amount", "type": "float", "shape": [-1, 1]},
                                          {"name": "merchant_category", "type": "string", "shape": [-1, 1]},
                                          {"name": "channel", "type": "string", "shape": [-1, 1]}],
                               "outputs": [{"name": "fraud_probability", "type": "float", "shape": [-1, 1]}]},
                 "metrics": {"auc": 0.72}, "lineage": {"featureGroups": [{"name": "latest_card_transaction", "version": 1}]},
                 "commit": "9a8b7c6d5e4f", "modelCard": "# Card fraud, release candidate", "sha256": "%s"}"""
                .formatted(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx)));
        org.assertj.core.api.Assertions.assertThat(multipart("/api/v1/models/" + name + "/versions", token, metadata, onnx).statusCode())
                .isEqualTo(201);

        // the data scientist proposes the version for production; the policy makes it a normal change
        signIn("ds.fraud");
        page.navigate("/models/" + name);
        assertThat(page.locator("#gates-summary")).containsText("Every gate passed", GATES);
        page.reload();
        page.locator("#request-change").click();
        page.locator("#change-environment vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Production")).click();
        assertThat(page.locator("#change-policy")).containsText("a model-risk reviewer and a governance reviewer");
        page.locator("#change-justification textarea").fill("short");
        page.locator("#change-submit").click();
        assertThat(page.locator("#change-justification")).hasAttribute("invalid", "");
        page.locator("#change-justification textarea").fill("Replaces the rules engine for card fraud alerts at authorisation");
        page.locator("#change-rollback textarea").fill("Move the champion alias back to card_fraud v1 and redeploy it");
        screenshot("model-request-change");
        page.locator("#change-submit").click();
        page.waitForURL("**/changes/**");
        String change = page.url().substring(page.url().indexOf("/changes/"));
        assertThat(page.locator("#change-state")).containsText("ubmitted");
        assertThat(page.locator("#change-type")).containsText("ormal");
        screenshot("model-change-submitted");

        // the model-risk reviewer, then the governance reviewer, approve with their comments
        for (String reviewer : List.of("reviewer.risk", "reviewer.gov")) {
            switchTo(reviewer);
            page.navigate("/approvals");
            assertThat(page.locator("#approvals-view")).containsText(name);
            page.navigate(change);
            assertThat(page.locator("body")).containsText("Card fraud, release candidate");
            page.locator("#decision-comment textarea").fill(reviewer + ": the evidence supports this release");
            page.locator("#approve-change").click();
            assertThat(page.locator("#change-decisions")).containsText("approved");
            screenshot("model-change-" + reviewer.replace('.', '-'));
        }
        assertThat(page.locator("#change-state")).containsText("pproved");

        // the requester sees the approval on the version and its way to production
        switchTo("ds.fraud");
        page.navigate("/models/" + name);
        assertThat(page.locator("#versions-grid")).containsText("production: approved");
        assertThat(page.locator("#pipeline-step-5")).hasAttribute("data-state", "DONE");
        assertThat(page.locator("#version-changes")).containsText("production · normal · approved");
        screenshot("model-version-approved");
    }

    private HttpResponse<byte[]> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path, String token, String type, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> multipart(String path, String token, String metadata, byte[] artifact) throws Exception {
        String boundary = "----esteira" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + metadata + "\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"model.onnx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(artifact);
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
