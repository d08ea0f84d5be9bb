package io.esteira.training;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.changes.ChangeApprovals;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.changes.ChangeType;
import io.esteira.changes.Environment;
import io.esteira.changes.EvidenceSection;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.Prediction;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionMetadata;
import io.esteira.models.VersionView;
import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.LabelDraft;
import io.esteira.monitoring.Labels;
import io.esteira.monitoring.LiveProfiles;
import io.esteira.monitoring.PerformanceResults;
import io.esteira.monitoring.statistics.ClassificationPerformance;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.identity.TokenRequest;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The retraining loop on a database, from a real monitor alert: a risk-tier-2 copy of the demo model live in
 * production answers 200 transactions whose labels say it got them backwards; the day's realised AUC opens a
 * performance alert; the model's retraining policy turns it into a recommendation with its evidence for Fraud's data
 * scientists; accepting it runs the sample job on the fresh window; the version it registers is compared with the
 * champion on the same matured, labelled rows; its promotion is a change request of the usual deployment path that
 * needs a model-risk reviewer, that its requester cannot approve, and that puts the challenger live once approved.
 */
abstract class RetrainingScenarios {

    static final Duration PATIENCE = Duration.ofSeconds(180);
    static final String GROUP = "latest_card_transaction";
    static final String ENTITIES = "select customer_id, event_time as \"timestamp\", is_fraud as label from bank.card_transactions "
            + "where transaction_id <= 3000 and (is_fraud or mod(transaction_id, 10) = 0)";

    @Autowired
    Retraining retraining;
    @Autowired
    TrainingService training;
    @Autowired
    ModelRegistry registry;
    @Autowired
    DeploymentService deployments;
    @Autowired
    ChangeQueries changeQueries;
    @Autowired
    ChangeApprovals changeApprovals;
    @Autowired
    ChangeSubmissions changeSubmissions;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    Labels labels;
    @Autowired
    LiveProfiles profiles;
    @Autowired
    PerformanceResults performance;
    @Autowired
    AreaService areas;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    io.esteira.identity.ApiTokenService tokens;
    @Autowired
    io.esteira.support.Api api;

    UUID fraud;
    UUID warehouse;

