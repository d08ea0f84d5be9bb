package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A data scientist registers a feature group from the demo warehouse, publishes it, and another area finds it. */
class FeatureStoreIT extends PortalIT {

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource portalDatabase;

    @Test
    void a_feature_group_is_registered_with_statistics_published_and_found() throws Exception {
        signIn("ds.credit");
        page.navigate("/features");
        page.locator("#new-feature-group").click();

        // step 1: source and preview; Next before a preview says why
        page.locator("#fg-next").click();
        assertThat(page.locator("#source-error")).containsText("Preview the table or SELECT first");
        page.locator("#fg-source").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("Bank warehouse (demo)")).click();
        page.locator("#fg-mode vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("SELECT")).click();
        page.locator("#fg-sql textarea").fill("delete from bank.card_transactions");
        page.locator("#fg-preview-run").click();
        assertThat(page.locator("#fg-sql")).containsText("Only SELECT");
        // a typo: on the field, where it is, in words; no parser internals
        page.locator("#fg-sql textarea").fill("select customer_id,\n  amount,\nfrom bank.card_transactions");
        page.locator("#fg-preview-run").click();
        assertThat(page.locator("#fg-sql")).containsText("Unexpected ',' at line 2, column 9");
        assertThat(page.locator("#fg-sql")).not().containsText("jsqlparser");
        assertThat(page.locator("#fg-sql")).not().containsText("Exception");
        screenshot("feature-wizard-1-bad-sql");
        // a table the source does not have: its answer in words, without its error codes
        page.locator("#fg-sql textarea").fill("select * from bank.card_transactionz");
        page.locator("#fg-preview-run").click();
        assertThat(page.locator("#fg-sql")).containsText("Table bank.card_transactionz does not exist at line 1, column 15",
                new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#fg-sql")).not().containsText("42102");

        // a long preview runs in the background: progress with the seconds, the button disabled, and Cancel stops the query
        String slow = "select sum(a.amount * b.amount) as n from bank.card_transactions a cross join bank.card_transactions b";
        page.locator("#fg-sql textarea").fill(slow);
        page.locator("#fg-preview-run").click();
        assertThat(page.locator("#fg-previewing-status")).containsText("Reading the first 20 rows");
        assertThat(page.locator("#fg-preview-run")).isDisabled();
        assertThat(page.locator("#fg-previewing-status")).containsText(java.util.regex.Pattern.compile("\\d+ s$"));
        page.locator("#fg-source").click(); // the page answers while the query runs
        page.keyboard().press("Escape");
        screenshot("feature-wizard-1-long-preview");
        page.locator("#fg-previewing-cancel").click();
        assertThat(page.locator("#fg-previewing-status")).hasText("Cancelled: nothing was kept");
        assertThat(page.locator("#fg-preview-run")).isEnabled();
        assertThat(page.locator("#fg-preview-grid")).hasCount(0);
        // the source stopped it: its audit entry says cancelled at once, not a timeout 30 s later
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> new org.springframework.jdbc.core.JdbcTemplate(portalDatabase)
                .queryForObject("select count(*) from audit_event where details like ? and details like ?", Long.class,
                        "%cross join bank.card_transactions b%", "%Cancelled%") > 0);
        screenshot("feature-wizard-1-cancelled");
        page.locator("#fg-mode vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Table")).click();
        page.locator("#fg-table input").fill("card_transactions");
        page.locator("vaadin-combo-box-item").filter(new Locator.FilterOptions().setHasText("bank.card_transactions")).click();
        page.locator("#fg-preview-run").click();
        assertThat(page.locator("#fg-preview-grid")).containsText("merchant_category");
        screenshot("feature-wizard-1-preview");
        page.locator("#fg-next").click();
        assertThat(page.locator("#fg-keys")).isVisible();
        assertThat(page.locator("#fg-keys input")).isFocused(); // the keyboard is in the step's first field

