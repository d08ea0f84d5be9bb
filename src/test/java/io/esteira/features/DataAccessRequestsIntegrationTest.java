package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.audit.AuditEntry;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.scheduling.SchedulePreviews;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Remedy;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import io.esteira.support.ScratchReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A refused query says what it needed and offers the request that would let it run; the request is
 * decided by the right person (an administrator for a grant, the owning area's manager for personal
 * data, never the requester), changes what the area may query, and is audited.
 */
@IntegrationTest
class DataAccessRequestsIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WHY = "Branch-level fraud rates for the quarterly review of card limits";

    @Autowired
    DataSourceService sources;
    @Autowired
    SourceAccess access;
    @Autowired
    DataAccessRequests requests;
    @Autowired
    SchedulePreviews schedulePreviews;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    Api api;
    @Autowired
    AuditTrail audit;

    UUID credit;
    UUID fraud;
    UUID source;

    @BeforeEach
    void anUngrantedSource() throws Exception {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        credit = all.stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        String url = "jdbc:h2:mem:access-requests-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create schema mart");
            s.execute("create table mart.accounts (id int, branch varchar(20), holder_name varchar(40))");
            s.execute("insert into mart.accounts values (1, 'Lisbon', 'Ana Silva'), (2, 'Porto', 'Rui Costa')");
            s.execute("create table mart.limits (id int, card_limit int)");
        }
        String[] reader = ScratchReader.of(new String[] {url, "sa", ""}, "mart");
        source = personas.call(ADMIN, () -> sources.create(new DataSourceDraft("requests " + UUID.randomUUID(), "", reader[0],
                "org.h2.Driver", reader[1], reader[2], Classification.SOT, null))).id();
    }

    @Test
    void a_refused_query_offers_a_grant_request_that_an_administrator_decides_down_to_one_table() {
        ForbiddenException refused = personas.call(DS_FRAUD, () -> catchThrowable(ForbiddenException.class,
                () -> schedulePreviews.preview(fraud, source, "select branch from mart.accounts")));
        Remedy remedy = refused.remedy().orElseThrow();
        assertThat(remedy.href()).startsWith("/data-access?source=" + source + "&kind=GRANT");

        DataAccessRequestView asked = personas.call(DS_FRAUD, () -> requests.request(source,
                new DataAccessRequestDraft(fraud, DataAccessRequestDraft.Kind.GRANT, "mart", "accounts", List.of(), WHY)));
        assertThat(asked.what()).isEqualTo("Query schema mart, table accounts");
        assertThat(asked.decider()).isEqualTo("an administrator");
        AuditEntry requested = audit.awaitEntry(AuditTrail.actionOn("data-access.requested", asked.id().toString()));
        assertThat(requested.actor()).isEqualTo("ds.fraud");

        // asked twice while waiting: refused; the requester, another area's data scientist and a manager cannot decide it
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> requests.request(source, new DataAccessRequestDraft(fraud, DataAccessRequestDraft.Kind.GRANT, "mart",
                    "accounts", List.of(), WHY))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("waiting already");
            assertThatThrownBy(() -> requests.approve(asked.id(), "fine")).isInstanceOf(ForbiddenException.class);
        });
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> requests.approve(asked.id(), "fine")).isInstanceOf(NotFoundException.class);
            assertThat(requests.page(PageRequest.of(0, 50)).getContent()).noneMatch(r -> r.id().equals(asked.id()));
        });
        personas.run(MANAGER_CREDIT, () -> assertThatThrownBy(() -> requests.approve(asked.id(), "fine"))
                .isInstanceOf(NotFoundException.class));
        personas.run(ADMIN, () -> assertThatThrownBy(() -> requests.approve(asked.id(), " "))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("comment"));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> schedulePreviews.preview(fraud, source, "select branch from mart.accounts"))
                .isInstanceOf(ForbiddenException.class));

        DataAccessRequestView approved = personas.call(ADMIN, () -> requests.approve(asked.id(), "Aggregates only; reviewed with the DPO"));
        assertThat(approved.state()).isEqualTo("APPROVED");
        audit.awaitEntry(AuditTrail.actionOn("data-access.approved", asked.id().toString()));
        audit.awaitEntry(AuditTrail.actionOn("data-source.granted", source.toString()));
        assertThat(personas.call(ADMIN, () -> access.grants(source))).singleElement()
                .satisfies(g -> assertThat(g.schema() + "." + g.table()).isEqualTo("mart.accounts"));

        personas.run(DS_FRAUD, () -> {
            assertThat(schedulePreviews.preview(fraud, source, "select branch, count(*) as n from mart.accounts group by branch").rows()).hasSize(2);
            // the grant covers that table only: its neighbour needs a request of its own
            InvalidRequestException neighbour = catchThrowable(InvalidRequestException.class,
                    () -> schedulePreviews.preview(fraud, source, "select a.branch, l.card_limit from mart.accounts a join mart.limits l on l.id = a.id"));
            assertThat(neighbour).hasMessageContaining("may not query mart.limits");
            assertThat(neighbour.remedy().orElseThrow().href()).contains("schema=mart").contains("table=limits");
        });
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> schedulePreviews.preview(credit, source, "select branch from mart.accounts"))
                .hasMessageContaining("no grant"));

        // revoking the approval takes the grant away
        personas.run(ADMIN, () -> requests.revoke(asked.id(), "The review is over"));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> schedulePreviews.preview(fraud, source, "select branch from mart.accounts"))
                .hasMessageContaining("no grant"));
    }

    @Test
    void classified_columns_are_asked_of_the_owning_areas_manager() {
        personas.run(ADMIN, () -> {
            access.grant(source, credit, "*");
            access.grant(source, fraud, "mart");
            access.classify(source, "mart", "accounts", "holder_name", credit);
        });
        InvalidRequestException refused = personas.call(DS_FRAUD, () -> catchThrowable(InvalidRequestException.class,
                () -> schedulePreviews.preview(fraud, source, "select id, holder_name from mart.accounts")));
        assertThat(refused).hasMessageContaining("mart.accounts.holder_name is personal data of Credit Risk");
        assertThat(refused.remedy().orElseThrow().href()).contains("kind=PERSONAL_COLUMNS").contains("columns=holder_name");

        // only classified columns, and not one's own area's
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> requests.request(source, new DataAccessRequestDraft(fraud,
                DataAccessRequestDraft.Kind.PERSONAL_COLUMNS, "mart", "accounts", List.of("branch"), WHY)))
                .hasMessageContaining("not classified as personal data"));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> requests.request(source, new DataAccessRequestDraft(credit,
                DataAccessRequestDraft.Kind.PERSONAL_COLUMNS, "mart", "accounts", List.of("holder_name"), WHY)))
                .hasMessageContaining("your area's own personal data"));

        DataAccessRequestView asked = personas.call(DS_FRAUD, () -> requests.request(source, new DataAccessRequestDraft(fraud,
                DataAccessRequestDraft.Kind.PERSONAL_COLUMNS, "mart", "accounts", List.of("holder_name"), WHY)));
        assertThat(asked.decider()).isEqualTo("a manager of Credit Risk");
        // the owning area sees the request; an administrator, who decides grants, does not decide personal data
        assertThat(personas.call(DS_CREDIT, () -> requests.page(PageRequest.of(0, 50)).getContent())).anyMatch(r -> r.id().equals(asked.id()));
        personas.run(ADMIN, () -> assertThatThrownBy(() -> requests.approve(asked.id(), "fine")).isInstanceOf(ForbiddenException.class));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> requests.approve(asked.id(), "fine")).isInstanceOf(ForbiddenException.class));
        assertThat(personas.call(MANAGER_CREDIT, () -> requests.get(asked.id())).mayDecide()).isTrue();

        personas.run(MANAGER_CREDIT, () -> requests.approve(asked.id(), "Needed for the joint fraud-and-credit case review"));
        personas.run(DS_FRAUD, () -> assertThat(schedulePreviews.preview(fraud, source, "select id, holder_name from mart.accounts").rows())
                .hasSize(2));
        audit.awaitEntry(AuditTrail.actionOn("data-access.approved", asked.id().toString()));

        personas.run(MANAGER_CREDIT, () -> requests.revoke(asked.id(), "The case review is closed"));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> schedulePreviews.preview(fraud, source, "select id, holder_name from mart.accounts"))
                .hasMessageContaining("personal data of Credit Risk"));
    }

    @Test
    void the_api_answers_the_remedy_and_takes_the_request_with_clear_errors() {
        String token = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("data-access", null, LocalDate.now().plusDays(1), false)))
                .secret();
        Api.Response refused = api.post("/api/v1/schedules/preview", token, """
                {"areaId": "%s", "sourceId": "%s", "sql": "select branch from mart.accounts"}""".formatted(fraud, source));
        assertThat(refused.status()).as(refused.body()).isIn(400, 403);
        JsonNode remedy = JSON.readTree(refused.body()).get("remedy");
        assertThat(remedy.get("kind").asString()).isEqualTo("GRANT");
        assertThat(remedy.get("request").asString()).isEqualTo("POST /api/v1/data-sources/" + source + "/access-requests");

        String path = "/api/v1/data-sources/" + source + "/access-requests";
        assertThat(api.post(path, token, "{\"areaId\": \"" + fraud + "\", \"kind\": \"EVERYTHING\", \"schema\": \"mart\", \"justification\": \""
                + WHY + "\"}").status()).isEqualTo(400);
        Api.Response tooShort = api.post(path, token, "{\"areaId\": \"" + fraud + "\", \"kind\": \"GRANT\", \"schema\": \"mart\", \"justification\": \"x\"}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("justification");
        Api.Response badSchema = api.post(path, token, "{\"areaId\": \"" + fraud + "\", \"kind\": \"GRANT\", \"schema\": \"mart; drop\", \"justification\": \""
                + WHY + "\"}");
        assertThat(badSchema.status()).isEqualTo(400);
        Api.Response otherArea = api.post(path, token, "{\"areaId\": \"" + credit + "\", \"kind\": \"GRANT\", \"schema\": \"mart\", \"justification\": \""
                + WHY + "\"}");
        assertThat(otherArea.status()).isEqualTo(404);
        assertThat(personas.call(ADMIN, () -> requests.page(PageRequest.of(0, 200)).getContent())).noneMatch(r -> r.sourceId().equals(source));

        Api.Response created = api.post(path, token, "{\"areaId\": \"" + fraud + "\", \"kind\": \"GRANT\", \"schema\": \"mart\", \"justification\": \""
                + WHY + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        assertThat(api.post("/api/v1/data-access-requests/" + id + "/approve", token, "{\"comment\": \"mine\"}").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/data-access-requests?sort=justification", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/data-access-requests", token).body()).contains(id);
    }

    private static <T extends Throwable> T catchThrowable(Class<T> type, Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            assertThat(t).isInstanceOf(type);
            return type.cast(t);
        }
        throw new AssertionError("expected " + type.getSimpleName());
    }
}