    @BeforeEach
    void prepare() {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        await("the demo feature group published").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> SystemActor.call(() -> {
                    try {
                        return featureGroups.getByName(GROUP).latestPublished().isPresent();
                    } catch (NotFoundException e) {
                        return false;
                    }
                }));
        FeatureGroupView.VersionView published = SystemActor.call(() -> featureGroups.getByName(GROUP).latestPublished()).orElseThrow();
        warehouse = published.sourceId();
    }

    /** A model live in production with a retraining job, and what it answered. */
    record Loop(ModelView model, DeploymentView release, TrainingJobView job, Prediction call) {
    }

    /** A tier-2 copy of the demo model, live in production (approved by both reviewers), with a job that retrains it. */
    Loop live(String prefix) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ModelView demoModel = await("the demo model's champion").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> {
                    try {
                        return registry.getByName("card_fraud", fraud);
                    } catch (NotFoundException e) {
                        return null;
                    }
                }), m -> m != null && m.champion().isPresent());
        VersionView demo = personas.call(DS_FRAUD, () -> registry.production(demoModel.id())).orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        personas.run(DS_FRAUD, () -> registry.download(demo.modelId(), demo.number()).writer().accept(bytes));
        ModelView model = personas.call(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, prefix + "-" + suffix,
                "A copy of the demo model", "Card fraud alerts", 2, null, List.of())));
        VersionMetadata metadata = new VersionMetadata(demo.signature(), demo.metrics(), demo.parameters(), demo.lineage(), demo.commit(),
                demo.ciRunUrl(), "# A copy of the demo model", demo.sha256(), null, null);
        VersionView v1 = personas.call(DS_FRAUD, () -> registry.register(model.id(), metadata, new ByteArrayInputStream(bytes.toByteArray())));
        await("the gates of the copy").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> registry.versionById(v1.id())), VersionView::gatesDone);
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(v1.id(), prefix + "-" + suffix,
                Environment.PRODUCTION, null, null, null, null, null, null, null, 100, null, "Scores card transactions at authorisation",
                "Retire the deployment; authorisation falls back to the rules")));
        approveByBoth(requested.changeId());
        DeploymentView release = await("the copy live").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> deployments.get(requested.id())), d -> d.state() == DeploymentState.LIVE);
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(new TrainingJobDraft(fraud, "retrain-" + suffix, "Retrains the copy",
                model.name(), new TrainingJobDraft.Source("SAMPLE", "logistic-regression", ""), "train.py", null, null, Map.of("C", "0.5"),
                "XS", 10, 7L, new TrainingJobDraft.Inputs(List.of(new TrainingJobDraft.Group(GROUP, null, List.of("amount", "merchant_category",
                        "channel"))), warehouse, ENTITIES, "label", null, null), null)));
        awayFromTheEndOfAnHour();
        Prediction call = personas.call(DS_FRAUD, () -> deployments.predict(release.name(), LiveDeployments.rows(200)));
        profiles.flush();
        return new Loop(model, release, job, call);
    }

    void approveByBoth(UUID changeId) {
        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(changeId));
        ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(changeId, "Model risk: fine as proposed", change.version()));
        personas.run(REVIEWER_GOV, () -> changeApprovals.approve(changeId, "Governance: evidence complete", afterRisk.version()));
    }

    RetrainingPolicyDraft policy(TrainingJobView job, boolean automatic, boolean onEstimate) {
        // the warehouse's transactions lie in the year before the demo's "now": a window of 400 days ending at the alert covers them
        return new RetrainingPolicyDraft(job.name(), true, true, onEstimate, automatic, 400, 0);
    }

    /** The lowest scores turn out to be fraud (the model got it backwards); 90 % of labels arrive; the hour and the day are evaluated. */
    double[] labelBackwards(Loop loop) {
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < loop.call().predictions().size(); i++) {
            scored.add(new double[] {i, ((Number) loop.call().predictions().get(i).get("fraud_probability")).doubleValue()});
        }
        List<double[]> byScore = scored.stream().sorted(Comparator.comparingDouble(s -> s[1])).toList();
        List<LabelDraft> drafts = new ArrayList<>();
        boolean[] fraudulent = new boolean[200];
        for (int i = 0; i < byScore.size(); i++) {
            int row = (int) byScore.get(i)[0];
            fraudulent[row] = i < 60;
            if (row % 10 != 9) {
                drafts.add(new LabelDraft(loop.call().requestId(), row, i < 60, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            }
        }
        personas.run(DS_FRAUD, () -> labels.receive(loop.release().name(), null, drafts, "api"));
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        await("the hour evaluated with its labels").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                SystemActor.call(() -> performance.series(loop.release().id(), Granularity.HOUR, hour, hour.plus(Duration.ofHours(1))))
                        .stream().anyMatch(p -> p.labelledRows() == 180));
        evaluate(loop.release(), Granularity.DAY, hour.truncatedTo(ChronoUnit.DAYS));
        double[] s = new double[180];
        boolean[] y = new boolean[180];
        int k = 0;
        for (int row = 0; row < 200; row++) {
            if (row % 10 != 9) {
                s[k] = ((Number) loop.call().predictions().get(row).get("fraud_probability")).doubleValue();
                y[k++] = fraudulent[row];
            }
        }
        ClassificationPerformance p = ClassificationPerformance.of(s, y, 0.01);
        return new double[] {p.auc(), p.kolmogorovSmirnov(), p.brier(), p.positives()};
    }

    void evaluate(DeploymentView release, Granularity granularity, Instant start) {
        try {
            SystemActor.run(() -> performance.evaluate(release.id(), granularity, start));
        } catch (DuplicateKeyException e) {
            SystemActor.run(() -> performance.evaluate(release.id(), granularity, start));
        }
    }

    RecommendationView awaitRecommendation(ModelView model) {
        return await("a recommendation for " + model.name()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> retraining.ofModel(model.id())), l -> !l.isEmpty()).getFirst();
    }

    RecommendationView awaitState(UUID id, String state) {
        return await("the recommendation " + state).atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> personas.call(DS_FRAUD, () -> retraining.recommendation(id)), r -> {
                    if (Set.of("FAILED", "DECLINED").contains(r.state()) && !state.equals(r.state())) {
                        throw new AssertionError("The recommendation ended " + r.state() + ": " + r.reason());
                    }
                    return r.state().equals(state);
                });
    }

    @Test
    void an_alert_recommends_retraining_with_its_evidence_and_accepting_it_leads_through_a_compared_challenger_to_an_approved_live_version() {
        Loop loop = live("retrain");
        personas.run(DS_FRAUD, () -> retraining.setPolicy(loop.model().id(), policy(loop.job(), false, false)));
        audit.awaitEntry(AuditTrail.actionOn("retraining-policy.set", loop.model().id().toString()));
        double[] realised = labelBackwards(loop);

        // the performance alert raised a recommendation, with its evidence, waiting for a person
        RecommendationView r = awaitRecommendation(loop.model());
        assertThat(r.state()).isEqualTo("OPEN");
        assertThat(r.alertCheck()).isEqualTo("performance");
        assertThat(r.alertMessage()).contains("Realised AUC");
        assertThat(r.championVersion()).isEqualTo(1);
        assertThat(r.deployment()).isEqualTo(loop.release().name());
        assertThat(r.evidence().performance()).anySatisfy(d -> {
            assertThat(d.auc()).isCloseTo(realised[0], within(1e-9));
            assertThat(d.labelledRows()).isEqualTo(180);
            assertThat(d.maturity()).isEqualTo("MATURE");
        });
        assertThat(r.evidence().labelCoverage()).isCloseTo(0.9, within(1e-9));
        assertThat(r.windowTo()).isEqualTo(r.alertWindow().truncatedTo(ChronoUnit.HOURS));
        assertThat(Duration.between(r.windowFrom(), r.windowTo())).isEqualTo(Duration.ofDays(400));
        audit.awaitEntry(AuditTrail.actionOn("retraining-recommendation.raised", r.id().toString()));
        UUID dsFraud = personas.user(DS_FRAUD).userId();
        assertThat(jdbc.queryForObject("select count(*) from notification where recipient_id = ? and topic = ? and link = ?", Long.class,
                dsFraud, "training.retraining-recommendation", "/training/recommendations/" + r.id())).isEqualTo(1);
        assertThat(personas.call(DS_FRAUD, () -> retraining.recommendations(PageRequest.of(0, 50), true)).getContent())
                .extracting(RecommendationView::id).contains(r.id());

        // another area neither sees nor accepts it
        assertThat(personas.call(DS_CREDIT, () -> retraining.recommendations(PageRequest.of(0, 50), false)).getContent())
                .extracting(RecommendationView::id).doesNotContain(r.id());
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> retraining.recommendation(r.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> retraining.accept(r.id(), r.version()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> retraining.policy(loop.model().id()))).isInstanceOf(NotFoundException.class);
        // a decline needs a reason
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> retraining.decline(r.id(), " ", r.version())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("reason"));
        assertThat(personas.call(DS_FRAUD, () -> retraining.recommendation(r.id())).state()).isEqualTo("OPEN");

        // accepted: the job runs on the fresh window, recorded as triggered by the recommendation
        RecommendationView accepted = personas.call(DS_FRAUD, () -> retraining.accept(r.id(), r.version()));
        assertThat(accepted.state()).isEqualTo("TRAINING");
        assertThat(accepted.decidedBy()).isEqualTo(personas.user(DS_FRAUD).displayName());
        TrainingRunView queued = personas.call(DS_FRAUD, () -> training.run(accepted.runId()));
        assertThat(queued.job()).isEqualTo(loop.job().name());
        assertThat(jdbc.queryForObject("select recommendation_id from training_run where id = ?", UUID.class, accepted.runId())).isEqualTo(r.id());
        audit.awaitEntry(AuditTrail.actionOn("retraining-recommendation.accepted", r.id().toString()));

        // the run registers the challenger, which is compared with the champion on the same matured, labelled rows
        RecommendationView trained = awaitState(r.id(), "TRAINED");
        TrainingRunView run = personas.call(DS_FRAUD, () -> training.run(trained.runId()));
        assertThat(run.state()).isEqualTo("SUCCEEDED");
        assertThat(run.dataFrom()).isEqualTo(r.windowFrom());
        assertThat(run.dataTo()).isEqualTo(r.windowTo());
        assertThat(trained.challengerVersion()).isEqualTo(2);
        ComparisonView comparison = await("the comparison").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> personas.call(DS_FRAUD, () -> retraining.comparison(r.id())), java.util.Optional::isPresent).orElseThrow();
        assertThat(comparison.state()).as(comparison.reason()).isEqualTo("DONE");
        assertThat(comparison.rows()).isEqualTo(180);
        assertThat(comparison.positives()).isEqualTo((int) realised[3]);
        assertThat(comparison.task()).isEqualTo("CLASSIFICATION");
        // the champion's figures are those monitoring computed from the scores it answered (a float's precision apart)
        assertThat(comparison.champion().auc()).isCloseTo(realised[0], within(1e-6));
        assertThat(comparison.champion().ks()).isCloseTo(realised[1], within(1e-6));
        assertThat(comparison.champion().brier()).isCloseTo(realised[2], within(1e-6));
        assertThat(comparison.loggedScoreDifference()).isLessThan(1e-6);
        assertThat(comparison.challenger().version()).isEqualTo(2);
        assertThat(comparison.challenger().scoreOutput()).isEqualTo("probability");
        assertThat(comparison.challenger().auc()).isBetween(0.0, 1.0);
        assertThat(comparison.challenger().ece()).isBetween(0.0, 1.0);
        assertThat(comparison.challenger().calibration()).hasSize(10);
        assertThat(comparison.champion().latencyP50Ms()).isPositive();
        assertThat(comparison.challenger().latencyP95Ms()).isGreaterThanOrEqualTo(comparison.challenger().latencyP50Ms());
        audit.awaitEntry(AuditTrail.actionOn("retraining-recommendation.compared", r.id().toString()));

        // promotion: a release of the challenger on the champion's endpoint, through the usual change request
        await("the challenger's gates").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> personas.call(DS_FRAUD, () -> registry.versionById(trained.challengerVersionId())), VersionView::gatesDone);
        assertThat(personas.call(DS_FRAUD, () -> registry.versionById(trained.challengerVersionId())).passedGates()).isTrue();
        RecommendationView promoting = personas.call(DS_FRAUD, () -> retraining.requestPromotion(r.id(), new PromotionDraft(
                "The retrained challenger ranks recent fraud better than the champion", "Roll back to v1", null, null), trained.version()));
        assertThat(promoting.state()).isEqualTo("PROMOTING");
        ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(promoting.changeId()));
        assertThat(change.subjectType()).isEqualTo("deployment");
        assertThat(change.type()).isEqualTo(ChangeType.NORMAL);
        assertThat(change.authorIds()).contains(dsFraud);
        List<EvidenceSection> evidence = personas.call(REVIEWER_RISK, () -> changeQueries.evidence(promoting.changeId()));
        assertThat(evidence).extracting(EvidenceSection::title).contains("Deployment", "What triggered the retraining", "The retraining run",
                "How the comparison was computed", "Retraining recommendation");
        assertThat(evidence).anySatisfy(e -> assertThat(e.title()).startsWith("Challenger v2 against champion v1 on 180 matured"));
        assertThat(evidence.stream().filter(e -> e.title().equals("What triggered the retraining")).findFirst().orElseThrow().content())
                .contains("performance", loop.release().name());
        // no emergency path around the model-risk reviewer for a tier-2 challenger
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> changeSubmissions.edit(change.id(), new io.esteira.changes.ChangeRequestDraft(
                change.subjectType(), change.subjectId(), change.environment(), true, change.justification(), null, null, change.rollbackPlan()),
                change.version()))).isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("emergency"));
        // its requester cannot approve it; the governance reviewer alone is not enough
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> changeApprovals.approve(change.id(), "I trained it myself", change.version())))
                .isInstanceOf(ForbiddenException.class);
        ChangeRequestView afterGov = personas.call(REVIEWER_GOV, () -> changeApprovals.approve(change.id(), "Governance: evidence complete",
                change.version()));
        assertThat(afterGov.state()).isEqualTo(ChangeState.SUBMITTED);
        assertThat(afterGov.stillNeeded()).contains("model-risk");
        personas.run(REVIEWER_RISK, () -> changeApprovals.approve(change.id(), "Re-validated: the challenger's comparison holds", afterGov.version()));
        DeploymentView live = await("the challenger live").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> personas.call(DS_FRAUD, () -> deployments.get(promoting.deploymentId())), d -> d.state() == DeploymentState.LIVE);
        assertThat(live.modelVersion()).isEqualTo(2);
        assertThat(live.name()).isEqualTo(loop.release().name());
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(loop.release().id())).state()).isEqualTo(DeploymentState.RETIRED);
        audit.awaitEntry(AuditTrail.actionOn("retraining-recommendation.promotion-requested", r.id().toString()));

        // the loop is closed: the recommendation is promoted and the registry's champion follows the endpoint
        RecommendationView promoted = await("promoted").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> personas.call(DS_FRAUD, () -> retraining.recommendation(r.id())), x -> x.state().equals("PROMOTED"));
        assertThat(promoted.challengerVersion()).isEqualTo(2);
        assertThat(personas.call(DS_FRAUD, () -> registry.get(loop.model().id())).champion()).contains(2);
        audit.awaitEntry(AuditTrail.actionOn("retraining-recommendation.promoted", r.id().toString()));
    }

    @Test
    void a_policy_that_starts_at_once_runs_the_job_for_its_owner_and_a_second_alert_is_counted_on_the_same_recommendation() {
        Loop loop = live("auto");
        personas.run(DS_FRAUD, () -> retraining.setPolicy(loop.model().id(), policy(loop.job(), true, true)));
        labelBackwards(loop);
        RecommendationView r = awaitRecommendation(loop.model());
        assertThat(r.automatic()).isTrue();
        RecommendationView started = await("started by the policy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> retraining.recommendation(r.id())), x -> x.runId() != null);
        assertThat(started.state()).isIn("TRAINING", "TRAINED", "FAILED");
        TrainingRunView run = personas.call(DS_FRAUD, () -> training.run(started.runId()));
        assertThat(run.requestedBy()).isEqualTo(personas.user(DS_FRAUD).displayName());
        audit.awaitEntry(AuditTrail.actionOn("retraining-recommendation.started-automatically", r.id().toString()));

        // an estimate under a minimum it cannot reach alerts too: counted on the recommendation under way, no second one
        jdbc.update("update monitor set minimum_auc = 0.999 where deployment_id = ?", loop.release().id());
        evaluate(loop.release(), Granularity.DAY, Instant.now().truncatedTo(ChronoUnit.DAYS));
        await("the second alert counted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> retraining.recommendation(r.id())).alertsSeen() == 2);
        assertThat(personas.call(DS_FRAUD, () -> retraining.ofModel(loop.model().id()))).hasSize(1);
        audit.awaitEntry(AuditTrail.actionOn("retraining-recommendation.seen-again", r.id().toString()));
        personas.run(DS_FRAUD, () -> {
            try {
                training.cancel(started.runId());
            } catch (InvalidRequestException e) {
                // ended already
            }
        });
    }

    @Test
    void declining_takes_a_reason_is_audited_and_lets_a_later_alert_recommend_again() {
        Loop loop = live("decline");
        personas.run(DS_FRAUD, () -> retraining.setPolicy(loop.model().id(), policy(loop.job(), false, true)));
        labelBackwards(loop);
        RecommendationView r = awaitRecommendation(loop.model());
        // the API: the same checks; another area's pipeline is told it is not found; bad input is problem+json on its field
        String credit = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("retrain-" + UUID.randomUUID().toString().substring(0, 8),
                null, LocalDate.now().plusDays(1), false))).secret();
        String own = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("retrain-" + UUID.randomUUID().toString().substring(0, 8),
                null, LocalDate.now().plusDays(1), false))).secret();
        assertThat(api.get("/api/v1/training/recommendations/" + r.id(), credit).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/training/recommendations/" + r.id() + "/accept", credit, "\"" + r.version() + "\"", "{}").status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/models/" + loop.model().name() + "/retraining-policy", credit).status()).isEqualTo(404);
        Api.Response read = api.get("/api/v1/training/recommendations/" + r.id(), own);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("state").asString()).isEqualTo("OPEN");
        Api.Response policy = api.get("/api/v1/models/" + loop.model().name() + "/retraining-policy", own);
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.json().get("job").asString()).isEqualTo(loop.job().name());
        Api.Response noReason = api.post("/api/v1/training/recommendations/" + r.id() + "/decline", own, "\"" + r.version() + "\"",
                "{\"reason\": \"\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.contentType()).contains("application/problem+json");
        assertThat(noReason.body()).contains("reason");
        Api.Response badPolicy = api.put("/api/v1/models/" + loop.model().name() + "/retraining-policy", own, null,
                "{\"job\": \"" + loop.job().name() + "\", \"onDrift\": true, \"windowDays\": 0, \"labelDelayHours\": 72}");
        assertThat(badPolicy.status()).isEqualTo(400);
        assertThat(badPolicy.body()).contains("windowDays");
        assertThat(personas.call(DS_FRAUD, () -> retraining.policy(loop.model().id())).orElseThrow().windowDays()).isEqualTo(400);
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> retraining.decline(r.id(), "no", r.version())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("reason"));
        RecommendationView declined = personas.call(DS_FRAUD, () -> retraining.decline(r.id(),
                "The fraud team confirmed these labels are a test batch, not real chargebacks", r.version()));
        assertThat(declined.state()).isEqualTo("DECLINED");
        assertThat(declined.reason()).contains("test batch");
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> retraining.accept(r.id(), declined.version())))
                .isInstanceOf(InvalidRequestException.class);
        audit.awaitEntry(AuditTrail.actionOn("retraining-recommendation.declined", r.id().toString()));
        // a later alert of the model (its estimate) recommends again
        jdbc.update("update monitor set minimum_auc = 0.999 where deployment_id = ?", loop.release().id());
        evaluate(loop.release(), Granularity.DAY, Instant.now().truncatedTo(ChronoUnit.DAYS));
        await("a new recommendation").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> retraining.ofModel(loop.model().id())).size() == 2);
        assertThat(personas.call(DS_FRAUD, () -> retraining.ofModel(loop.model().id())).getFirst().alertCheck()).isEqualTo("estimated performance");
    }

    @Test
    void a_policy_names_a_job_of_the_same_model_and_at_least_one_kind_of_alert() {
        ModelView model = personas.call(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, "policy-" + UUID.randomUUID().toString()
                .substring(0, 8), "", "Card fraud alerts", 2, null, List.of())));
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> retraining.setPolicy(model.id(),
                new RetrainingPolicyDraft("no-such-job", true, false, false, false, 30, 72))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("job"));
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> retraining.setPolicy(model.id(),
                new RetrainingPolicyDraft("x", true, false, false, false, 0, 72))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> retraining.setPolicy(model.id(),
                new RetrainingPolicyDraft("x", true, false, false, false, 30, 72)))).isInstanceOf(NotFoundException.class);
        assertThat(personas.call(DS_FRAUD, () -> retraining.policy(model.id()))).isEmpty();
    }

    static Instant awayFromTheEndOfAnHour() {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        if (Duration.between(now, next).compareTo(Duration.ofMinutes(2)) < 0) {
            try {
                Thread.sleep(Duration.between(now, next).plusSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Instant.now().truncatedTo(ChronoUnit.HOURS);
    }
}
