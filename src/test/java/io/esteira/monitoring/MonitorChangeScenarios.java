package io.esteira.monitoring;

import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.ChangeApprovals;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.changes.ChangeType;
import io.esteira.changes.EvidenceSection;
import io.esteira.deployments.DeploymentView;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A production monitor changes only through change management: proposed by a data scientist of the
 * area, approved by the reviewers the policy asks for; rejection and withdrawal leave it, an approval of a
 * proposal made against an older monitor does not overwrite it. Other areas neither read nor propose;
 * reviewers and managers read. /monitoring shows reviewers every area, managers their areas.
 */
abstract class MonitorChangeScenarios {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String WHY = "Card fraud scores are noisy at night; fewer, surer alerts please";

    @Autowired
    LiveDeployments live;
    @Autowired
    Personas personas;
    @Autowired
    MonitorChangeService monitors;
    @Autowired
    ChangeQueries changeQueries;
    @Autowired
    ChangeApprovals changeApprovals;
    @Autowired
    ChangeSubmissions changeSubmissions;
    @Autowired
    MonitoringOverview overview;
    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;

    @Test
    void a_production_monitor_changes_only_once_its_change_request_is_approved() {
        DeploymentView endpoint = live.liveInProduction("monitor", this::approve);
        UUID id = endpoint.id();
        MonitorView before = personas.call(DS_FRAUD, () -> monitors.monitor(id));
        assertThat(before.inForce()).isEqualTo(new MonitorSettings(0.1, 0.25, 100L, 2, 360, List.of(), 0.7, 0.8, 168));
        assertThat(before.segmentableFeatures()).contains("merchant_category", "channel").doesNotContain("amount");
        assertThat(before.pending()).isNull();

        // proposed: a normal change with the old and new settings as evidence; the monitor in force is still the old one
        MonitorView proposed = personas.call(DS_FRAUD, () -> monitors.propose(id, proposal(0.2, 0.4, 200L, List.of("channel"), before.version())));
        assertThat(proposed.inForce()).isEqualTo(before.inForce());
        assertThat(proposed.pending()).isNotNull();
        assertThat(proposed.pending().proposed().breachPsi()).isEqualTo(0.4);
        UUID firstChange = proposed.pending().changeId();
        ChangeRequestView request = personas.call(REVIEWER_RISK, () -> changeQueries.get(firstChange));
        assertThat(request.subjectType()).isEqualTo("monitor");
        assertThat(request.type()).isEqualTo(ChangeType.NORMAL);
        assertThat(request.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(request.subjectLabel()).startsWith("Monitor of " + endpoint.name());
        List<EvidenceSection> evidence = personas.call(REVIEWER_GOV, () -> changeQueries.evidence(firstChange));
        assertThat(evidence.getFirst().content()).contains("Breach PSI", "0.25", "0.4", "Segment features", "channel", "changed");
        audit.awaitEntry(AuditTrail.actionOn("monitoring.monitor-change-proposed", id.toString()));

        // a second proposal while one is pending is refused; other areas neither read nor propose; reviewers and managers only read
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> monitors.propose(id, proposal(0.15, 0.3, null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pending change"));
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> monitors.monitor(id)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> monitors.propose(id, proposal(0.15, 0.3, null, null, null))).isInstanceOf(NotFoundException.class);
        });
        personas.run(MANAGER_CREDIT, () -> assertThatThrownBy(() -> monitors.monitor(id)).isInstanceOf(NotFoundException.class));
        personas.run(REVIEWER_RISK, () -> {
            assertThat(monitors.monitor(id).pending()).isNotNull();
            assertThatThrownBy(() -> monitors.propose(id, proposal(0.15, 0.3, null, null, null))).isInstanceOf(ForbiddenException.class);
        });

        // rejected: the monitor stays as it was
        personas.run(REVIEWER_GOV, () -> changeApprovals.reject(firstChange, "Keep the thresholds until the quarterly review", request.version()));
        awaitProposal(id, firstChange, "REJECTED");
        assertThat(personas.call(DS_FRAUD, () -> monitors.monitor(id)).inForce()).isEqualTo(before.inForce());

        // withdrawn: likewise
        MonitorView second = personas.call(DS_FRAUD, () -> monitors.propose(id, proposal(0.2, 0.4, null, null, null)));
        personas.run(DS_FRAUD, () -> changeSubmissions.withdraw(second.pending().changeId(), "Wrong numbers"));
        awaitProposal(id, second.pending().changeId(), "WITHDRAWN");
        assertThat(personas.call(DS_FRAUD, () -> monitors.monitor(id)).inForce()).isEqualTo(before.inForce());

        // approved, but the monitor changed after it was proposed: the stale proposal is not applied
        MonitorView third = personas.call(DS_FRAUD, () -> monitors.propose(id, proposal(0.3, 0.5, null, null, null)));
        jdbc.update("update monitor set cooldown_minutes = 120, settings_version = settings_version + 1, row_version = row_version + 1 where deployment_id = ?", id);
        approve(third.pending().changeId());
        awaitProposal(id, third.pending().changeId(), "STALE");
        MonitorView afterStale = personas.call(DS_FRAUD, () -> monitors.monitor(id));
        assertThat(afterStale.inForce().breachPsi()).isEqualTo(0.25);
        assertThat(afterStale.inForce().cooldownMinutes()).isEqualTo(120);
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> monitors.propose(id, proposal(0.2, 0.4, null, null, before.version())))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("changed since you read it"));

        // approved: now it is in force, the change request implemented, all audited
        MonitorView fourth = personas.call(DS_FRAUD, () -> monitors.propose(id, new MonitorProposal(new MonitorSettings(0.2, 0.4, 200L, null,
                null, List.of("channel"), 0.75, 0.9, null), WHY, afterStale.version())));
        assertThat(personas.call(REVIEWER_GOV, () -> changeQueries.evidence(fourth.pending().changeId())).getFirst().content())
                .contains("Minimum daily AUC", "0.75", "Labels mature at coverage", "0.9");
        UUID approved = fourth.pending().changeId();
        assertThat(personas.call(DS_FRAUD, () -> monitors.monitor(id)).inForce().breachPsi()).as("not before approval").isEqualTo(0.25);
        approve(approved);
        awaitProposal(id, approved, "APPLIED");
        MonitorView after = personas.call(DS_FRAUD, () -> monitors.monitor(id));
        assertThat(after.inForce()).isEqualTo(new MonitorSettings(0.2, 0.4, 200L, 2, 120, List.of("channel"), 0.75, 0.9, 168));
        assertThat(after.pending()).isNull();
        await("the change implemented").atMost(PATIENCE).until(() -> personas.call(DS_FRAUD, () -> changeQueries.get(approved)).state(),
                s -> s == ChangeState.IMPLEMENTED);
        audit.awaitEntry(AuditTrail.actionOn("monitoring.monitor-changed", id.toString()));
        audit.awaitEntry(AuditTrail.actionOn("monitoring.monitor-change-rejected", id.toString()));
        audit.awaitEntry(AuditTrail.actionOn("monitoring.monitor-change-stale", id.toString()));

        // the API: the monitor in force, bad proposals as problems (nothing changed), another area's as not found
        String token = token(DS_FRAUD);
        Api.Response read = api.get("/api/v1/deployments/" + endpoint.name() + "/monitor", token);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("inForce").get("breachPsi").asDouble()).isEqualTo(0.4);
        assertThat(read.json().get("inForce").get("segmentFeatures").get(0).asString()).isEqualTo("channel");
        String path = "/api/v1/deployments/" + endpoint.name() + "/monitor/changes";
        problem(api.post(path, token, body("\"warningPsi\": 0.3, \"breachPsi\": 0.2")), "breachPsi", "below the warning PSI");
        problem(api.post(path, token, body("\"minimumRows\": 0")), "minimumRows", "between 1");
        problem(api.post(path, token, body("\"minimumAuc\": 1.5")), "minimumAuc", "below 1");
        problem(api.post(path, token, body("\"maturityCoverage\": 0")), "maturityCoverage", "above 0");
        problem(api.post(path, token, body("\"segmentFeatures\": [\"amount\"]")), "segmentFeatures", "not a categorical input feature");
        problem(api.post(path, token, body("\"segmentFeatures\": [\"channel\", \"merchant_category\", \"channel2\"]")), "segmentFeatures",
                "At most two");
        problem(api.post(path, token, "{\"breachPsi\": 0.5, \"justification\": \"too short\"}"), "justification", "20");
        Api.Response wrongType = api.post(path, token, body("\"breachPsi\": \"high\""));
        assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(400);
        assertThat(wrongType.contentType()).contains("application/problem+json");
        assertThat(personas.call(DS_FRAUD, () -> monitors.monitor(id)).pending()).as("nothing half-stored").isNull();
        String credit = token(DS_CREDIT);
        assertThat(api.get("/api/v1/deployments/" + endpoint.name() + "/monitor", credit).status()).isEqualTo(404);
        assertThat(api.post(path, credit, body("\"breachPsi\": 0.5")).status()).isEqualTo(404);
        Api.Response created = api.post(path, token, body("\"breachPsi\": 0.5"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("pending").get("proposed").get("breachPsi").asDouble()).isEqualTo(0.5);
        problem(api.post(path, token, body("\"breachPsi\": 0.6")), "settings", "pending change");
    }

    @Test
    void reviewers_see_every_areas_live_deployments_on_monitoring_and_managers_their_areas() {
        DeploymentView endpoint = live.liveInStaging("overview");
        assertThat(personas.call(REVIEWER_RISK, () -> overview.live())).anyMatch(h -> h.releaseId().equals(endpoint.id()));
        assertThat(personas.call(DS_FRAUD, () -> overview.live())).anyMatch(h -> h.releaseId().equals(endpoint.id()));
        assertThat(personas.call(DS_CREDIT, () -> overview.live())).noneMatch(h -> h.releaseId().equals(endpoint.id()));
        UUID fraud = live.fraud();
        assertThat(personas.call(MANAGER_CREDIT, () -> overview.live())).noneMatch(h -> h.areaId().equals(fraud));
    }

    @Test
    void a_staging_monitor_of_a_low_risk_model_changes_at_once_by_the_standard_change_policy_and_its_next_release_keeps_it() {
        DeploymentView endpoint = live.liveInStaging("monitor");
        MonitorView proposed = personas.call(DS_FRAUD, () -> monitors.propose(endpoint.id(), proposal(null, null, 50L, List.of("channel"), null)));
        await("applied by policy").atMost(PATIENCE).until(() -> personas.call(DS_FRAUD, () -> monitors.monitor(endpoint.id())).inForce(),
                s -> s.minimumRows() == 50 && s.segmentFeatures().equals(List.of("channel")));
        assertThat(personas.call(DS_FRAUD, () -> changeQueries.get(proposed.recent().getFirst().changeId())).type()).isEqualTo(ChangeType.STANDARD);

        // the endpoint's next release starts with the settings in force, not the defaults
        DeploymentView next = live.releaseAgain(endpoint);
        assertThat(next.id()).isNotEqualTo(endpoint.id());
        MonitorSettings inherited = await("the next release's monitor").atMost(PATIENCE).until(() -> personas.call(DS_FRAUD,
                () -> monitors.monitor(next.id())).inForce(), s -> s != null);
        assertThat(inherited.minimumRows()).isEqualTo(50);
        assertThat(inherited.segmentFeatures()).containsExactly("channel");
    }

    private static MonitorProposal proposal(Double warning, Double breach, Long minimumRows, List<String> segments, Long version) {
        return new MonitorProposal(new MonitorSettings(warning, breach, minimumRows, null, null, segments), WHY, version);
    }

    private static String body(String settings) {
        return "{" + settings + ", \"justification\": \"" + WHY + "\"}";
    }

    private static void problem(Api.Response response, String field, String words) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).contains("application/problem+json");
        assertThat(response.body()).contains(field, words);
    }

    private String token(String who) {
        return personas.call(who, () -> tokens.create(new TokenRequest("monitor", null, LocalDate.now().plusDays(1), false))).secret();
    }

    @Test
    void a_requester_who_moves_a_production_monitor_change_to_staging_does_not_get_it_applied() {
        DeploymentView endpoint = live.liveInProduction("monitor-env", this::approve);
        MonitorView proposed = personas.call(DS_FRAUD, () -> monitors.propose(endpoint.id(), proposal(0.9, 5.0, null, null, null)));
        UUID changeId = proposed.pending().changeId();
        ChangeRequestView request = personas.call(DS_FRAUD, () -> changeQueries.get(changeId));
        // staging with a tier-3 model is a standard change, approved by policy: it must not carry the production monitor with it
        personas.run(DS_FRAUD, () -> changeSubmissions.edit(changeId, new io.esteira.changes.ChangeRequestDraft(request.subjectType(), request.subjectId(),
                io.esteira.changes.Environment.STAGING, false, request.justification(), null, null, request.rollbackPlan()), request.version()));
        awaitProposal(endpoint.id(), changeId, "STALE");
        assertThat(personas.call(DS_FRAUD, () -> monitors.monitor(endpoint.id())).inForce().breachPsi()).isEqualTo(0.25);
    }

    private void approve(UUID changeId) {
        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(changeId));
        ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(changeId, "Model risk: fine as proposed", change.version()));
        personas.run(REVIEWER_GOV, () -> changeApprovals.approve(changeId, "Governance: evidence complete", afterRisk.version()));
    }

    private void awaitProposal(UUID releaseId, UUID changeId, String state) {
        await("the proposal " + state).atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> personas.call(DS_FRAUD, () -> monitors.monitor(releaseId)).recent().stream()
                        .filter(c -> changeId.equals(c.changeId())).findFirst().map(MonitorView.Change::state).orElse(""), state::equals);
    }
}
