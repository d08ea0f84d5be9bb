package io.esteira.areas;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.identity.ApiTokenService;
import io.esteira.identity.ApiTokenSummary;
import io.esteira.identity.CreatedToken;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.Personas;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.JsonNode;

/**
 * A person of one business area never reaches another area's objects: reads answer "not found",
 * changes are refused. Through the services and through the REST API alike.
 */
abstract class AreaIsolationScenarios {

    @Autowired
    AreaService areas;
    @Autowired
    AreaAccess access;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    Api api;

    UUID credit;
    UUID fraud;
    UUID marketing;

    @BeforeEach
    void findTheDemoAreas() {
        Map<String, UUID> byCode = personas.call(ADMIN, areas::myAreas).stream()
                .collect(Collectors.toMap(AreaSummary::code, AreaSummary::id));
        credit = byCode.get("CREDIT");
        fraud = byCode.get("FRAUD");
        marketing = byCode.get("MARKETING");
        assertThat(List.of(credit, fraud, marketing)).as("the demo areas").doesNotContainNull();
    }

    // --- through the services ---

    @Test
    void a_fraud_data_scientist_has_only_fraud_among_their_areas() {
        assertThat(personas.call(DS_FRAUD, areas::myAreas)).extracting(AreaSummary::code).containsExactly("FRAUD");
    }

