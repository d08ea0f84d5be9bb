package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Online retrieval and refreshes on a scratch table whose answer is known by hand (a late-arriving
 * row, a tie, a missing value), access requests for personal data, and who reads a group.
 */
abstract class OnlineFeatureScenarios {

    @Autowired
    FeatureGroupService groups;
    @Autowired
    OnlineFeatures online;
    @Autowired
    FeatureRefresher refresher;
    @Autowired
    FeatureAccess featureAccess;
    @Autowired
    FeatureReads reads;
    @Autowired
    DataSourceService sources;
    @Autowired
    io.esteira.support.SourceGrantsForTests grants;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    Api api;

    UUID credit;
    UUID fraud;

    /** A JDBC address, user and password of a database the test may write a scratch table into. */
    abstract String[] scratchDatabase();

    @BeforeEach
    void areas() {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        credit = all.stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
    }

    /** A published group of Credit over a fresh scratch table: score in [0, 1], and segment, personal data. */
    record Published(String name, UUID id, String table, UUID sourceId) {
    }

    Published publishedGroup() throws Exception {
        String[] db = scratchDatabase();
        String[] reader = io.esteira.support.ScratchReader.of(db, "\"pit\"", "scratch");
        String table = "online_" + UUID.randomUUID().toString().substring(0, 8);
        execute("create schema if not exists \"pit\"",
                "create table \"pit\".\"" + table + "\" (\"customer_id\" integer, \"event_time\" timestamp with time zone, "
                        + "\"score\" double precision, \"segment\" varchar(10))",
                insert(table, 1, "2026-01-01", "0.1", "a"),
                insert(table, 1, "2026-01-03", "0.3", "c"),
                insert(table, 2, "2026-01-02", "0.5", "x"),
                insert(table, 2, "2026-01-02", "0.7", "y"),
                insert(table, 3, "2026-01-05", null, "n"),
                insert(table, 1, "2026-01-02", "0.2", "b"));
        DataSourceSummary scratch = personas.call(ADMIN, () -> sources.create(new DataSourceDraft("online " + table, "", reader[0],
                db[0].startsWith("jdbc:h2") ? "org.h2.Driver" : "org.postgresql.Driver", reader[1], reader[2], Classification.SPEC, null)));
        grants.toEveryArea(scratch.id());
        String name = "online_" + table;
        FeatureGroupView group = personas.call(DS_CREDIT, () -> groups.register(new FeatureGroupDraft(credit, name, "Scores", List.of(),
                scratch.id(), SourceQuery.table("pit", table), List.of("customer_id"), "event_time", List.of(
                        new FeatureDraft("score", Kind.NUMBER, "", null, false, false, 0.0, 1.0, List.of()),
                        new FeatureDraft("segment", Kind.TEXT, "", null, true, false, null, null, List.of())))));
        await().atMost(Duration.ofSeconds(60)).until(() -> personas.call(DS_CREDIT, () -> groups.get(group.id())).versions().getFirst()
                .statisticsState().equals("DONE"));
        personas.run(DS_CREDIT, () -> groups.publish(group.id(), 1));
        awaitRefreshes(group.id(), 1);
        return new Published(name, group.id(), table, scratch.id());
    }

