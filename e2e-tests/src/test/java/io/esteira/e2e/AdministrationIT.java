package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AdministrationIT extends PortalIT {

    @Test
    void an_administrator_creates_an_area_and_bad_input_changes_nothing() {
        signIn("admin");
        page.navigate("/admin/areas");
        assertThat(page.locator("#areas-grid")).containsText("Credit Risk");
        screenshot("admin-areas");

        page.locator("#new-area").click();
        page.locator("#area-code input").fill("retail banking");
        page.locator("#area-name input").fill("Retail Banking");
        page.locator("#area-cost-center input").fill("CC-4004");
        page.locator("#area-budget input").fill("-5");
        page.locator("#save-area").click();
        assertThat(page.locator("#area-code")).hasAttribute("invalid", "");
        assertThat(page.locator("#area-budget")).hasAttribute("invalid", "");
        screenshot("admin-area-invalid");

        page.locator("#area-code input").fill("RETAIL");
        page.locator("#area-budget input").fill("25000");
        page.locator("#save-area").click();
        assertThat(page.locator("#area-dialog")).hasCount(0);
        assertThat(page.locator("#areas-grid")).containsText("Retail Banking");
    }

    @Test
    void an_administrator_opens_an_area_with_its_members() {
        signIn("admin");
        page.navigate("/admin/areas");
        page.locator("#areas-grid").getByText("Credit Risk").click();
        assertThat(page.locator("#members-grid")).containsText("ds.credit");
        screenshot("admin-area-members");
    }

    @Test
    void an_administrator_sees_the_users() {
        signIn("admin");
        page.navigate("/admin/users");
        page.locator("#users-view vaadin-text-field input").first().fill("manager");
        assertThat(page.locator("#users-grid")).containsText("manager.credit");
        screenshot("admin-users");
    }

    @Test
    void the_area_switcher_remembers_the_choice() {
        Shell shell = signIn("admin");
        shell.chooseArea("Marketing");
        page.reload();
        new Shell(page).waitUntilReady();
        assertThat(shell.areaSwitcher()).containsText("Marketing");
    }

    @Test
    void a_data_scientist_creates_a_token_sees_it_once_uses_it_and_revokes_it() throws Exception {
        signIn("ds.credit");
        page.navigate("/settings/tokens");
        screenshot("tokens-empty");
        page.locator("#new-token").click();
        page.locator("#token-name input").fill("credit scoring CI");
        page.locator("#create-token").click();
        Locator secret = page.locator("#token-secret input");
        assertThat(secret).hasValue(java.util.regex.Pattern.compile("est_.+"));
        String token = secret.inputValue();
        screenshot("token-created");
        page.locator("#token-secret-done").click();

        HttpResponse<String> areas = get("/api/v1/areas", token);
        assertThat(areas.statusCode()).isEqualTo(200);
        assertThat(areas.body()).contains("CREDIT").doesNotContain("FRAUD");

        assertThat(page.locator("#tokens-grid")).containsText("credit scoring CI");
        page.locator("#revoke-credit-scoring-CI").click();
        page.locator("vaadin-confirm-dialog-overlay vaadin-button[slot=confirm-button], vaadin-confirm-dialog vaadin-button[slot=confirm-button]")
                .first().click();
        assertThat(page.locator("#tokens-grid")).containsText("Revoked");
        screenshot("tokens-revoked");
        assertThat(get("/api/v1/areas", token).statusCode()).isEqualTo(401);
    }

    @Test
    void a_reviewer_filters_the_audit_log_and_reads_an_event() {
        signIn("reviewer.risk");
        page.navigate("/audit");
        page.locator("#filter-action input").fill("area.created");
        assertThat(page.locator("#audit-grid")).containsText("area.created");
        page.locator("#audit-grid").getByText("area.created").first().click();
        assertThat(page.locator("#audit-detail")).containsText("Hash");
        screenshot("audit");
    }

    @Test
    void an_administrator_verifies_the_audit_chain_without_blocking_the_page() {
        signIn("admin");
        page.navigate("/audit");
        page.locator("#verify-chain").click();
        assertThat(page.locator("#chain-status")).containsText("Chain intact");
        screenshot("audit-verified");
    }

    @Test
    void a_pipeline_calls_the_api_with_a_jwt_from_the_identity_provider_and_sees_only_its_area() throws Exception {
        String jwt = OIDC.issueToken(ISSUER_ID, "fraud-pipeline", new no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback(
                ISSUER_ID, "fraud-pipeline-subject", "JWT", java.util.List.of("esteira-portal"),
                java.util.Map.of("preferred_username", "svc.fraud-pipeline", "roles", java.util.List.of("DATA_SCIENTIST"),
                        "areas", java.util.List.of("FRAUD:DATA_SCIENTIST")), 3600)).serialize();
        HttpResponse<String> areas = get("/api/v1/areas", jwt);
        assertThat(areas.statusCode()).isEqualTo(200);
        assertThat(areas.body()).contains("FRAUD").doesNotContain("CREDIT");

        String otherClient = OIDC.issueToken(ISSUER_ID, "other-app", new no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback(
                ISSUER_ID, "fraud-pipeline-subject", "JWT", java.util.List.of("some-other-app"),
                java.util.Map.of("preferred_username", "svc.fraud-pipeline", "roles", java.util.List.of("ADMIN")), 3600)).serialize();
        assertThat(get("/api/v1/areas", otherClient).statusCode()).isEqualTo(401);

        String forged = jwt.substring(0, jwt.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        HttpResponse<String> refused = get("/api/v1/areas", forged);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.areas.AreaService areaService;

    @Test
    void a_thousand_people_and_long_names_stay_readable() {
        if (jdbc.queryForObject("select count(*) from app_user where username like 'bulk.%'", Integer.class) == 0) {
            jdbc.batchUpdate("insert into app_user (id, username, display_name, origin, enabled, created_at, updated_at, version) "
                            + "values (?, ?, ?, 'LOCAL', true, current_timestamp, current_timestamp, 0)",
                    java.util.stream.IntStream.rangeClosed(1, 1000).mapToObj(i -> new Object[] {java.util.UUID.randomUUID(),
                            String.format("bulk.person.%04d", i), "Person number " + i + " of the bulk load"}).toList());
            io.esteira.shared.security.SystemActor.run(() -> areaService.create(new io.esteira.areas.AreaDraft("SME_CREDIT",
                    "Small and Medium Enterprises Credit Origination, Collections and Early-Warning Analytics for Retail",
                    "CC-9001-SME-ORIGINATION", new java.math.BigDecimal("1234567890.12"), "EUR", true)));
        }
        signIn("admin");
        page.navigate("/admin/users");
        assertThat(page.locator("#users-grid")).containsText("bulk.person.0001");
        page.evaluate("document.querySelector('#users-grid').scrollToIndex(1005)");
        assertThat(page.locator("#users-grid")).containsText("bulk.person.1000");
        screenshot("admin-users-1000");
        page.navigate("/admin/areas");
        assertThat(page.locator("#areas-grid")).containsText("Small and Medium Enterprises");
        screenshot("admin-areas-long-name");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
