package io.esteira.changes;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static io.esteira.support.Personas.REVIEWER_RISK2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.audit.AuditEntry;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.IdentityService;
import io.esteira.identity.NewLocalUser;
import io.esteira.identity.TokenRequest;
import io.esteira.notifications.NotificationView;
import io.esteira.notifications.Notifications;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SystemActor;
import io.esteira.shared.security.UserDirectory;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import io.esteira.support.TestChangeSubjects;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Change requests: the policy sets the type; every segregation-of-duties rule is tried through the
 * service and through the API; approvals expire; concurrent approvals lose nothing; other areas see nothing.
 */
abstract class ChangeRequestScenarios {

    static final String REQUESTING_REVIEWER = "ds.riskreviewer";
    static final String BOTH_KINDS = "reviewer.both";
    static final String ADMIN_REVIEWER = "admin.reviewer";
    static final String JUSTIFICATION = "Retrained on May data: AUC up from 0.78 to 0.81 on the hold-out set";
    static final String ROLLBACK = "Point the champion alias back at the previous version";
    static final String FINE = "Evidence read: gates passed, metrics better than production";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ChangeSubmissions changeSubmissions;
    @Autowired
    ChangeQueries changeQueries;
    @Autowired
    ChangeApprovals changeApprovals;
    @Autowired
    ChangeExpiry changeExpiry;
    @Autowired
    ChangeImplementations changeImplementations;
    @Autowired
    TestChangeSubjects subjects;
    @Autowired
    AreaService areas;
    @Autowired
    IdentityService identity;
    @Autowired
    UserDirectory directory;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    Api api;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Notifications notifications;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Scheduler scheduler;

    UUID credit;

    @BeforeEach
    void prepare() {
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst()
                .orElseThrow();
        personas.run(ADMIN, () -> {
            // a data scientist of Credit who is also a model-risk reviewer; a reviewer of both kinds; an administrator who reviews
            ensureUser(REQUESTING_REVIEWER, Set.of(Role.RISK_REVIEWER), true);
            ensureUser(BOTH_KINDS, Set.of(Role.REVIEWER, Role.RISK_REVIEWER, Role.GOVERNANCE_REVIEWER), false);
            ensureUser(ADMIN_REVIEWER, Set.of(Role.ADMIN, Role.RISK_REVIEWER), false);
        });
    }

    private void ensureUser(String username, Set<Role> roles, boolean creditDataScientist) {
        if (directory.findByUsername(username).isEmpty()) {
            UUID id = identity.createLocalUser(new NewLocalUser(username, username, null, "a-long-test-password", roles)).id();
            if (creditDataScientist) {
                areas.addMember(credit, id, AreaRole.DATA_SCIENTIST);
            }
        }
    }

    UUID userId(String username) {
        return directory.findByUsername(username).orElseThrow().id();
    }

    String subject(int tier, String... authors) {
        return subjects.create(credit, "credit-scoring v" + UUID.randomUUID().toString().substring(0, 4), tier,
                Arrays.stream(authors).map(this::userId).collect(Collectors.toSet()));
    }

    static ChangeRequestDraft draft(String subject, Environment environment, boolean emergency) {
        return new ChangeRequestDraft(TestChangeSubjects.TYPE, subject, environment, emergency, JUSTIFICATION, null, null, ROLLBACK);
    }

    ChangeRequestView submit(String persona, ChangeRequestDraft draft) {
        return personas.call(persona, () -> changeSubmissions.submit(draft));
    }

    /** A normal change to production, submitted by ds.credit. */
    ChangeRequestView normal(String... authors) {
        return submit(DS_CREDIT, draft(subject(2, authors), Environment.PRODUCTION, false));
    }

    ChangeRequestView read(UUID id) {
        return personas.call(ADMIN, () -> changeQueries.get(id));
    }

    ChangeRequestView approve(String persona, UUID id) {
        return personas.call(persona, () -> changeApprovals.approve(id, FINE, read(id).version()));
    }

    List<String> steps(UUID id) {
        return personas.call(ADMIN, () -> changeQueries.history(id)).stream().map(HistoryEntry::step).toList();
    }

    String token(String persona) {
        return personas.call(persona, () -> tokens.create(new TokenRequest("changes " + UUID.randomUUID().toString().substring(0, 6), null,
                LocalDate.now().plusDays(3), false))).secret();
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static String comment(String text) {
        return json(Map.of("comment", text));
    }

    static String ifMatch(long version) {
        return "\"" + version + "\"";
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).contains("application/problem+json");
    }

    // ------------------------------------------------------------------ policy

