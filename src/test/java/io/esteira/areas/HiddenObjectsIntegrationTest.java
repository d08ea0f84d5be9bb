package io.esteira.areas;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.audit.AuditEntry;
import io.esteira.audit.AuditFilter;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.changes.Environment;
import io.esteira.features.DataSourceService;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureGroupDraft;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.SourceQuery;
import io.esteira.features.DemoWarehouse;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import io.esteira.support.TestChangeSubjects;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import tools.jackson.databind.JsonNode;

/**
 * Another area's objects are no oracle: asking for one answers exactly as asking for an unknown one
 * (status, body shape, and only the caller's own input echoed), and the refusal is in the audit log
 * with the method, path and object, though the answer was a 404.
 */
@IntegrationTest
class HiddenObjectsIntegrationTest {

    @Autowired
    Personas personas;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ModelRegistry models;
    @Autowired
    ChangeSubmissions changeSubmissions;
    @Autowired
    TestChangeSubjects subjects;
    @Autowired
    AuditTrail trail;
    @Autowired
    Api api;
    @Autowired
    FeatureGroupService groups;
    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;

    UUID credit;
    String fraudToken;

    @BeforeEach
    void signInAFraudDataScientist() {
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id)
                .findFirst().orElseThrow();
        fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("oracle probe", null,
                LocalDate.now().plusDays(3), false))).secret();
    }

    @Test
    void a_credit_risk_model_answers_a_fraud_data_scientist_exactly_as_an_unknown_model() {
        String name = "hidden-" + UUID.randomUUID().toString().substring(0, 8);
        personas.call(DS_CREDIT, () -> models.create(new ModelDraft(credit, name, "", "Probability of default", 3, null, List.of())));
        String unknown = "nothing-" + UUID.randomUUID().toString().substring(0, 8);

        for (String suffix : List.of("", "/versions", "?area=" + credit)) {
            Response hidden = api.get("/api/v1/models/" + name + suffix, fraudToken);
            Response missing = api.get("/api/v1/models/" + unknown + suffix, fraudToken);
            assertSameAnswer(hidden, name, missing, unknown);
        }
    }

    @Test
    void a_credit_risk_draft_feature_group_answers_a_fraud_data_scientist_exactly_as_an_unknown_name() {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        UUID demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
        String name = "hidden_" + UUID.randomUUID().toString().substring(0, 8);
        personas.call(DS_CREDIT, () -> groups.register(new FeatureGroupDraft(credit, name, "draft of credit", List.of(), demo,
                SourceQuery.table("bank", "card_transactions"), List.of("customer_id"), "event_time",
                List.of(new FeatureDraft("amount", Kind.NUMBER, "Amount", "EUR", false, true, null, null, List.of())))));
        String unknown = "nothing_" + UUID.randomUUID().toString().substring(0, 8);

        for (String suffix : List.of("", "/readers", "/versions/1/refreshes", "/versions/1/sample")) {
            assertSameAnswer(api.get("/api/v1/feature-groups/" + name + suffix, fraudToken), name,
                    api.get("/api/v1/feature-groups/" + unknown + suffix, fraudToken), unknown);
        }
        for (String suffix : List.of("/versions/1/publish", "/refresh", "/versions/1/deprecate")) {
            assertSameAnswer(api.post("/api/v1/feature-groups/" + name + suffix, fraudToken, "{}"), name,
                    api.post("/api/v1/feature-groups/" + unknown + suffix, fraudToken, "{}"), unknown);
        }
        assertThat(awaitDenial(name).details()).contains("/api/v1/feature-groups/" + name);
    }

    @Test
    void a_credit_risk_change_request_answers_a_fraud_data_scientist_exactly_as_an_unknown_one() {
        ChangeRequestView change = creditChangeRequest();
        String unknown = UUID.randomUUID().toString();

        for (String suffix : List.of("", "/evidence", "/history", "/actions")) {
            assertSameAnswer(api.get("/api/v1/change-requests/" + change.id() + suffix, fraudToken), change.id().toString(),
                    api.get("/api/v1/change-requests/" + unknown + suffix, fraudToken), unknown);
        }
        assertSameAnswer(api.post("/api/v1/change-requests/" + change.id() + "/withdraw", fraudToken, "{}"), change.id().toString(),
                api.post("/api/v1/change-requests/" + unknown + "/withdraw", fraudToken, "{}"), unknown);
    }

    @Test
    void reading_another_areas_change_request_is_recorded_as_a_refusal_with_method_path_and_object() {
        ChangeRequestView change = creditChangeRequest();

        Response response = api.get("/api/v1/change-requests/" + change.id(), fraudToken);

        assertThat(response.status()).isEqualTo(404);
        AuditEntry denial = awaitDenial(change.id().toString());
        assertThat(denial.actor()).startsWith(DS_FRAUD);
        assertThat(denial.outcome()).isEqualTo("DENIED");
        assertThat(denial.details()).contains("GET /api/v1/change-requests/" + change.id())
                .contains("change request " + change.id()).contains("answered 404");
    }

    @Test
    void reading_another_areas_model_by_name_is_recorded_as_a_refusal() {
        String name = "hidden-" + UUID.randomUUID().toString().substring(0, 8);
        personas.call(DS_CREDIT, () -> models.create(new ModelDraft(credit, name, "", "Probability of default", 3, null, List.of())));

        assertThat(api.get("/api/v1/models/" + name, fraudToken).status()).isEqualTo(404);

        assertThat(awaitDenial(name).details()).contains("GET /api/v1/models/" + name).contains("model " + name);
    }

    @Test
    void asking_for_an_unknown_object_is_not_recorded_as_a_refusal() {
        String unknown = UUID.randomUUID().toString();

        assertThat(api.get("/api/v1/change-requests/" + unknown, fraudToken).status()).isEqualTo(404);

        trail.awaitEventsHandled();
        assertThat(trail.entries(AuditTrail.action("access.denied"), 50)).noneMatch(e -> String.valueOf(e.details()).contains(unknown));
    }

    private ChangeRequestView creditChangeRequest() {
        String subject = subjects.create(credit, "hidden v" + UUID.randomUUID().toString().substring(0, 4), 3, Set.of());
        return personas.call(DS_CREDIT, () -> changeSubmissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, subject,
                Environment.STAGING, false, "A justification long enough for the rules", null, null, "Roll back to the previous version")));
    }

    private AuditEntry awaitDenial(String object) {
        return Awaitility.await("a refusal naming " + object).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> trail.entries(AuditTrail.action("access.denied"), 50).stream()
                        .filter(e -> String.valueOf(e.details()).contains(object)).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** Same status, same fields, same detail once each answer's own input is taken out, and nothing else echoed. */
    private static void assertSameAnswer(Response hidden, String hiddenInput, Response missing, String missingInput) {
        assertThat(hidden.status()).as("hidden: " + hidden + "\nunknown: " + missing).isEqualTo(missing.status());
        assertThat(hidden.contentType()).startsWith("application/problem+json");
        JsonNode a = hidden.json();
        JsonNode b = missing.json();
        assertThat(fields(a)).as(hidden.toString()).isEqualTo(fields(b));
        assertThat(a.path("detail").asString().replace(hiddenInput, "<input>"))
                .as("the detail echoes only the caller's input").isEqualTo(b.path("detail").asString().replace(missingInput, "<input>"));
        assertThat(a.path("title").asString()).isEqualTo(b.path("title").asString());
        assertThat(a.path("type").asString()).isEqualTo(b.path("type").asString());
    }

    private static Set<String> fields(JsonNode node) {
        return node.propertyStream().map(java.util.Map.Entry::getKey).collect(Collectors.toSet());
    }
}