        // step 2: keys and event time
        page.locator("#fg-next").click();
        assertThat(page.locator("#keys-error")).containsText("Pick at least one entity key");
        page.locator("#fg-keys input").fill("customer_id");
        page.locator("vaadin-multi-select-combo-box-item").filter(new Locator.FilterOptions().setHasText("customer_id")).first().click();
        page.keyboard().press("Escape");
        assertThat(page.locator("#fg-keys")).containsText("customer_id");
        page.locator("#fg-event-time").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("event_time")).click();
        screenshot("feature-wizard-2-keys");
        page.locator("#fg-next").click();

        // step 3: features
        assertThat(page.locator("#fg-features")).containsText("amount");
        page.getByLabel("Feature transaction_id").uncheck();
        page.getByLabel("Meaning of amount").fill("Amount of the card transaction");
        page.getByLabel("Unit of amount").fill("EUR");
        page.getByLabel("Personal data merchant_country").check();
        screenshot("feature-wizard-3-features");
        page.locator("#fg-next").click();

        // step 4: a rule the data keeps
        page.getByLabel("Min amount").fill("0");
        screenshot("feature-wizard-4-rules");
        page.locator("#fg-next").click();

        // step 5: a bad name is refused next to the field, then register
        page.locator("#fg-name input").fill("Card Spend!");
        page.locator("#fg-register").click();
        assertThat(page.locator("#fg-name")).hasAttribute("invalid", "");
        String name = "card_spend_" + UUID.randomUUID().toString().substring(0, 6);
        page.locator("#fg-name input").fill(name);
        page.locator("#fg-tags input").fill("cards, spend");
        screenshot("feature-wizard-5-review");
        page.locator("#fg-register").click();

        // the group's page follows its statistics, then publishes
        page.waitForURL("**/feature-groups/" + name);
        assertThat(page.locator("#feature-statistics")).containsText("amount", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        assertThat(page.locator("#feature-histogram")).isVisible();
        assertThat(page.locator("#feature-group-freshness")).containsText("Latest event");
        page.locator("#publish-version").click();
        assertThat(page.locator("#feature-group-version")).containsText("published");
        screenshot("feature-group-published");

        // a point-in-time training set: upload entity keys with times, download the joined rows
        tab("Training set").click();
        java.nio.file.Path request = java.nio.file.Files.createTempFile("entities", ".csv");
        java.nio.file.Files.writeString(request, "customer_id,timestamp\n1,2026-06-01T00:00:00Z\n2,2025-10-01T00:00:00Z\n");
        page.locator("#training-upload input[type=file]").setInputFiles(request);
        assertThat(page.locator("#training-download")).containsText("2 rows");
        com.microsoft.playwright.Download download = page.waitForDownload(() -> page.locator("#training-download").click());
        String csv = java.nio.file.Files.readString(download.path());
        org.assertj.core.api.Assertions.assertThat(csv).startsWith("customer_id,timestamp,feature_event_time,amount,")
                .contains("\n2,2025-10-01T00:00:00Z,,");
        screenshot("feature-group-training-set");

        // online: the publication refreshed it; look a customer up, then an invalid one
        tab("Online").click();
        assertThat(page.locator("#online-summary")).containsText("entities online", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        page.locator("#online-entity input").fill("42");
        page.locator("#online-lookup").click();
        assertThat(page.locator("#online-values")).containsText("amount");
        assertThat(page.locator("#refresh-history")).containsText("done");
        screenshot("feature-group-online");
        page.locator("#online-entity input").fill("forty-two");
        page.locator("#online-lookup").click();
        assertThat(page.locator("#online-entity")).containsText("customer_id is a number");
        screenshot("feature-group-online-bad-entity");

        tab("Sample rows").click();
        assertThat(page.locator("#sample-rows")).containsText("merchant_country (masked)");
        assertThat(page.locator("#sample-rows")).containsText("••••••");
        screenshot("feature-group-sample");

        // another area finds and reads it
        switchTo("ds.fraud");
        page.navigate("/features");
        page.locator("#features-view vaadin-text-field input").first().fill(name);
        page.keyboard().press("Enter");
        assertThat(page.locator("#features-grid")).containsText(name);
        assertThat(page.locator("#features-grid")).containsText("Credit Risk");
        screenshot("feature-catalog");

        // ds.fraud asks for the personal-data feature; Credit's manager approves it
        page.navigate("/feature-groups/" + name);
        tab("Personal data").click();
        page.locator("#request-access").click();
        page.locator("#access-justification textarea").fill("short");
        page.locator("#send-access-request").click();
        assertThat(page.locator("#access-justification")).containsText("20 to 2000 characters");
        page.locator("#access-justification textarea").fill("Fraud models compare where cards are used with where they were issued");
        screenshot("feature-access-request");
        page.locator("#send-access-request").click();
        assertThat(page.locator("#access-requests")).containsText("requested");

        switchTo("manager.credit");
        page.navigate("/feature-groups/" + name);
        tab("Personal data").click();
        assertThat(page.locator("#access-requests")).containsText("Fraud");
        page.locator("#approve-request").click();
        page.locator("#confirm-decision").click();
        assertThat(page.locator("#decision-comment")).containsText("needs a comment");
        page.locator("#decision-comment textarea").fill("Agreed for fraud detection, review in a year");
        page.locator("#confirm-decision").click();
        assertThat(page.locator("#access-requests")).containsText("approved");
        screenshot("feature-access-approved");

        tab("Lineage and readers").click();
        assertThat(page.locator("#lineage")).containsText("Bank warehouse (demo)");
        assertThat(page.locator("#lineage")).containsText("ds.credit · training set");
        screenshot("feature-group-lineage");
    }

    private Locator tab(String name) {
        return page.getByRole(com.microsoft.playwright.options.AriaRole.TAB,
                new com.microsoft.playwright.Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