    @Test
    void a_tier_3_change_to_staging_is_approved_by_policy_at_once_and_recorded_as_such() {
        ChangeRequestView change = submit(DS_CREDIT, draft(subject(3), Environment.STAGING, false));
        assertThat(change.type()).isEqualTo(ChangeType.STANDARD);
        assertThat(change.state()).isEqualTo(ChangeState.APPROVED);
        assertThat(change.decisions()).singleElement().satisfies(d -> {
            assertThat(d.decision()).isEqualTo("POLICY");
            assertThat(d.reviewer()).isEqualTo(ChangePolicy.STANDARD_POLICY);
            assertThat(d.reviewerId()).isNull();
        });
        assertThat(change.validUntil()).isCloseTo(Instant.now().plus(changeQueries.approvalValidity()), within(60));
        assertThat(steps(change.id())).containsExactly("submitted", "approved-by-policy");
        AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("change.approved-by-policy", change.id().toString()));
        assertThat(entry.details()).contains(ChangePolicy.STANDARD_POLICY);
        assertThat(entry.areaId()).isEqualTo(credit);
    }

    @Test
    void the_type_follows_from_policy_never_from_the_requester() {
        assertThat(submit(DS_CREDIT, draft(subject(3), Environment.PRODUCTION, false)).type()).isEqualTo(ChangeType.NORMAL);
        ChangeRequestView tier2 = submit(DS_CREDIT, draft(subject(2), Environment.STAGING, false));
        assertThat(tier2.type()).isEqualTo(ChangeType.NORMAL);
        assertThat(tier2.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(tier2.stillNeeded()).isEqualTo("A model-risk reviewer and a governance reviewer, two different people");
        assertThat(submit(DS_CREDIT, draft(subject(3), Environment.STAGING, true)).type()).isEqualTo(ChangeType.EMERGENCY);

        // through the API a requester who names a type is not listened to
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subjectType", TestChangeSubjects.TYPE);
        body.put("subjectId", subject(1));
        body.put("environment", "PRODUCTION");
        body.put("type", "STANDARD");
        body.put("justification", JUSTIFICATION);
        body.put("rollbackPlan", ROLLBACK);
        Response created = api.post("/api/v1/change-requests", token(DS_CREDIT), json(body));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("type").asString()).isEqualTo("NORMAL");
        assertThat(created.json().get("state").asString()).isEqualTo("SUBMITTED");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith(created.json().get("id").asString()));
    }

    @Test
    void a_request_is_checked_before_anything_is_stored() {
        String subject = subject(2);
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> changeSubmissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, subject, Environment.PRODUCTION, false,
                    "too short", null, null, ROLLBACK))).isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("justification"));
            assertThatThrownBy(() -> changeSubmissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, subject, Environment.PRODUCTION, false,
                    JUSTIFICATION, null, null, " "))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("rollback plan");
            assertThatThrownBy(() -> changeSubmissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, subject, Environment.STAGING, true,
                    JUSTIFICATION, null, null, null))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("emergency");
            Instant start = Instant.now().plus(Duration.ofDays(1));
            assertThatThrownBy(() -> changeSubmissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, subject, Environment.PRODUCTION, false,
                    JUSTIFICATION, start, start.minusSeconds(60), ROLLBACK))).isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("windowEnd"));
            assertThatThrownBy(() -> changeSubmissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, subject, Environment.PRODUCTION, false,
                    JUSTIFICATION, Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)), ROLLBACK)))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> changeSubmissions.submit(new ChangeRequestDraft("no-such-type", subject, Environment.PRODUCTION, false,
                    JUSTIFICATION, null, null, ROLLBACK))).isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("subjectType"));
        });
        assertThat(personas.call(DS_CREDIT, () -> changeQueries.forSubject(TestChangeSubjects.TYPE, subject))).isEmpty();

        String token = token(DS_CREDIT);
        Response unknown = api.post("/api/v1/change-requests", token, json(Map.of("subjectType", "no-such-type", "subjectId", subject,
                "environment", "PRODUCTION", "justification", JUSTIFICATION, "rollbackPlan", ROLLBACK)));
        assertProblem(unknown, 400);
        assertThat(unknown.json().get("errors").has("subjectType")).isTrue();
        assertProblem(api.post("/api/v1/change-requests", token, json(Map.of("subjectType", TestChangeSubjects.TYPE, "subjectId", subject,
                "environment", "PRODUCTION", "justification", "short"))), 400);

        // one open request per subject and environment
        submit(DS_CREDIT, draft(subject, Environment.PRODUCTION, false));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> changeSubmissions.submit(draft(subject, Environment.PRODUCTION, false)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("open change request"));
    }

    // ------------------------------------------------------------------ segregation of duties

    @Test
    void the_requester_cannot_approve_or_reject_their_own_request() {
        ChangeRequestView change = submit(REQUESTING_REVIEWER, draft(subject(2), Environment.PRODUCTION, false));
        personas.run(REQUESTING_REVIEWER, () -> {
            assertThatThrownBy(() -> changeApprovals.approve(change.id(), FINE, change.version())).isInstanceOf(ForbiddenException.class)
                    .hasMessage("You requested this change");
            assertThatThrownBy(() -> changeApprovals.reject(change.id(), FINE, change.version())).isInstanceOf(ForbiddenException.class);
            assertThat(changeQueries.actions(change.id()).cannotDecide()).isEqualTo("You requested this change");
        });
        String token = token(REQUESTING_REVIEWER);
        Response approved = api.post("/api/v1/change-requests/" + change.id() + "/approve", token, ifMatch(change.version()),
                comment(FINE));
        assertProblem(approved, 403);
        assertThat(approved.json().get("detail").asString()).isEqualTo("You requested this change");
        assertProblem(api.post("/api/v1/change-requests/" + change.id() + "/reject", token, ifMatch(change.version()), comment(FINE)), 403);
        assertThat(read(change.id()).decisions()).isEmpty();
        assertThat(read(change.id()).state()).isEqualTo(ChangeState.SUBMITTED);
    }

    @Test
    void an_author_of_the_subject_cannot_approve_it() {
        ChangeRequestView change = normal(REVIEWER_RISK);
        assertThat(change.authorIds()).containsExactly(userId(REVIEWER_RISK));
        personas.run(REVIEWER_RISK, () -> assertThatThrownBy(() -> changeApprovals.approve(change.id(), FINE, change.version()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("You are an author of " + change.subjectLabel()));
        Response byApi = api.post("/api/v1/change-requests/" + change.id() + "/approve", token(REVIEWER_RISK), ifMatch(change.version()),
                comment(FINE));
        assertProblem(byApi, 403);
        assertThat(byApi.json().get("detail").asString()).contains("author");

        // independent reviewers may
        approve(REVIEWER_RISK2, change.id());
        assertThat(approve(REVIEWER_GOV, change.id()).state()).isEqualTo(ChangeState.APPROVED);
    }

    @Test
    void a_normal_change_needs_a_risk_and_a_governance_reviewer_who_are_two_different_people() {
        ChangeRequestView change = normal();
        ChangeRequestView afterRisk = approve(REVIEWER_RISK, change.id());
        assertThat(afterRisk.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(afterRisk.stillNeeded()).isEqualTo("A governance reviewer");

        ChangeRequestView afterSecondRisk = approve(REVIEWER_RISK2, change.id());
        assertThat(afterSecondRisk.state()).as("a second approval of the same kind").isEqualTo(ChangeState.SUBMITTED);
        assertThat(afterSecondRisk.stillNeeded()).isEqualTo("A governance reviewer");

        personas.run(REVIEWER_RISK, () -> assertThatThrownBy(() -> changeApprovals.approve(change.id(), FINE, read(change.id()).version()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("already"));

        ChangeRequestView approved = approve(REVIEWER_GOV, change.id());
        assertThat(approved.state()).isEqualTo(ChangeState.APPROVED);
        assertThat(approved.decisions()).extracting(ChangeRequestView.Decision::reviewer)
                .containsExactly("Rita Moreira", "Rui Teixeira", "Gustavo Pires");
        assertThat(steps(change.id())).containsExactly("submitted", "approval", "approval", "approval", "approved");

        // one person holding both kinds is still one person
        ChangeRequestView alone = approve(BOTH_KINDS, normal().id());
        assertThat(alone.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(alone.stillNeeded()).startsWith("A second reviewer");
        audit.awaitEntry(AuditTrail.actionOn("change.approved", change.id().toString()));
    }

    @Test
    void through_the_api_two_reviewers_approve_with_the_version_they_read() {
        ChangeRequestView change = normal();
        String risk = token(REVIEWER_RISK);
        String gov = token(REVIEWER_GOV);
        String path = "/api/v1/change-requests/" + change.id();
        Response read = api.get(path, gov);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue(ifMatch(change.version()));

        Response tooShort = api.post(path + "/approve", risk, ifMatch(change.version()), comment("ok"));
        assertProblem(tooShort, 400);
        assertThat(tooShort.json().get("errors").has("comment")).isTrue();
        assertProblem(api.post(path + "/approve", risk, null, comment(FINE)), 400);

        Response first = api.post(path + "/approve", risk, ifMatch(change.version()), comment(FINE));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("state").asString()).isEqualTo("SUBMITTED");
        Response again = api.post(path + "/approve", risk, ifMatch(first.json().get("version").asLong()), comment(FINE));
        assertProblem(again, 403);
        Response sameKind = api.post(path + "/approve", token(REVIEWER_RISK2), ifMatch(first.json().get("version").asLong()), comment(FINE));
        assertThat(sameKind.status()).as(sameKind.toString()).isEqualTo(200);
        assertThat(sameKind.json().get("state").asString()).as("a second risk approval").isEqualTo("SUBMITTED");
        assertThat(sameKind.json().get("stillNeeded").asString()).isEqualTo("A governance reviewer");

        Response stale = api.post(path + "/approve", gov, ifMatch(first.json().get("version").asLong()), comment(FINE));
        assertProblem(stale, 409);
        Response second = api.post(path + "/approve", gov, ifMatch(sameKind.json().get("version").asLong()), comment(FINE));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("state").asString()).isEqualTo("APPROVED");

        Response history = api.get(path + "/history", gov);
        assertThat(history.json().size()).isEqualTo(5);
        assertThat(history.json().get(1).get("actor").asString()).isEqualTo("Rita Moreira");
        assertThat(history.json().get(1).get("comment").asString()).isEqualTo(FINE);
        assertThat(api.get(path + "/evidence", gov).json().get(0).get("kind").asString()).isEqualTo("markdown");
    }

    @Test
    void an_edit_voids_the_approvals_and_restarts_the_review() {
        ChangeRequestView change = normal();
        ChangeRequestView approvedOnce = approve(REVIEWER_RISK, change.id());
        String reworded = JUSTIFICATION + ", and the fairness checks passed";
        ChangeRequestView edited = personas.call(DS_CREDIT, () -> changeSubmissions.edit(change.id(), new ChangeRequestDraft(TestChangeSubjects.TYPE,
                change.subjectId(), Environment.PRODUCTION, false, reworded, null, null, ROLLBACK), approvedOnce.version()));
        assertThat(edited.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(edited.decisions()).as("the risk approval was voided").isEmpty();
        assertThat(edited.stillNeeded()).isEqualTo("A model-risk reviewer and a governance reviewer, two different people");
        HistoryEntry edit = personas.call(ADMIN, () -> changeQueries.history(change.id())).getLast();
        assertThat(edit.step()).isEqualTo("edited");
        assertThat(edit.actor()).isEqualTo("Ana Ribeiro");
        assertThat(edit.details()).containsEntry("approvalsVoided", 1).containsKey("justification");
        AuditEntry audited = audit.awaitEntry(AuditTrail.actionOn("change.edited", change.id().toString()));
        assertThat(audited.details()).contains("justification").contains(reworded);

        // the governance approval alone does not complete it: the earlier risk approval no longer counts
        assertThat(approve(REVIEWER_GOV, change.id()).stillNeeded()).isEqualTo("A model-risk reviewer");
        personas.run(REVIEWER_RISK, () -> assertThat(changeQueries.actions(change.id()).mayDecide()).as("a new round: risk may decide again").isTrue());

        // an approved request that is edited goes back to review
        assertThat(approve(REVIEWER_RISK, change.id()).state()).isEqualTo(ChangeState.APPROVED);
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String path = "/api/v1/change-requests/" + change.id();
        String token = token(DS_CREDIT);
        String body = json(Map.of("subjectType", TestChangeSubjects.TYPE, "subjectId", change.subjectId(), "environment", "PRODUCTION",
                "justification", reworded, "windowStart", start.toString(), "windowEnd", start.plus(Duration.ofHours(4)).toString(),
                "rollbackPlan", ROLLBACK));
        assertProblem(api.put(path, token, null, body), 400);
        assertProblem(api.put(path, token, ifMatch(change.version()), body), 409);
        assertProblem(api.put(path, token(REQUESTING_REVIEWER), ifMatch(read(change.id()).version()), body), 403);
        Response put = api.put(path, token, ifMatch(read(change.id()).version()), body);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("state").asString()).isEqualTo("SUBMITTED");
        assertThat(put.json().get("decisions").size()).isZero();
        assertThat(Instant.parse(put.json().get("windowStart").asString())).isEqualTo(start);
    }

    @Test
    void an_administrator_who_is_not_part_of_a_request_reclassifies_it_and_its_approvals_are_void() {
        ChangeRequestView change = normal();
        approve(REVIEWER_RISK, change.id());
        ChangeRequestView emergency = personas.call(ADMIN, () -> changeApprovals.reclassify(change.id(), ChangeType.EMERGENCY,
                "Fraud losses rising: this fix cannot wait for the weekly board", read(change.id()).version()));
        assertThat(emergency.type()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(emergency.reclassifiedBy()).isEqualTo("Platform Admin");
        assertThat(emergency.typeReason()).contains("Fraud losses rising");
        assertThat(emergency.decisions()).isEmpty();
        assertThat(steps(change.id())).endsWith("reclassified");
        audit.awaitEntry(AuditTrail.actionOn("change.reclassified", change.id().toString()));

        // the requester cannot undo it by an edit
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> changeSubmissions.edit(change.id(), draft(change.subjectId(), Environment.PRODUCTION,
                false), emergency.version())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("only an administrator"));
        // only the policy makes a change standard
        personas.run(ADMIN, () -> assertThatThrownBy(() -> changeApprovals.reclassify(change.id(), ChangeType.STANDARD, "Low risk after all",
                emergency.version())).isInstanceOf(InvalidRequestException.class));
        // a data scientist never reclassifies
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> changeApprovals.reclassify(change.id(), ChangeType.NORMAL, "Not urgent after all",
                emergency.version())).isInstanceOf(AccessDeniedException.class));
        assertProblem(api.post("/api/v1/change-requests/" + change.id() + "/reclassify", token(DS_CREDIT), ifMatch(emergency.version()),
                json(Map.of("type", "NORMAL", "reason", "Not urgent after all"))), 403);
    }

    @Test
    void nobody_changes_the_policy_of_a_request_they_are_part_of() {
        // the administrator requested it
        ChangeRequestView own = submit(ADMIN, draft(subject(2), Environment.PRODUCTION, false));
        personas.run(ADMIN, () -> assertThatThrownBy(() -> changeApprovals.reclassify(own.id(), ChangeType.EMERGENCY, "Urgent for the quarter end",
                own.version())).isInstanceOf(ForbiddenException.class).hasMessageContaining("You requested this change"));
        Response byApi = api.post("/api/v1/change-requests/" + own.id() + "/reclassify", token(ADMIN), ifMatch(own.version()),
                json(Map.of("type", "EMERGENCY", "reason", "Urgent for the quarter end")));
        assertProblem(byApi, 403);

        // the administrator authored the subject
        ChangeRequestView authored = normal(ADMIN);
        personas.run(ADMIN, () -> assertThatThrownBy(() -> changeApprovals.reclassify(authored.id(), ChangeType.EMERGENCY,
                "Urgent for the quarter end", authored.version())).isInstanceOf(ForbiddenException.class).hasMessageContaining("author"));

        // the administrator approved it
        ChangeRequestView decided = normal();
        approve(ADMIN_REVIEWER, decided.id());
        personas.run(ADMIN_REVIEWER, () -> assertThatThrownBy(() -> changeApprovals.reclassify(decided.id(), ChangeType.EMERGENCY,
                "Urgent for the quarter end", read(decided.id()).version())).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("You decided"));
        assertProblem(api.post("/api/v1/change-requests/" + decided.id() + "/reclassify", token(ADMIN_REVIEWER),
                ifMatch(read(decided.id()).version()), json(Map.of("type", "EMERGENCY", "reason", "Urgent for the quarter end"))), 403);
        assertThat(read(decided.id()).type()).isEqualTo(ChangeType.NORMAL);
    }

    // ------------------------------------------------------------------ expiry

    @Test
    void an_expired_partial_approval_stops_counting() {
        ChangeRequestView change = normal();
        approve(REVIEWER_RISK, change.id());
        jdbc.update("update change_decision set decided_at = ? where change_id = ?",
                Timestamp.from(Instant.now().minus(changeQueries.approvalValidity()).minusSeconds(60)), change.id());
        Response byApi = api.post("/api/v1/change-requests/" + change.id() + "/approve", token(REVIEWER_GOV), ifMatch(read(change.id()).version()),
                comment(FINE));
        assertThat(byApi.status()).as(byApi.toString()).isEqualTo(200);
        assertThat(byApi.json().get("state").asString()).as("the lapsed risk approval does not count").isEqualTo("SUBMITTED");
        ChangeRequestView afterGov = read(change.id());
        assertThat(afterGov.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(afterGov.stillNeeded()).isEqualTo("A model-risk reviewer");
        assertThat(afterGov.decisions()).extracting(ChangeRequestView.Decision::reviewer, ChangeRequestView.Decision::counts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Rita Moreira", false), org.assertj.core.groups.Tuple.tuple("Gustavo Pires", true));

        assertThat(SystemActor.call(changeExpiry::expireOverdue)).isPositive();
        HistoryEntry lapsed = personas.call(ADMIN, () -> changeQueries.history(change.id())).getLast();
        assertThat(lapsed.step()).isEqualTo("approval-expired");
        assertThat(lapsed.actor()).isEqualTo("system");
        audit.awaitEntry(AuditTrail.actionOn("change.approval-expired", change.id().toString()));
        // a fresh risk approval completes it
        assertThat(approve(REVIEWER_RISK2, change.id()).state()).isEqualTo(ChangeState.APPROVED);
    }

    @Test
    void an_approved_request_not_implemented_in_time_expires() throws Exception {
        ChangeRequestView change = normal();
        approve(REVIEWER_RISK, change.id());
        ChangeRequestView approved = approve(REVIEWER_GOV, change.id());
        assertThat(approved.validUntil()).isCloseTo(Instant.now().plus(changeQueries.approvalValidity()), within(60));
        jdbc.update("update change_request set valid_until = ? where id = ?", Timestamp.from(Instant.now().minusSeconds(1)), change.id());
        SystemActor.run(changeExpiry::expireOverdue);
        ChangeRequestView expired = read(change.id());
        assertThat(expired.state()).isEqualTo(ChangeState.EXPIRED);
        assertThat(personas.call(ADMIN, () -> changeQueries.history(change.id())).getLast().comment()).contains("Not implemented within");
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> changeImplementations.markImplemented(change.id(), "deployed"))
                .isInstanceOf(InvalidRequestException.class));
        audit.awaitEntry(AuditTrail.actionOn("change.expired", change.id().toString()));

        // a request whose change window ended expires too
        Instant start = Instant.now().plus(Duration.ofHours(1));
        ChangeRequestView windowed = submit(DS_CREDIT, new ChangeRequestDraft(TestChangeSubjects.TYPE, subject(2), Environment.PRODUCTION,
                false, JUSTIFICATION, start, start.plus(Duration.ofHours(2)), ROLLBACK));
        jdbc.update("update change_request set window_start = ?, window_end = ? where id = ?", Timestamp.from(start.minus(Duration.ofHours(5))),
                Timestamp.from(start.minus(Duration.ofHours(3))), windowed.id());
        SystemActor.run(changeExpiry::expireOverdue);
        assertThat(read(windowed.id()).state()).isEqualTo(ChangeState.EXPIRED);

        // the sweep runs in the clustered Quartz job store
        assertThat(scheduler.checkExists(JobKey.jobKey("change-expiry", "changes"))).isTrue();
    }

    // ------------------------------------------------------------------ optimistic locking

    @Test
    void two_reviewers_approving_at_once_lose_no_update() throws Exception {
        ChangeRequestView change = normal();
        long seen = change.version();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Object> risk = () -> attempt(go, REVIEWER_RISK, change.id(), seen);
            Callable<Object> gov = () -> attempt(go, REVIEWER_GOV, change.id(), seen);
            Future<Object> a = pool.submit(risk);
            Future<Object> b = pool.submit(gov);
            go.countDown();
            List<Object> outcomes = List.of(a.get(), b.get());
            assertThat(outcomes).filteredOn(ChangeRequestView.class::isInstance).as(outcomes.toString()).hasSize(1);
            assertThat(outcomes).filteredOn(OptimisticLockingFailureException.class::isInstance).as(outcomes.toString()).hasSize(1);
            String loser = outcomes.get(0) instanceof ChangeRequestView ? REVIEWER_GOV : REVIEWER_RISK;

            ChangeRequestView between = read(change.id());
            assertThat(between.state()).isEqualTo(ChangeState.SUBMITTED);
            assertThat(between.decisions()).hasSize(1);
            assertThat(between.version()).isGreaterThan(seen);

            // the loser reads again and approves: now both approvals are there and the request is approved
            ChangeRequestView approved = approve(loser, change.id());
            assertThat(approved.state()).isEqualTo(ChangeState.APPROVED);
            assertThat(approved.decisions()).hasSize(2);
            assertThat(steps(change.id())).containsExactly("submitted", "approval", "approval", "approved");
        } finally {
            pool.shutdownNow();
        }
    }

    private Object attempt(CountDownLatch go, String persona, UUID id, long version) throws InterruptedException {
        go.await();
        try {
            return personas.call(persona, () -> changeApprovals.approve(id, FINE, version));
        } catch (RuntimeException e) {
            return e;
        }
    }

    // ------------------------------------------------------------------ areas

    @Test
    void another_areas_data_scientist_finds_nothing_and_a_manager_only_reads() {
        ChangeRequestView change = normal();
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> changeQueries.get(change.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> changeQueries.history(change.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> changeQueries.evidence(change.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> changeSubmissions.withdraw(change.id(), null)).isInstanceOf(NotFoundException.class);
            assertThat(changeQueries.forSubject(TestChangeSubjects.TYPE, change.subjectId())).isEmpty();
            assertThat(changeQueries.queue(ChangeQueueFilter.all(), PageRequest.of(0, 500)).getContent()).extracting(ChangeRequestView::id)
                    .doesNotContain(change.id());
            // nor can they request a change to another area's subject
            assertThatThrownBy(() -> changeSubmissions.submit(draft(change.subjectId(), Environment.STAGING, false)))
                    .isInstanceOf(NotFoundException.class);
        });
        String fraud = token(DS_FRAUD);
        assertProblem(api.get("/api/v1/change-requests/" + change.id(), fraud), 404);
        assertProblem(api.post("/api/v1/change-requests/" + change.id() + "/withdraw", fraud, "{}"), 404);
        assertThat(api.get("/api/v1/change-requests?size=500", fraud).body()).doesNotContain(change.id().toString());

        personas.run(MANAGER_CREDIT, () -> {
            assertThat(changeQueries.get(change.id()).id()).isEqualTo(change.id());
            assertThatThrownBy(() -> changeApprovals.approve(change.id(), FINE, change.version())).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> changeSubmissions.edit(change.id(), draft(change.subjectId(), Environment.PRODUCTION, false), change.version()))
                    .isInstanceOf(ForbiddenException.class);
        });
        // reviewers belong to no area and see every area's requests
        personas.run(REVIEWER_GOV, () -> assertThat(changeQueries.queue(ChangeQueueFilter.all(), PageRequest.of(0, 500)).getContent())
                .extracting(ChangeRequestView::id).contains(change.id()));
    }

    @Test
    void the_queue_shows_each_reviewer_what_awaits_their_decision() {
        ChangeRequestView change = normal();
        approve(REVIEWER_RISK, change.id());
        ChangeQueueFilter mine = ChangeQueueFilter.awaitingMyDecision();
        PageRequest page = PageRequest.of(0, 500);
        personas.run(REVIEWER_GOV, () -> assertThat(changeQueries.queue(mine, page).getContent()).extracting(ChangeRequestView::id)
                .contains(change.id()));
        personas.run(REVIEWER_RISK, () -> assertThat(changeQueries.queue(mine, page).getContent()).extracting(ChangeRequestView::id)
                .as("decided already").doesNotContain(change.id()));
        personas.run(REVIEWER_RISK2, () -> assertThat(changeQueries.queue(mine, page).getContent()).extracting(ChangeRequestView::id)
                .as("a risk approval would not count").doesNotContain(change.id()));
        ChangeRequestView own = submit(REQUESTING_REVIEWER, draft(subject(2), Environment.PRODUCTION, false));
        personas.run(REQUESTING_REVIEWER, () -> assertThat(changeQueries.queue(mine, page).getContent()).extracting(ChangeRequestView::id)
                .as("their own").doesNotContain(own.id()));
        personas.run(REVIEWER_GOV, () -> {
            assertThat(changeQueries.queue(new ChangeQueueFilter(Set.of(ChangeState.SUBMITTED), ChangeType.NORMAL, credit, Environment.PRODUCTION,
                    false), page).getContent()).extracting(ChangeRequestView::id).contains(change.id(), own.id());
            assertThat(changeQueries.queue(new ChangeQueueFilter(Set.of(), null, null, Environment.STAGING, false), page).getContent())
                    .extracting(ChangeRequestView::id).doesNotContain(change.id());
        });
        Response queue = api.get("/api/v1/change-requests?awaitingMe=true&state=SUBMITTED&size=500", token(REVIEWER_GOV));
        assertThat(queue.status()).as(queue.toString()).isEqualTo(200);
        assertThat(queue.body()).contains(change.id().toString());
    }

    @Test
    void a_subjects_requests_are_listed_newest_first() {
        String subject = subject(2);
        ChangeRequestView staging = submit(DS_CREDIT, draft(subject, Environment.STAGING, false));
        ChangeRequestView production = submit(DS_CREDIT, draft(subject, Environment.PRODUCTION, false));
        assertThat(personas.call(MANAGER_CREDIT, () -> changeQueries.forSubject(TestChangeSubjects.TYPE, subject)))
                .extracting(ChangeRequestView::id).containsExactly(production.id(), staging.id());
    }

    // ------------------------------------------------------------------ outcomes

    @Test
    void the_requester_is_told_of_approvals_and_rejections() {
        ChangeRequestView approved = submit(DS_CREDIT, draft(subject(3), Environment.STAGING, false));
        ChangeRequestView rejected = normal();
        personas.run(REVIEWER_GOV, () -> {
            assertThatThrownBy(() -> changeApprovals.reject(rejected.id(), "no", rejected.version())).isInstanceOf(InvalidRequestException.class);
            changeApprovals.reject(rejected.id(), "The drift analysis is missing from the evidence", rejected.version());
        });
        assertThat(read(rejected.id()).state()).isEqualTo(ChangeState.REJECTED);
        personas.run(REVIEWER_RISK, () -> assertThatThrownBy(() -> changeApprovals.approve(rejected.id(), FINE, read(rejected.id()).version()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("rejected"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<NotificationView> inbox = personas.call(DS_CREDIT, () -> notifications.list(PageRequest.of(0, 100))).getContent();
            assertThat(inbox).anySatisfy(n -> {
                assertThat(n.topic()).isEqualTo("change.approved");
                assertThat(n.link()).isEqualTo("/changes/" + approved.id());
                assertThat(n.subject()).isEqualTo("Approved: " + approved.subjectLabel() + " to staging");
            });
            assertThat(inbox).anySatisfy(n -> {
                assertThat(n.topic()).isEqualTo("change.rejected");
                assertThat(n.link()).isEqualTo("/changes/" + rejected.id());
                assertThat(n.body()).contains("Gustavo Pires rejected it: The drift analysis is missing");
            });
        });
        audit.awaitEntry(AuditTrail.actionOn("change.rejected", rejected.id().toString()));
    }

    @Test
    void reviewers_of_each_kind_the_request_waits_for_are_told_and_an_author_who_may_not_decide_it_is_not() {
        ChangeRequestView change = normal(REVIEWER_RISK);
        audit.awaitEntry(AuditTrail.actionOn("change.submitted", change.id().toString()));
        for (String reviewer : List.of(REVIEWER_RISK2, REVIEWER_GOV)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(personas.call(reviewer,
                    () -> notifications.list(PageRequest.of(0, 200))).getContent()).anySatisfy(n -> {
                        assertThat(n.topic()).isEqualTo("change.review-requested");
                        assertThat(n.link()).isEqualTo("/changes/" + change.id());
                        assertThat(n.subject()).isEqualTo("Review requested: " + change.subjectLabel() + " to production");
                    }));
        }
        assertThat(personas.call(REVIEWER_RISK, () -> notifications.list(PageRequest.of(0, 200))).getContent())
                .as("the subject's author may not decide it").noneSatisfy(n -> assertThat(n.link()).isEqualTo("/changes/" + change.id()));
    }

    @Test
    void an_emergency_is_not_the_requesters_word_alone_governance_is_told_and_each_approval_confirms_it() {
        ChangeRequestView change = submit(DS_CREDIT, draft(subject(1), Environment.PRODUCTION, true));

        audit.awaitEntry(AuditTrail.actionOn("change.emergency-declared", change.id().toString()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(personas.call(REVIEWER_GOV,
                () -> notifications.list(PageRequest.of(0, 100))).getContent()).anySatisfy(n -> {
                    assertThat(n.topic()).isEqualTo("change.emergency-declared");
                    assertThat(n.link()).isEqualTo("/changes/" + change.id());
                }));
        approve(REVIEWER_RISK, change.id());
        AuditEntry confirmed = audit.awaitEntry(AuditTrail.actionOn("change.emergency-confirmed", change.id().toString()));
        assertThat(confirmed.actor()).isEqualTo(REVIEWER_RISK);
    }

    @Test
    void a_reviewer_who_refuses_the_emergency_makes_it_a_normal_change_needing_the_normal_approvals() {
        ChangeRequestView change = submit(DS_CREDIT, draft(subject(1), Environment.PRODUCTION, true));
        approve(REVIEWER_RISK, change.id()); // one emergency approval so far

        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> changeApprovals.refuseEmergency(change.id(), "I changed my mind about it",
                read(change.id()).version())).isInstanceOf(ForbiddenException.class));
        personas.run(REVIEWER_GOV, () -> assertThatThrownBy(() -> changeApprovals.refuseEmergency(change.id(), "no", read(change.id()).version()))
                .isInstanceOf(InvalidRequestException.class));
        ChangeRequestView refused = personas.call(REVIEWER_GOV, () -> changeApprovals.refuseEmergency(change.id(),
                "A retrained model is not an incident: the normal review applies", read(change.id()).version()));

        assertThat(refused.type()).isEqualTo(ChangeType.NORMAL);
        assertThat(refused.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(refused.stillNeeded()).as("the earlier approval no longer counts").startsWith("A model-risk reviewer and a governance reviewer");
        assertThat(approve(REVIEWER_RISK2, change.id()).state()).as("two risk reviewers do not make a normal change")
                .isEqualTo(ChangeState.SUBMITTED);
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> changeSubmissions.edit(change.id(), draft(change.subjectId(), Environment.PRODUCTION, true),
                read(change.id()).version())).as("the requester cannot declare it an emergency again")
                .isInstanceOf(InvalidRequestException.class));
        assertThat(approve(REVIEWER_GOV, change.id()).state()).isEqualTo(ChangeState.APPROVED);

        AuditEntry recorded = audit.awaitEntry(AuditTrail.actionOn("change.emergency-refused", change.id().toString()));
        assertThat(recorded.actor()).isEqualTo(REVIEWER_GOV);
        assertThat(recorded.details()).contains("A retrained model is not an incident");
        assertThat(steps(change.id())).contains("emergency-refused");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(personas.call(DS_CREDIT,
                () -> notifications.list(PageRequest.of(0, 100))).getContent()).anySatisfy(n -> {
                    assertThat(n.topic()).isEqualTo("change.emergency-refused");
                    assertThat(n.body()).contains("A retrained model is not an incident");
                }));
    }

    @Test
    void through_the_api_a_reviewer_refuses_an_emergency_and_a_normal_change_has_no_emergency_to_refuse() {
        ChangeRequestView change = submit(DS_CREDIT, draft(subject(1), Environment.PRODUCTION, true));
        String path = "/api/v1/change-requests/" + change.id() + "/refuse-emergency";

        assertProblem(api.post(path, token(DS_CREDIT), ifMatch(change.version()), comment("Not an emergency at all, really")), 403);
        Response refused = api.post(path, token(REVIEWER_GOV), ifMatch(change.version()), comment("Not an emergency: normal review"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(200);
        assertThat(refused.json().get("type").asString()).isEqualTo("NORMAL");

        ChangeRequestView normal = normal();
        assertProblem(api.post("/api/v1/change-requests/" + normal.id() + "/refuse-emergency", token(REVIEWER_GOV),
                ifMatch(normal.version()), comment("Not an emergency: normal review")), 403);
    }

    @Test
    void an_emergency_change_needs_two_reviewers_and_a_review_after_implementation() {
        ChangeRequestView change = submit(DS_CREDIT, draft(subject(1), Environment.PRODUCTION, true));
        assertThat(change.type()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(approve(REVIEWER_RISK, change.id()).stillNeeded()).startsWith("One more reviewer");
        assertThat(approve(REVIEWER_RISK2, change.id()).state()).isEqualTo(ChangeState.APPROVED);

        ChangeRequestView implemented = personas.call(DS_CREDIT, () -> changeImplementations.markImplemented(change.id(), "Deployed as v7 at 14:02"));
        assertThat(implemented.state()).isEqualTo(ChangeState.REVIEW_DUE);
        assertThat(implemented.reviewDueAt()).isAfter(Instant.now());
        audit.awaitEntry(AuditTrail.actionOn("change.implemented", change.id().toString()));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> changeApprovals.recordReview(change.id(), "All went well, no incident"))
                .isInstanceOf(ForbiddenException.class));
        personas.run(REVIEWER_GOV, () -> assertThat(changeQueries.queue(ChangeQueueFilter.awaitingMyDecision(), PageRequest.of(0, 500))
                .getContent()).extracting(ChangeRequestView::id).contains(change.id()));

        String path = "/api/v1/change-requests/" + change.id() + "/review";
        assertProblem(api.post(path, token(DS_CREDIT), comment("All went well, no incident")), 403);
        assertProblem(api.post(path, token(REVIEWER_GOV), comment("fine")), 400);
        Response reviewed = api.post(path, token(REVIEWER_GOV), comment("Post-implementation review: monitoring normal for 24 h"));
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(200);
        assertThat(reviewed.json().get("state").asString()).isEqualTo("REVIEWED");
        assertThat(steps(change.id())).containsExactly("submitted", "approval", "approval", "approved", "implemented", "reviewed");
        audit.awaitEntry(AuditTrail.actionOn("change.reviewed", change.id().toString()));

        // a normal change is simply implemented
        ChangeRequestView normal = normal();
        approve(REVIEWER_RISK, normal.id());
        approve(REVIEWER_GOV, normal.id());
        assertThat(SystemActor.call(() -> changeImplementations.markImplemented(normal.id(), null)).state()).isEqualTo(ChangeState.IMPLEMENTED);
    }

    @Test
    void the_requester_withdraws_a_submitted_request() {
        ChangeRequestView change = normal();
        personas.run(REQUESTING_REVIEWER, () -> assertThatThrownBy(() -> changeSubmissions.withdraw(change.id(), null))
                .isInstanceOf(ForbiddenException.class));
        Response withdrawn = api.post("/api/v1/change-requests/" + change.id() + "/withdraw", token(DS_CREDIT),
                comment("Superseded by the next retraining"));
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        assertThat(withdrawn.json().get("state").asString()).isEqualTo("WITHDRAWN");
        personas.run(REVIEWER_RISK, () -> assertThat(changeQueries.actions(change.id()).mayDecide()).isFalse());
        audit.awaitEntry(AuditTrail.actionOn("change.withdrawn", change.id().toString()));
        audit.awaitEntry(AuditTrail.actionOn("change.submitted", change.id().toString()));
    }

    private static org.assertj.core.data.TemporalUnitOffset within(long seconds) {
        return org.assertj.core.api.Assertions.within(seconds, ChronoUnit.SECONDS);
    }
}