    List<RefreshView> awaitRefreshes(UUID groupId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<RefreshView> runs = personas.call(DS_CREDIT, () -> refresher.refreshes(groupId, 1));
            return runs.size() >= count && runs.stream().noneMatch(r -> r.state().equals("RUNNING"));
        });
        return personas.call(DS_CREDIT, () -> refresher.refreshes(groupId, 1));
    }

    static String insert(String table, int customer, String day, String score, String segment) {
        return "insert into \"pit\".\"" + table + "\" values (" + customer + ", timestamp with time zone '" + day + " 00:00:00+00', "
                + score + ", '" + segment + "')";
    }

    void execute(String... statements) throws Exception {
        String[] db = scratchDatabase();
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    static Map<String, Object> customer(Object id) {
        return Map.of("customer_id", id);
    }

    @Test
    void onlineValuesAreTheLatestOfEachEntityAndFollowTheSource() throws Exception {
        Published group = publishedGroup();
        RefreshView first = awaitRefreshes(group.id(), 1).getFirst();
        assertThat(first.state()).as(first.error()).isEqualTo("DONE");
        assertThat(first.sourceRows()).isEqualTo(6);
        assertThat(first.entities()).isEqualTo(3);
        assertThat(first.violations()).isZero();

        OnlineValues values = personas.call(DS_CREDIT, () -> online.lookup(group.name(),
                List.of(customer(1), customer(2), customer(3), customer(4), customer("1.0")), List.of()));
        assertThat(values.version()).isEqualTo(1);
        Map<Object, OnlineValues.Entity> byCustomer = values.entities().stream().limit(4)
                .collect(Collectors.toMap(e -> e.entity().get("customer_id"), e -> e));
        // the late-arriving row (0.2, inserted last) is older than 0.3, so 0.3 is the latest
        assertThat(byCustomer.get(1).eventTime()).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
        assertThat(byCustomer.get(1).features()).containsEntry("segment", "c");
        assertThat(number(byCustomer.get(1).features().get("score"))).isEqualByComparingTo("0.3");
        // a tie at the same time is broken like the point-in-time join: values descending
        assertThat(number(byCustomer.get(2).features().get("score"))).isEqualByComparingTo("0.7");
        assertThat(byCustomer.get(3).features()).containsEntry("score", null).containsEntry("segment", "n");
        assertThat(byCustomer.get(4).found()).isFalse();
        assertThat(values.entities().get(4).found()).as("1.0 is the number 1").isTrue();

        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> online.lookup(group.name(), List.of(customer("abc")), List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("customer_id is a number; abc is not"));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> online.lookup(group.name(), List.of(Map.of("account", 1)), List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("keyed by customer_id, not account"));

        // new rows, one of them breaking the rule: the refresh records the violation and serves the new values
        execute(insert(group.table(), 1, "2026-01-10", "0.9", "d"), insert(group.table(), 5, "2026-01-11", "5", "e"));
        SystemActor.run(() -> refresher.refresh(personas.call(DS_CREDIT, () -> groups.get(group.id())).versions().getFirst().id(),
                "test", false));
        RefreshView second = awaitRefreshes(group.id(), 2).getFirst();
        assertThat(second.state()).isEqualTo("DONE");
        assertThat(second.violations()).isEqualTo(1);
        assertThat(second.violationDetail()).isEqualTo("score (1 rows)");
        assertThat(second.entities()).isEqualTo(4);
        audit.awaitEntry(AuditTrail.actionOn("feature-group.rules-broken", group.id().toString()));
        OnlineValues fresh = personas.call(DS_CREDIT, () -> online.lookup(group.name(), List.of(customer(1)), List.of("score")));
        assertThat(number(fresh.entities().getFirst().features().get("score"))).isEqualByComparingTo("0.9");
        assertThat(fresh.entities().getFirst().features()).containsOnlyKeys("score");

        // nothing changed: no new refresh, only a check
        UUID versionId = personas.call(DS_CREDIT, () -> groups.get(group.id())).versions().getFirst().id();
        SystemActor.run(() -> refresher.refresh(versionId, "test", false));
        List<RefreshView> after = personas.call(DS_CREDIT, () -> refresher.refreshes(group.id(), 1));
        assertThat(after).hasSize(2);
        assertThat(after.getFirst().checkedAt()).isAfter(after.getFirst().finishedAt());
    }

    @Test
    void anotherAreaReadsPersonalDataOnlyWithTheOwningManagersApproval() throws Exception {
        Published group = publishedGroup();
        personas.run(DS_FRAUD, () -> {
            OnlineValues values = online.lookup(group.name(), List.of(customer(1)), List.of());
            assertThat(values.entities().getFirst().features()).as("personal data left out").containsOnlyKeys("score");
            assertThatThrownBy(() -> online.lookup(group.name(), List.of(customer(1)), List.of("segment")))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("segment is personal data of Credit Risk");
            assertThatThrownBy(() -> featureAccess.request(group.id(), new AccessRequestDraft(fraud, List.of("score"),
                    "Fraud scoring needs the customer segment of credit")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("score is not a personal-data feature");
            assertThatThrownBy(() -> featureAccess.request(group.id(), new AccessRequestDraft(credit, List.of("segment"),
                    "Fraud scoring needs the customer segment of credit"))).isInstanceOf(NotFoundException.class);
        });
        AccessRequestView request = personas.call(DS_FRAUD, () -> featureAccess.request(group.id(),
                new AccessRequestDraft(fraud, List.of("segment"), "Fraud scoring needs the customer segment of credit")));
        assertThat(request.state()).isEqualTo("REQUESTED");
        assertThat(request.requesterArea()).isEqualTo("Fraud");
        audit.awaitEntry(AuditTrail.actionOn("feature-access.requested", request.id().toString()));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> featureAccess.request(group.id(),
                new AccessRequestDraft(fraud, List.of("segment"), "Asking twice for the customer segment")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("waiting already"));

        // only a manager of Credit decides, with a comment; its own data scientists do not, nor does the requester
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> featureAccess.approve(request.id(), "fine"))
                .isInstanceOf(ForbiddenException.class));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> featureAccess.approve(request.id(), "fine"))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("Only a manager of Credit Risk"));
        personas.run(MANAGER_CREDIT, () -> assertThatThrownBy(() -> featureAccess.approve(request.id(), " "))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("needs a comment"));
        assertThat(personas.call(DS_FRAUD, () -> online.lookup(group.name(), List.of(customer(1)), List.of())).entities().getFirst()
                .features()).containsOnlyKeys("score");

        AccessRequestView approved = personas.call(MANAGER_CREDIT, () -> featureAccess.approve(request.id(), "Agreed for fraud scoring"));
        assertThat(approved.state()).isEqualTo("APPROVED");
        assertThat(approved.decidedBy()).isNotBlank();
        audit.awaitEntry(AuditTrail.actionOn("feature-access.approved", request.id().toString()));
        personas.run(DS_FRAUD, () -> {
            assertThat(online.lookup(group.name(), List.of(customer(1)), List.of("segment")).entities().getFirst().features())
                    .containsEntry("segment", "c");
            assertThat(groups.trainingSet(group.name(), null, List.of("segment"), "customer_id,timestamp\n1,2026-01-02T12:00:00Z\n"))
                    .contains("1,2026-01-02T12:00:00Z,2026-01-02T00:00:00Z,b");
            assertThat(featureAccess.requestsFor(group.id())).extracting(AccessRequestView::state).containsExactly("APPROVED");
        });

        personas.run(MANAGER_CREDIT, () -> featureAccess.revoke(request.id(), "Scoring project closed"));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> online.lookup(group.name(), List.of(customer(1)), List.of("segment")))
                .isInstanceOf(ForbiddenException.class));
        audit.awaitEntry(AuditTrail.actionOn("feature-access.revoked", request.id().toString()));
    }

    @Test
    void aTrainingSetTakesItsEntitiesAndTimesFromAQuery() throws Exception {
        Published group = publishedGroup();
        String requests = group.table() + "_requests";
        execute("create table \"pit\".\"" + requests + "\" (\"customer_id\" integer, \"seen_at\" timestamp with time zone)",
                "insert into \"pit\".\"" + requests + "\" values (1, timestamp with time zone '2026-01-02 12:00:00+00'), "
                        + "(2, timestamp with time zone '2026-01-04 00:00:00+00'), (1, timestamp with time zone '2025-12-31 00:00:00+00')");
        String sql = "select \"customer_id\", \"seen_at\" as \"timestamp\" from \"pit\".\"" + requests + "\" order by \"seen_at\"";
        String csv = personas.call(DS_CREDIT, () -> groups.trainingSet(group.name(), null, List.of("score"), group.sourceId(), sql));
        assertThat(csv).isEqualTo("""
                customer_id,timestamp,feature_event_time,score
                1,2025-12-31T00:00:00Z,,
                1,2026-01-02T12:00:00Z,2026-01-02T00:00:00Z,0.2
                2,2026-01-04T00:00:00Z,2026-01-02T00:00:00Z,0.7
                """);
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> groups.trainingSet(group.name(), null, List.of(), group.sourceId(), "delete from \"pit\".\"" + requests + "\""))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Only SELECT");
            assertThatThrownBy(() -> groups.trainingSet(group.name(), null, List.of(), group.sourceId(),
                    "select \"customer_id\" from \"pit\".\"" + requests + "\"")).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("The header must be customer_id,timestamp");
        });
    }

    @Test
    void whoReadsAGroupIsCountedAndAudited() throws Exception {
        Published group = publishedGroup();
        personas.run(DS_FRAUD, () -> {
            online.lookup(group.name(), List.of(customer(1), customer(2), customer(99)), List.of());
            online.lookup(group.name(), List.of(customer(3)), List.of());
        });
        personas.run(DS_CREDIT, () -> groups.trainingSet(group.name(), null, List.of(), "customer_id,timestamp\n1,2026-01-02T12:00:00Z\n"));
        reads.flush();
        List<ReaderView> readers = personas.call(DS_CREDIT, () -> reads.readersOf(groups.get(group.id())));
        assertThat(readers).anySatisfy(r -> {
            assertThat(r.reader()).isEqualTo(DS_FRAUD);
            assertThat(r.channel()).isEqualTo("online");
            assertThat(r.reads()).isEqualTo(2);
            assertThat(r.rows()).as("entities found").isEqualTo(3);
        }).anySatisfy(r -> {
            assertThat(r.reader()).isEqualTo(DS_CREDIT);
            assertThat(r.channel()).isEqualTo("training set");
        });
        assertThat(audit.awaitEntry(AuditTrail.actionOn("feature-group.read", group.id().toString())).actor()).isIn(DS_FRAUD, DS_CREDIT);

        // masked sample rows for a first look
        SampleRows sample = personas.call(DS_FRAUD, () -> groups.sample(group.id(), 1, 20));
        assertThat(sample.columns()).containsExactly("customer_id", "event_time", "score", "segment");
        assertThat(sample.rows()).hasSize(6).allSatisfy(row -> assertThat(row.get(3)).isEqualTo(SampleRows.MASK));
    }

    @Test
    void theApiServesOneOrManyEntitiesAndRefusesBadInputAsProblemJson() throws Exception {
        Published group = publishedGroup();
        String creditToken = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("online", null, LocalDate.now().plusDays(3), false))).secret();
        String fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("online", null, LocalDate.now().plusDays(3), false))).secret();
        String managerToken = personas.call(MANAGER_CREDIT, () -> tokens.create(new TokenRequest("decide", null, LocalDate.now().plusDays(3), false))).secret();
        String base = "/api/v1/feature-groups/" + group.name();

        Response one = api.get(base + "/online?entity=1", creditToken);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("features").get("segment").asString()).isEqualTo("c");
        assertThat(one.json().get("eventTime").asString()).isEqualTo("2026-01-03T00:00:00Z");
        assertThat(one.headers().firstValue("X-Feature-Group-Version")).contains("1");
        assertThat(api.get(base + "/online?customer_id=2&features=score", creditToken).json().get("features").size()).isEqualTo(1);

        Response missing = api.get(base + "/online?entity=404", creditToken);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        Response bad = api.get(base + "/online?entity=abc", creditToken);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body()).contains("customer_id is a number");

        Response many = api.post(base + "/online", fraudToken, "{\"entities\": [{\"customer_id\": 1}, {\"customer_id\": 7}]}");
        assertThat(many.status()).as(many.toString()).isEqualTo(200);
        assertThat(many.json().get("entities").get(0).get("found").asBoolean()).isTrue();
        assertThat(many.json().get("entities").get(0).get("features").has("segment")).as("personal data of Credit").isFalse();
        assertThat(many.json().get("entities").get(1).get("found").asBoolean()).isFalse();
        String tooMany = IntStream.range(0, OnlineFeatures.MAX_ENTITIES + 1).mapToObj(i -> "{\"customer_id\": " + i + "}")
                .collect(Collectors.joining(",", "{\"entities\": [", "]}"));
        assertThat(api.post(base + "/online", fraudToken, tooMany).status()).isEqualTo(400);
        assertThat(api.get(base + "/online?entity=1&features=segment", fraudToken).status()).isEqualTo(403);

        Response requested = api.post(base + "/access-requests", fraudToken,
                "{\"areaId\": \"" + fraud + "\", \"features\": [\"segment\"], \"justification\": \"Fraud scoring needs the segment\"}");
        assertThat(requested.status()).as(requested.toString()).isEqualTo(201);
        String id = requested.json().get("id").asString();
        assertThat(api.post("/api/v1/feature-access-requests/" + id + "/approve", creditToken, "{\"comment\": \"ok\"}").status()).isEqualTo(403);
        Response approved = api.post("/api/v1/feature-access-requests/" + id + "/approve", managerToken, "{\"comment\": \"Agreed\"}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(api.get(base + "/online?entity=1&features=segment", fraudToken).status()).isEqualTo(200);

        assertThat(api.get(base + "/versions/1/refreshes", fraudToken).json().get(0).get("state").asString()).isEqualTo("DONE");
        assertThat(api.post(base + "/refresh", fraudToken, "").status()).as("only the owning area refreshes").isEqualTo(404);
        assertThat(api.post(base + "/refresh", creditToken, "").status()).isEqualTo(202);

        // a token checked moments ago is remembered briefly, but revoking it ends it at once
        var app = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("app", null, LocalDate.now().plusDays(3), false)));
        assertThat(api.get(base + "/online?entity=1", app.secret()).status()).isEqualTo(200);
        assertThat(api.get(base + "/online?entity=1", app.secret()).status()).isEqualTo(200);
        personas.run(DS_FRAUD, () -> tokens.revoke(app.token().id()));
        assertThat(api.get(base + "/online?entity=1", app.secret()).status()).isEqualTo(401);
    }

    private static BigDecimal number(Object value) {
        return new BigDecimal(value.toString());
    }
}
