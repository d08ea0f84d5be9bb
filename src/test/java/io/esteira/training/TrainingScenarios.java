package io.esteira.training;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.UsageLedger;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import io.esteira.training.domain.RunState;
import io.esteira.training.domain.TrainingJob;
import io.esteira.training.domain.TrainingJobs;
import io.esteira.training.domain.TrainingRun;
import io.esteira.training.domain.TrainingRuns;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Training jobs and runs end to end on a database: the sample job trains on the demo warehouse's card
 * transactions and registers a version with its lineage; jobs that break the contract register nothing;
 * a run cut off by a restart is marked lost and never run again; another area sees nothing; cancelling
 * stops the job's processes; the job's environment holds nothing of the portal's.
 */
abstract class TrainingScenarios {

    static final Duration RUN = Duration.ofSeconds(180);
    /** The demo's published feature group of Fraud, on the demo warehouse. */
    static final String GROUP = "latest_card_transaction";
    /** A few hundred transactions, every fraud among the first 3,000 and a tenth of the others: both classes, quickly. */
    static final String ENTITIES = "select customer_id, event_time as \"timestamp\", is_fraud as label from bank.card_transactions "
            + "where transaction_id <= 3000 and (is_fraud or mod(transaction_id, 10) = 0)";

    @Autowired
    TrainingService training;
    @Autowired
    RunDispatcher dispatcher;
    @Autowired
    TrainingRuns runs;
    @Autowired
    TrainingJobs jobs;
    @Autowired
    ModelRegistry registry;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    UsageLedger usage;
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
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    TrainingTriggers triggers;
    @Autowired
    io.esteira.shared.security.UserDirectory people;
    @Autowired
    io.esteira.identity.Accounts accounts;
    @Autowired
    io.esteira.costs.Budgets budgets;
    @Value("${esteira.node-id:local}")
    String node;

    UUID credit;
    UUID fraud;
    UUID warehouse;
    int groupVersion;