    @Test
    void a_fraud_data_scientist_cannot_find_credit_risk() {
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> areas.get(credit)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> areas.members(credit)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> areas.chooseArea(credit)).isInstanceOf(NotFoundException.class);
            assertThat(areas.currentArea()).map(AreaSummary::code).contains("FRAUD");
        });
    }

    @Test
    void a_fraud_data_scientist_cannot_change_any_area() {
        AreaDraft hijack = new AreaDraft("CREDIT", "Credit Risk (hijacked)", "CC-1001", new BigDecimal("1"), "EUR", true);
        UUID self = personas.user(DS_FRAUD).userId();
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> areas.update(credit, hijack, 0)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> areas.addMember(credit, self, AreaRole.DATA_SCIENTIST))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> areas.removeMember(fraud, self)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> areas.create(new AreaDraft("SHADOW", "Shadow", "CC-9999", BigDecimal.TEN, "EUR",
                    true))).isInstanceOf(AccessDeniedException.class);
        });
        AreaSummary creditNow = personas.call(ADMIN, () -> areas.get(credit));
        assertThat(creditNow.name()).isEqualTo("Credit Risk");
        assertThat(personas.call(ADMIN, () -> areas.members(credit))).extracting(MemberSummary::username)
                .doesNotContain(DS_FRAUD);
        assertThat(personas.call(ADMIN, areas::myAreas)).extracting(AreaSummary::code).doesNotContain("SHADOW");
    }

    @Test
    void a_fraud_data_scientist_cannot_make_a_token_for_credit_risk() {
        TokenRequest request = new TokenRequest("reach into credit", credit, LocalDate.now().plusDays(30), false);
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> tokens.create(request)).isInstanceOf(NotFoundException.class);
            assertThat(tokens.mine()).extracting(ApiTokenSummary::name).doesNotContain("reach into credit");
        });
    }

    @Test
    void a_fraud_data_scientist_cannot_revoke_a_credit_risk_token() {
        CreatedToken creditToken = tokenOf(DS_CREDIT, "credit pipeline");
        UUID id = creditToken.token().id();

        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> tokens.revoke(id)).isInstanceOf(NotFoundException.class));

        assertThat(personas.call(DS_CREDIT, tokens::mine)).filteredOn(t -> t.id().equals(id)).singleElement()
                .satisfies(t -> assertThat(t.revokedAt()).as("revoked at").isNull());
    }

    @Test
    void the_credit_risk_manager_reads_credit_risk_but_cannot_act_in_it() {
        personas.run(MANAGER_CREDIT, () -> {
            assertThat(areas.get(credit).code()).isEqualTo("CREDIT");
            assertThat(areas.members(credit)).extracting(MemberSummary::username)
                    .contains(DS_CREDIT, MANAGER_CREDIT);
            assertThat(areas.myAreas()).extracting(AreaSummary::code).containsExactly("CREDIT");
            assertThatThrownBy(() -> access.requireAct(credit, "workspace", "w-1"))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> areas.get(fraud)).isInstanceOf(NotFoundException.class);
        });
    }

    @Test
    void a_credit_risk_data_scientist_acts_in_credit_risk_only() {
        personas.run(DS_CREDIT, () -> {
            access.requireAct(credit, "workspace", "w-1");
            assertThatThrownBy(() -> access.requireAct(fraud, "workspace", "w-2"))
                    .isInstanceOf(NotFoundException.class);
        });
    }

    @Test
    void the_administrator_reads_every_area() {
        personas.run(ADMIN, () -> {
            assertThat(areas.myAreas()).extracting(AreaSummary::code).contains("CREDIT", "FRAUD", "MARKETING");
            assertThat(areas.get(credit).code()).isEqualTo("CREDIT");
            assertThat(areas.get(fraud).code()).isEqualTo("FRAUD");
            assertThat(areas.members(credit)).extracting(MemberSummary::username).contains(DS_CREDIT);
            assertThat(areas.members(fraud)).extracting(MemberSummary::username).contains(DS_FRAUD);
            access.requireAct(marketing, "workspace", "w-3");
        });
    }

    // --- through the REST API ---

    @Test
    void through_the_api_a_fraud_data_scientist_lists_only_fraud() {
        Response response = api.get("/api/v1/areas", tokenOf(DS_FRAUD, "fraud pipeline").secret());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(codes(response.json())).containsExactly("FRAUD");
    }

    @Test
    void through_the_api_credit_risk_is_not_found_for_a_fraud_data_scientist() {
        String token = tokenOf(DS_FRAUD, "fraud pipeline").secret();

        assertProblem(api.get("/api/v1/areas/" + credit, token), 404);
        assertProblem(api.get("/api/v1/areas/" + credit + "/members", token), 404);
        assertThat(api.get("/api/v1/areas/" + fraud, token).status()).isEqualTo(200);
    }

    @Test
    void through_the_api_a_fraud_data_scientist_cannot_revoke_a_credit_risk_token() {
        CreatedToken creditToken = tokenOf(DS_CREDIT, "credit pipeline");
        String fraudToken = tokenOf(DS_FRAUD, "fraud pipeline").secret();

        assertProblem(api.delete("/api/v1/tokens/" + creditToken.token().id(), fraudToken), 404);

        Response me = api.get("/api/v1/me", creditToken.secret());
        assertThat(me.status()).as("the credit token still works: " + me).isEqualTo(200);
        assertThat(me.json().path("username").asString()).isEqualTo(DS_CREDIT);
    }

    @Test
    void through_the_api_a_token_limited_to_one_area_sees_only_that_area() {
        UUID limitedTo = marketing;
        String token = personas.call(ADMIN, () -> tokens.create(new TokenRequest("marketing only", limitedTo,
                LocalDate.now().plusDays(7), false))).secret();

        Response mine = api.get("/api/v1/areas", token);
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(codes(mine.json())).containsExactly("MARKETING");
        assertProblem(api.get("/api/v1/areas/" + credit, token), 404);
    }

    @Test
    void through_the_api_an_anonymous_caller_is_told_to_authenticate_not_redirected() {
        Response response = api.get("/api/v1/areas", null);

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void through_the_api_an_unknown_token_is_refused() {
        assertProblem(api.get("/api/v1/areas", ApiTokenService.TOKEN_PREFIX + "not-a-real-token"), 401);
        assertProblem(api.get("/api/v1/areas", "not-even-a-jwt"), 401);
    }

    @Test
    void through_the_api_a_revoked_token_is_refused() {
        CreatedToken created = tokenOf(DS_FRAUD, "short lived");
        personas.run(DS_FRAUD, () -> tokens.revoke(created.token().id()));

        assertProblem(api.get("/api/v1/areas", created.secret()), 401);
    }

    // --- a token limited to one area carries no platform-wide power ---

    @Test
    void an_administrators_token_limited_to_credit_risk_cannot_administer_or_read_the_audit_log() {
        String token = personas.call(ADMIN, () -> tokens.create(new TokenRequest("admin credit only", credit,
                LocalDate.now().plusDays(30), false))).secret();
        assertThat(codes(api.get("/api/v1/areas", token).json())).containsExactly("CREDIT");
        assertThat(api.get("/api/v1/areas/" + fraud, token).status()).isEqualTo(404);
        Api.Response create = api.post("/api/v1/areas", token, """
                {"code":"ESCAPE","name":"Escape","costCenter":"CC-0","monthlyBudget":1,"currency":"EUR","active":true}""");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.contentType()).contains("problem+json");
        assertThat(api.get("/api/v1/audit", token).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/tokens", token).status()).isEqualTo(403);
        assertThat(personas.call(ADMIN, () -> areas.list("ESCAPE", org.springframework.data.domain.PageRequest.of(0, 5))))
                .isEmpty();
    }

    CreatedToken tokenOf(String username, String name) {
        return personas.call(username, () -> tokens.create(new TokenRequest(name, null, LocalDate.now().plusDays(30),
                false)));
    }

    static List<String> codes(JsonNode areaList) {
        return areaList.valueStream().map(a -> a.path("code").asString()).toList();
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
    }
}
