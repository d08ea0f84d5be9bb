package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.esteira.features.Classification;
import io.esteira.features.DataSourceDraft;
import io.esteira.features.DataSourceService;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.ScratchReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A data scientist whose area has no grant on a new source reads why at the refusal, asks for the
 * one table she needs from there, an administrator approves it under Data access, and her preview
 * then runs.
 */
class DataAccessIT extends PortalIT {

    private static final LocatorAssertions.IsVisibleOptions LONG = new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @Autowired
    DataSourceService sources;

    @Test
    void a_refused_source_is_asked_for_where_the_refusal_is_read_and_granted_by_an_administrator() throws Exception {
        String url = "jdbc:h2:mem:e2e-branches-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create schema mart");
            s.execute("create table mart.branches (branch_id int primary key, city varchar(40), opened date)");
            s.execute("insert into mart.branches values (1, 'Lisboa', date '1998-03-02'), (2, 'Porto', date '2004-11-15')");
        }
        String[] reader = ScratchReader.of(new String[] {url, "sa", ""}, "mart");
        String name = "Branch mart " + UUID.randomUUID().toString().substring(0, 6);
        SystemActor.run(() -> sources.create(new DataSourceDraft(name, "Branches and their cities", reader[0], "org.h2.Driver", reader[1],
                reader[2], Classification.SOT, null)));

        signIn("ds.fraud");
        page.navigate("/features/new");
        pickSource(name);
        assertThat(page.locator("#source-error")).containsText("Your area has no grant to query " + name);
        assertThat(page.locator("#source-error-remedy")).hasText("Request access…");
        screenshot("data-access-refused");

        page.locator("#source-error-remedy").click();
        page.waitForURL("**/data-access?source=**");
        assertThat(page.locator("#data-access-justification")).isVisible(LONG);
        page.locator("#data-access-schema input").fill("mart");
        page.locator("#data-access-table input").fill("branches");
        page.locator("#data-access-send").click();
        assertThat(page.locator("#data-access-justification")).hasAttribute("invalid", "");
        page.locator("#data-access-justification textarea").fill("Branch cities for the fraud-ring map of the quarterly review");
        screenshot("data-access-request");
        page.locator("#data-access-send").click();
        assertThat(page.locator("#data-access-request-dialog")).hasCount(0);
        Locator row = page.locator("#data-access-requests vaadin-grid-cell-content").filter(new Locator.FilterOptions().setHasText(name));
        assertThat(row.first()).isVisible(LONG);
        assertThat(page.locator("#data-access-requests")).containsText("Waiting for an administrator");
        screenshot("data-access-waiting");

        switchTo("admin");
        page.navigate("/data-access");
        Locator approve = page.locator("#data-access-requests vaadin-button[id^='data-access-approve-']").first();
        assertThat(approve).isVisible(LONG);
        assertThat(page.locator("#data-access-requests")).containsText("Query schema mart, table branches");
        screenshot("data-access-admin");
        page.setViewportSize(390, 844);
        screenshot("data-access-admin-phone");
        page.setViewportSize(1280, 800);
        approve.click();
        page.locator("#data-access-confirm").click();
        assertThat(page.locator("#data-access-comment")).hasAttribute("invalid", "");
        page.locator("#data-access-comment textarea").fill("City names only; no personal data in this table");
        page.locator("#data-access-confirm").click();
        assertThat(page.locator("#data-access-decision-dialog")).hasCount(0);
        assertThat(page.locator("#data-access-requests")).containsText("Approved");

        switchTo("ds.fraud");
        page.navigate("/features/new");
        pickSource(name);
        pickTable("branches", "mart.branches");
        page.locator("#fg-preview-run").click();
        assertThat(page.locator("#fg-preview-grid")).containsText("Porto");
        screenshot("data-access-granted-preview");
    }

    /** Types into the table picker until the table is offered: the source's tables are listed in the background after it is picked. */
    private void pickTable(String typed, String table) {
        Locator option = page.locator("vaadin-combo-box-item").filter(new Locator.FilterOptions().setHasText(table)).first();
        for (int attempt = 0; attempt < 20; attempt++) {
            page.locator("#fg-table input").fill(typed);
            try {
                option.waitFor(new Locator.WaitForOptions().setTimeout(1_500));
                option.click();
                return;
            } catch (com.microsoft.playwright.TimeoutError e) {
                // still being listed: type again once they are there
            }
        }
        option.click();
    }

    private void pickSource(String name) {
        page.locator("#fg-source").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(name)).click();
    }
}