    @BeforeEach
    void prepare() {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        credit = all.stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        await("the demo feature group published").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> SystemActor.call(() -> {
                    try {
                        return featureGroups.getByName(GROUP).latestPublished().isPresent();
                    } catch (NotFoundException e) {
                        return false;
                    }
                }));
        FeatureGroupView.VersionView published = SystemActor.call(() -> featureGroups.getByName(GROUP).latestPublished())
                .orElseThrow();
        warehouse = published.sourceId();
        groupVersion = published.number();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    ModelView model() {
        return personas.call(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, unique("fraud-retrain"), "", "Card fraud alerts", 3,
                null, List.of())));
    }

    TrainingJobDraft draft(ModelView model, String sample, String entrypoint) {
        return new TrainingJobDraft(fraud, unique("job"), "Retrains the fraud model", model.name(),
                new TrainingJobDraft.Source("SAMPLE", sample, ""), entrypoint, null, null, Map.of("C", "0.5"), "XS", 10, 7L,
                new TrainingJobDraft.Inputs(List.of(new TrainingJobDraft.Group(GROUP, null,
                        List.of("amount", "merchant_category", "channel"))), warehouse, ENTITIES, "label", null, null));
    }

    TrainingJobView job(String sample, String entrypoint) {
        ModelView model = model();
        return personas.call(DS_FRAUD, () -> training.create(draft(model, sample, entrypoint)));
    }

    TrainingRunView awaitEnd(UUID runId) {
        await("run " + runId + " ends").atMost(RUN).pollInterval(Duration.ofMillis(300))
                .until(() -> RunState.valueOf(personas.call(DS_FRAUD, () -> training.run(runId)).state()).finished());
        return personas.call(DS_FRAUD, () -> training.run(runId));
    }

    long versions(TrainingJobView job) {
        return personas.call(DS_FRAUD, () -> registry.get(job.modelId())).versionCount();
    }

    @Test
    void a_run_of_the_sample_job_registers_a_version_with_its_full_lineage_and_is_metered() {
        TrainingJobView job = job("logistic-regression", "train.py");
        TrainingEstimate estimate = personas.call(DS_FRAUD, () -> training.estimate(job.id()));
        assertThat(estimate.maximumRun().amount()).isPositive();

        TrainingRunView queued = personas.call(DS_FRAUD, () -> training.start(job.id()));
        assertThat(queued.state()).isEqualTo("QUEUED");
        assertThat(queued.estimatedCost().amount()).isEqualByComparingTo(estimate.maximumRun().amount().setScale(2, java.math.RoundingMode.HALF_EVEN));
        TrainingRunView run = awaitEnd(queued.id());
        String log = personas.call(DS_FRAUD, () -> training.log(run.id(), 65536));
        assertThat(run.state()).as(run.reason() + "\n" + log).isEqualTo("SUCCEEDED");
        assertThat(run.modelVersion()).isEqualTo(1);
        assertThat(run.dataRows()).isBetween(300L, 400L);
        assertThat(run.codeHash()).startsWith("sha256:");
        assertThat(run.dataHash()).startsWith("sha256:");
        assertThat(run.dataGroups()).containsExactly(GROUP + " v" + groupVersion);
        assertThat(run.metrics()).containsKeys("auc", "log_loss");
        assertThat(log).contains("Read " + run.dataRows() + " rows").contains("Registered " + job.model() + " version 1");

        VersionView version = personas.call(DS_FRAUD, () -> registry.version(job.modelId(), 1));
        assertThat(version.registeredBy()).isEqualTo(DS_FRAUD);
        assertThat(version.commit()).isEqualTo(run.codeHash());
        assertThat(version.lineage().featureGroups()).extracting(Object::toString).containsExactly(GROUP + " v" + groupVersion);
        assertThat(version.lineage().trainingSet()).contains("Training run 1 of job " + job.name()).contains(run.dataRows() + " rows").contains(run.dataHash());
        assertThat(version.parameters()).containsEntry("training.job", job.name()).containsEntry("training.run_id", run.id().toString())
                .containsEntry("training.seed", "7").containsEntry("C", "0.5").containsEntry("training.data_sha256", run.dataHash());
        assertThat(version.metrics()).containsKey("auc");
        assertThat(version.signature().inputs()).extracting(io.esteira.models.TensorSpec::name)
                .containsExactlyInAnyOrder("amount", "merchant_category", "channel");
        // the registry's gates run as for any registration, and the graph the job built passes them
        await("the gates of the trained version").atMost(Duration.ofSeconds(90)).until(() ->
                !personas.call(DS_FRAUD, () -> registry.version(job.modelId(), 1)).gates().equals("PENDING")
                        && !personas.call(DS_FRAUD, () -> registry.version(job.modelId(), 1)).gates().equals("RUNNING"));
        assertThat(personas.call(DS_FRAUD, () -> registry.version(job.modelId(), 1)).gates()).isEqualTo("PASSED");

        // metered: one closed interval of the run's size, against Fraud, for the person who started it
        assertThat(usage.isOpen(RunDispatcher.USAGE_SOURCE, run.id())).isFalse();
        Map<String, Object> interval = jdbc.queryForMap("select area_id, owner_name, ended_at, model_id, parent_id from usage_record "
                + "where source_type = ? and source_id = ?", RunDispatcher.USAGE_SOURCE, run.id());
        assertThat(interval.get("area_id")).isEqualTo(fraud);
        assertThat(interval.get("ended_at")).isNotNull();
        assertThat(interval.get("model_id")).as("the cost of the job's model").isEqualTo(job.modelId());
        assertThat(interval.get("parent_id")).as("a run of its job").isEqualTo(job.id());
        audit.awaitEntry(AuditTrail.actionOn("training-run.queued", run.id().toString()));
        audit.awaitEntry(AuditTrail.actionOn("training-run.running", run.id().toString()));
        audit.awaitEntry(AuditTrail.actionOn("training-run.succeeded", run.id().toString()));
        audit.awaitEntry(AuditTrail.actionOn("training-job.created", job.id().toString()));
    }

    @Test
    void runs_that_break_the_contract_fail_with_the_reason_and_register_nothing() {
        Map<String, String> expected = Map.of(
                "fails.py", "The job exited with code 3",
                "no_model.py", "The job wrote no model.onnx",
                "bad_metrics.py", "metrics.json: the metric auc is \"excellent\", not a finite number",
                "wrong_signature.py", "The signature does not match the training set: model.onnx takes the input customer_age");
        expected.forEach((entrypoint, reason) -> {
            TrainingJobView job = job("contract", entrypoint);
            TrainingRunView run = awaitEnd(personas.call(DS_FRAUD, () -> training.start(job.id())).id());
            assertThat(run.state()).as(entrypoint).isEqualTo("FAILED");
            assertThat(run.reason()).as(entrypoint).contains(reason);
            assertThat(run.modelVersion()).isNull();
            assertThat(versions(job)).as(entrypoint + " registers nothing").isZero();
            assertThat(personas.call(DS_FRAUD, () -> training.log(run.id(), 65536))).as("the failed run keeps its log").contains("[esteira] ");
        });
    }

    @Test
    void an_entrypoint_outside_the_source_is_refused_and_nothing_is_stored() {
        ModelView model = model();
        long before = jobs.count();
        for (String entrypoint : List.of("../logistic-regression/train.py", "/etc/passwd", "missing.py")) {
            TrainingJobDraft draft = draft(model, "contract", entrypoint);
            assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.create(draft))).isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("entrypoint"));
        }
        TrainingJobDraft otherAreasModel = new TrainingJobDraft(fraud, unique("job"), "", "card_fraud_of_nobody",
                new TrainingJobDraft.Source("SAMPLE", "logistic-regression", ""), "train.py", null, null, Map.of(), "XS", 10, null,
                draft(model, "contract", "fails.py").inputs());
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.create(otherAreasModel))).hasMessageContaining("no model named");
        assertThat(jobs.count()).isEqualTo(before);
    }

    @Test
    void the_job_gets_a_clean_environment_with_the_contract_and_nothing_of_the_portals() {
        TrainingJobView job = job("contract", "env.py");
        TrainingRunView run = awaitEnd(personas.call(DS_FRAUD, () -> training.start(job.id())).id());
        String log = personas.call(DS_FRAUD, () -> training.log(run.id(), 65536));
        List<String> keys = log.lines().filter(l -> l.startsWith("ENV ")).map(l -> l.substring(4, l.indexOf('='))).toList();
        List<String> contract = List.of("PATH", "LANG", "HOME", "TMPDIR", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE",
                "PYTHONNOUSERSITE", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "ESTEIRA_RUN_ID", "ESTEIRA_RUN_NUMBER",
                "ESTEIRA_JOB", "ESTEIRA_MODEL", "ESTEIRA_INPUT_DIR", "ESTEIRA_TRAINING_SET", "ESTEIRA_INPUTS", "ESTEIRA_PARAMS",
                "ESTEIRA_OUTPUT_DIR", "ESTEIRA_SEED", "ESTEIRA_LABEL");
        assertThat(keys).as(log).containsExactlyInAnyOrderElementsOf(contract);
        assertThat(log).contains("ENV PATH=/usr/local/bin:/usr/bin:/bin").contains("ENV ESTEIRA_SEED=7").contains("ENV ESTEIRA_LABEL=label")
                .contains("ENV HOME=" + java.nio.file.Path.of("target/test-data").toAbsolutePath().normalize())
                .contains("PARAMS {").contains("\"0.5\"").contains("HEADER customer_id,timestamp,label,amount,merchant_category,channel")
                .contains("ROWS " + run.dataRows());
        // whatever the portal's process holds stays with it: none of its own variables, none of their values
        System.getenv().forEach((k, v) -> {
            if (!contract.contains(k)) {
                assertThat(keys).doesNotContain(k);
                if (v.length() > 6) {
                    assertThat(log).doesNotContain("=" + v + "\n");
                }
            }
        });
    }

    @Test
    void cancelling_a_running_job_stops_its_processes_and_registers_nothing() {
        TrainingJobView job = job("contract", "sleeps.py");
        UUID runId = personas.call(DS_FRAUD, () -> training.start(job.id())).id();
        Pattern pids = Pattern.compile("PIDS (\\d+) (\\d+)");
        await("the job started its processes").atMost(RUN).pollInterval(Duration.ofMillis(300))
                .until(() -> pids.matcher(personas.call(DS_FRAUD, () -> training.log(runId, 65536))).find());
        Matcher m = pids.matcher(personas.call(DS_FRAUD, () -> training.log(runId, 65536)));
        assertThat(m.find()).isTrue();
        long parent = Long.parseLong(m.group(1));
        long child = Long.parseLong(m.group(2));
        assertThat(ProcessHandle.of(child)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> training.cancel(runId)).isInstanceOf(NotFoundException.class));
        TrainingRunView cancelling = personas.call(DS_FRAUD, () -> training.cancel(runId));
        assertThat(cancelling.cancelRequested()).isTrue();
        TrainingRunView run = awaitEnd(runId);
        assertThat(run.state()).isEqualTo("CANCELLED");
        assertThat(run.reason()).contains("Cancelled by " + DS_FRAUD);
        await("the processes are gone").atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(parent).map(p -> !p.isAlive()).orElse(true) && ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        assertThat(versions(job)).isZero();
        assertThat(usage.isOpen(RunDispatcher.USAGE_SOURCE, runId)).isFalse();
        audit.awaitEntry(AuditTrail.actionOn("training-run.cancel-requested", runId.toString()));
        audit.awaitEntry(AuditTrail.actionOn("training-run.cancelled", runId.toString()));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> training.cancel(runId)).hasMessageContaining("has ended already"));
    }

    /** A run as a node leaves it when it stops: claimed and marked running with a process, in one transaction (no node can take it). */
    TrainingRun runningOn(TrainingJobView view, String onNode, long pid, Instant pidStartedAt, Instant heartbeat) {
        return new TransactionTemplate(transactions).execute(s -> {
            TrainingJob job = jobs.findById(view.id()).orElseThrow();
            TrainingRun run = runs.saveAndFlush(new TrainingRun(job, runs.maxNumber(job.getId()) + 1, "local",
                    new TrainingRun.Requester(personas.user(DS_FRAUD).userId(), DS_FRAUD, "Fraud data scientist", "USER", "DATA_SCIENTIST",
                            null, null), new TrainingRun.Size("XS", 1, 2, null, 0), "{}", BigDecimal.ONE, "EUR", Instant.now()));
            assertThat(runs.claim(run.getId(), onNode, heartbeat)).isEqualTo(1);
            TrainingRun claimed = runs.findById(run.getId()).orElseThrow();
            claimed.running(pid, pidStartedAt, heartbeat);
            return runs.saveAndFlush(claimed);
        });
    }

    @Test
    void a_run_cut_off_by_a_restart_is_marked_lost_its_process_stopped_and_never_run_again() throws Exception {
        TrainingJobView job = job("contract", "sleeps.py");
        Process leftOver = new ProcessBuilder("sleep", "600").start();
        TrainingRun alive = runningOn(job, node, leftOver.pid(), leftOver.info().startInstant().orElseThrow(), Instant.now());
        TrainingRun gone = runningOn(job, node, 999_999_999L, Instant.now(), Instant.now());

        dispatcher.recoverThisNode();

        TrainingRunView lostAlive = personas.call(DS_FRAUD, () -> training.run(alive.getId()));
        assertThat(lostAlive.state()).isEqualTo("LOST");
        assertThat(lostAlive.reason()).contains("restarted during the run").contains("was still running and was stopped");
        assertThat(leftOver.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the left-over process is stopped").isTrue();
        TrainingRunView lostGone = personas.call(DS_FRAUD, () -> training.run(gone.getId()));
        assertThat(lostGone.state()).isEqualTo("LOST");
        assertThat(lostGone.reason()).contains("its process is gone").contains("not run again");

        // never run twice: dispatching again takes neither, and no other run of the job appears
        dispatcher.dispatch();
        assertThat(List.of(alive.getId(), gone.getId())).allSatisfy(id -> {
            assertThat(runs.findById(id).orElseThrow().getState()).isEqualTo(RunState.LOST);
            assertThat(dispatcher.watchedRuns()).doesNotContain(id);
        });
        assertThat(personas.call(DS_FRAUD, () -> training.runs(job.id(), PageRequest.of(0, 10))).getTotalElements()).isEqualTo(2);
        audit.awaitEntry(AuditTrail.actionOn("training-run.lost", alive.getId().toString()));
    }

    @Test
    void a_run_of_a_node_that_stopped_answering_is_marked_lost_by_another() {
        TrainingJobView job = job("contract", "sleeps.py");
        TrainingRun silent = runningOn(job, "node-gone", 999_999_998L, Instant.now(), Instant.now().minus(Duration.ofMinutes(10)));
        dispatcher.endSilentRuns();
        TrainingRunView lost = personas.call(DS_FRAUD, () -> training.run(silent.getId()));
        assertThat(lost.state()).isEqualTo("LOST");
        assertThat(lost.reason()).contains("Node node-gone stopped answering");
    }

    @Test
    void another_area_cannot_see_run_or_cancel_jobs_through_the_service_or_the_api() {
        TrainingJobView job = job("contract", "fails.py");
        TrainingRunView run = awaitEnd(personas.call(DS_FRAUD, () -> training.start(job.id())).id());
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> training.job(job.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.start(job.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.runs(job.id(), PageRequest.of(0, 10))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.run(run.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.log(run.id(), 1000)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.cancel(run.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.delete(job.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.jobs(fraud, "", PageRequest.of(0, 10))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.areaRuns(fraud, PageRequest.of(0, 10))).isInstanceOf(NotFoundException.class);
        });
        String credit = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("training-" + UUID.randomUUID().toString().substring(0, 8),
                null, LocalDate.now().plusDays(1), false))).secret();
        assertThat(api.get("/api/v1/training/jobs/" + job.id(), credit).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/training/jobs/" + job.id() + "/runs", credit, "{}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/training/runs/" + run.id() + "/log", credit).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/training/runs/" + run.id() + "/cancel", credit, "{}").status()).isEqualTo(404);
        String fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("training-" + UUID.randomUUID().toString().substring(0, 8),
                null, LocalDate.now().plusDays(1), false))).secret();
        Api.Response own = api.get("/api/v1/training/runs/" + run.id(), fraudToken);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("state").asString()).isEqualTo("FAILED");
        Api.Response bad = api.post("/api/v1/training/jobs", fraudToken, """
                {"areaId": "%s", "name": "Not A Name", "model": "x", "source": {"kind": "SAMPLE", "ref": "contract"},
                 "entrypoint": "fails.py", "sizeCode": "XS", "inputs": {"groups": [{"name": "%s"}], "sourceId": "%s", "sql": "select 1"}}"""
                .formatted(fraud, GROUP, warehouse));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).contains("application/problem+json");
    }

    // --- schedules

    static final TrainingJobDraft.Schedule DAILY = new TrainingJobDraft.Schedule("0 0 6 * * ?", "Europe/Lisbon", null);

    @Test
    void a_scheduled_job_keeps_its_trigger_and_a_fire_runs_it_once_as_the_person_who_set_the_schedule() {
        ModelView model = model();
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(draft(model, "contract", "fails.py").withSchedule(DAILY)));
        assertThat(job.schedule().cron()).isEqualTo("0 0 6 * * ?");
        assertThat(job.schedule().zone()).isEqualTo("Europe/Lisbon");
        assertThat(job.schedule().inWords()).contains("06:00").contains("Europe/Lisbon");
        assertThat(job.schedule().nextRun()).isAfter(Instant.now());
        assertThat(job.schedule().owner()).isEqualTo(DS_FRAUD);
        assertThat(triggers.exists(job.id())).as("the clustered job store holds its trigger").isTrue();
        assertThat(audit.awaitEntry(AuditTrail.actionOn("training-job.created", job.id().toString())).details())
                .contains("0 0 6 * * ? Europe/Lisbon");

        Instant fire = Instant.parse("2026-03-02T06:00:00Z");
        TrainingRunView run = SystemActor.call(() -> training.fired(job.id(), fire)).orElseThrow();
        assertThat(run.scheduledFor()).isEqualTo(fire);
        assertThat(run.requestedBy()).as("it acts for the person who set the schedule").isEqualTo(personas.user(DS_FRAUD).displayName());
        assertThat(run.estimatedCost().amount()).isPositive();
        // the same fire again (a recovered trigger, another node) starts nothing
        assertThat(SystemActor.call(() -> training.fired(job.id(), fire))).isEmpty();
        TrainingRunView ended = awaitEnd(run.id());
        assertThat(ended.state()).isEqualTo("FAILED");
        assertThat(SystemActor.call(() -> training.fired(job.id(), fire))).isEmpty();
        assertThat(personas.call(DS_FRAUD, () -> training.runs(job.id(), PageRequest.of(0, 10))).getTotalElements()).isEqualTo(1);
        assertThat(audit.awaitEntry(AuditTrail.actionOn("training-run.queued", run.id().toString())).actor()).contains(DS_FRAUD);
        assertThat(personas.call(DS_FRAUD, () -> training.job(job.id())).lastRun().id()).isEqualTo(run.id());

        // the schedule changes with the job; without one, and once deleted, the job has no trigger
        TrainingJobView current = personas.call(DS_FRAUD, () -> training.job(job.id()));
        TrainingJobView weekly = personas.call(DS_FRAUD, () -> training.update(job.id(), current.toDraft()
                .withSchedule(new TrainingJobDraft.Schedule("0 30 7 ? * MON", "UTC", "PORTUGAL")), current.version()));
        assertThat(weekly.schedule().calendar()).isEqualTo("PORTUGAL");
        assertThat(weekly.schedule().inWords()).contains("Monday");
        TrainingJobView unscheduled = personas.call(DS_FRAUD, () -> training.update(job.id(), weekly.toDraft().withSchedule(null), weekly.version()));
        assertThat(unscheduled.schedule()).isNull();
        assertThat(triggers.exists(job.id())).isFalse();
        assertThat(SystemActor.call(() -> training.fired(job.id(), fire.plus(Duration.ofDays(1))))).as("no schedule, no run").isEmpty();
        TrainingJobView again = personas.call(DS_FRAUD, () -> training.update(job.id(), unscheduled.toDraft().withSchedule(DAILY), unscheduled.version()));
        assertThat(triggers.exists(job.id())).isTrue();
        personas.run(DS_FRAUD, () -> training.delete(again.id()));
        assertThat(triggers.exists(job.id())).isFalse();
    }

    @Test
    void a_fire_that_cannot_start_a_run_starts_none_and_the_job_and_the_audit_say_why() {
        ModelView model = model();
        TrainingJobDraft d = draft(model, "contract", "sleeps.py");
        // ten hours at most: a run that a budget of a cent cannot hold
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(new TrainingJobDraft(d.areaId(), d.name(), d.description(), d.model(),
                d.source(), d.entrypoint(), d.environment(), d.runner(), d.parameters(), d.sizeCode(), 600, d.seed(), d.inputs(), DAILY)));
        UUID manual = personas.call(DS_FRAUD, () -> training.start(job.id())).id();
        await("the run by hand is running").atMost(RUN).pollInterval(Duration.ofMillis(300))
                .until(() -> personas.call(DS_FRAUD, () -> training.run(manual)).state().equals("RUNNING"));
        try {
            Instant fire = Instant.parse("2026-03-03T06:00:00Z");
            assertThat(SystemActor.call(() -> training.fired(job.id(), fire))).isEmpty();
            TrainingJobView skipped = personas.call(DS_FRAUD, () -> training.job(job.id()));
            assertThat(skipped.schedule().skippedReason()).contains("did not start").contains("still under way");
            assertThat(audit.awaitEntry(AuditTrail.actionOn("training-job.schedule-skipped", job.id().toString())).outcome()).isEqualTo("FAILED");
        } finally {
            personas.call(DS_FRAUD, () -> training.cancel(manual));
            awaitEnd(manual);
        }

        // the area's budget policy refuses a scheduled run as it refuses one by hand
        io.esteira.costs.BudgetPlan before = personas.call(ADMIN, () -> budgets.get(fraud));
        personas.call(ADMIN, () -> budgets.put(fraud, new io.esteira.costs.BudgetChange(new io.esteira.costs.Budget(null, null,
                new BigDecimal("0.01"), before.currency(), null, null, false), null, io.esteira.costs.BudgetPolicy.REFUSE, null)));
        try {
            Instant fire = Instant.parse("2026-03-04T06:00:00Z");
            assertThat(SystemActor.call(() -> training.fired(job.id(), fire))).isEmpty();
            assertThat(personas.call(DS_FRAUD, () -> training.job(job.id())).schedule().skippedReason())
                    .contains("would take the area over its budget");
            personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> training.start(job.id())).hasMessageContaining("over its budget"));
            assertThat(personas.call(DS_FRAUD, () -> training.runs(job.id(), PageRequest.of(0, 10))).getTotalElements()).isEqualTo(1);
        } finally {
            personas.call(ADMIN, () -> budgets.put(fraud, new io.esteira.costs.BudgetChange(before.area(), before.models(), before.policy(),
                    before.webhookUrl())));
        }
    }

    @Test
    void a_wrong_schedule_is_refused_on_its_field_and_nothing_is_stored() {
        ModelView model = model();
        long before = jobs.count();
        Map<TrainingJobDraft.Schedule, String> wrong = Map.of(
                new TrainingJobDraft.Schedule("every day", "UTC", null), "schedule.cron",
                new TrainingJobDraft.Schedule("0 * * * * ?", "UTC", null), "schedule.cron",
                new TrainingJobDraft.Schedule("0 0 6 * * ? 2001", "UTC", null), "schedule.cron",
                new TrainingJobDraft.Schedule("0 0 6 * * ?", "Mars/Olympus", null), "schedule.zone",
                new TrainingJobDraft.Schedule("0 0 6 * * ?", "UTC", "LUNAR"), "schedule.calendar");
        wrong.forEach((schedule, field) -> {
            TrainingJobDraft draft = draft(model, "contract", "fails.py").withSchedule(schedule);
            assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.create(draft))).as(schedule.toString())
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey(field));
        });
        assertThat(jobs.count()).isEqualTo(before);
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.create(draft(model, "contract", "fails.py")
                .withSchedule(new TrainingJobDraft.Schedule("0 * * * * ?", "UTC", null))))).hasMessageContaining("at most every 15 minutes");
    }

    @Test
    void the_api_sets_and_shows_the_schedule_and_another_area_cannot_change_it() {
        ModelView model = model();
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(draft(model, "contract", "fails.py")));
        String fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("training-" + UUID.randomUUID().toString().substring(0, 8),
                null, LocalDate.now().plusDays(1), false))).secret();
        Api.Response read = api.get("/api/v1/training/jobs/" + job.id(), fraudToken);
        assertThat(read.json().get("schedule").isNull()).isTrue();
        String body = read.body().replace("\"schedule\":null", "\"schedule\":{\"cron\":\"0 15 5 ? * MON-FRI\",\"zone\":\"Europe/Lisbon\"}");
        Api.Response put = api.put("/api/v1/training/jobs/" + job.id(), fraudToken, "\"" + job.version() + "\"", body);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("schedule").get("cron").asString()).isEqualTo("0 15 5 ? * MON-FRI");
        assertThat(put.json().get("schedule").get("inWords").asString()).contains("05:15");
        assertThat(triggers.exists(job.id())).isTrue();

        TrainingJobView scheduled = personas.call(DS_FRAUD, () -> training.job(job.id()));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> training.update(job.id(), scheduled.toDraft().withSchedule(null), scheduled.version()))
                .isInstanceOf(NotFoundException.class));
        assertThat(triggers.exists(job.id())).isTrue();
        personas.run(DS_FRAUD, () -> training.delete(job.id()));
    }

    @Test
    void the_demo_training_job_is_set_up_once_as_its_data_scientist_and_its_first_run_registers_a_version() {
        DemoTrainingJob demo = new DemoTrainingJob(training, registry, featureGroups, areas, people, accounts);
        SystemActor.run(demo::ensure);
        SystemActor.run(demo::ensure);
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.jobByName(fraud, DemoTrainingJob.JOB));
        assertThat(job.createdBy()).isEqualTo(DS_FRAUD);
        assertThat(job.model()).isEqualTo(DemoTrainingJob.MODEL);
        assertThat(job.schedule().inWords()).contains("Monday");
        assertThat(triggers.exists(job.id())).isTrue();
        List<TrainingRunView> all = personas.call(DS_FRAUD, () -> training.runs(job.id(), PageRequest.of(0, 10))).getContent();
        assertThat(all).as("set up once, run once").hasSize(1);
        TrainingRunView run = awaitEnd(all.getFirst().id());
        assertThat(run.state()).as(run.reason() + "\n" + personas.call(DS_FRAUD, () -> training.log(run.id(), 65536))).isEqualTo("SUCCEEDED");
        assertThat(run.modelVersion()).isEqualTo(1);
        assertThat(run.costSoFar()).as("billed for the seconds it ran").isPositive().isLessThan(run.estimatedCost().amount());
        assertThat(personas.call(DS_FRAUD, () -> training.compared(run.id()))).extracting(TrainingRunView::id).containsExactly(run.id());
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> training.run(run.id())).isInstanceOf(NotFoundException.class));
        personas.run(DS_FRAUD, () -> training.delete(job.id()));
    }

    @Test
    void the_training_set_preview_shows_the_first_rows_and_counts_them_and_can_be_cancelled() {
        TrainingJobDraft.Inputs inputs = draft(model(), "contract", "fails.py").inputs();
        java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
        TrainingService.TrainingSetPreview preview = personas.call(DS_FRAUD, () -> training.previewSet(fraud, inputs, progress::set, () -> false));
        assertThat(preview.header()).containsExactly("customer_id", "timestamp", "label", "amount", "merchant_category", "channel");
        assertThat(preview.rows()).hasSize(TrainingService.PREVIEW_ROWS).allSatisfy(r -> assertThat(r).hasSize(6));
        assertThat(preview.totalRows()).isBetween(300L, 400L);
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.previewSet(fraud, inputs, r -> { }, () -> true)))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> training.previewSet(fraud, inputs, r -> { }, () -> false))
                .isInstanceOf(NotFoundException.class));
        io.esteira.costs.CostQuote quote = personas.call(DS_FRAUD, () -> training.quote(fraud, "XS", 10));
        assertThat(quote.perRun()).isPositive().isEqualByComparingTo(quote.thisMonth());
        assertThat(quote.runsPerMonth()).isEqualTo(1);
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.quote(fraud, "XS", 0)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("maxRunMinutes"));
    }
}
