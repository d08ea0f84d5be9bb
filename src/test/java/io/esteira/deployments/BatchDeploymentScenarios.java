package io.esteira.deployments;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.Environment;
import io.esteira.changes.EvidenceSection;
import io.esteira.deployments.batch.BatchDeployments;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.DataSourceDraft;
import io.esteira.features.DataSourceService;
import io.esteira.features.DemoWarehouse;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureGroupDraft;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.SourceQuery;
import io.esteira.scheduling.RunView;
import io.esteira.scheduling.ScheduleDefinitions;
import io.esteira.scheduling.ScheduleDraft;
import io.esteira.scheduling.ScheduleRunner;
import io.esteira.scheduling.ScheduleView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import tools.jackson.databind.JsonNode;

/**
 * Batch deployments of the demo model {@code card_fraud} (Fraud): their schedule is the scheduling
 * capability's, paused until the change is approved; each run scores the input with the live release
 * and replaces the output table of Fraud's schema in the demo warehouse, with the predictions ONNX
 * Runtime gives on the same rows; its runs are the deployment's; a later release keeps the schedule;
 * retiring stops it; bad specs are refused naming the field; another area finds nothing.
 */
abstract class BatchDeploymentScenarios extends DeploymentFixture {

    static final String GROUP = "latest_card_transaction";
    static final String JUSTIFICATION = "Nightly fraud scores of every card transaction for the investigators' queue";
    static final String ROLLBACK = "Retire the deployment; yesterday's table stays";

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate portal;
    @Autowired
    BatchDeployments batch;
    @Autowired
    ScheduleDefinitions scheduleDefinitions;
    @Autowired
    ScheduleRunner scheduleRunner;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;

    UUID demoSource;

    @BeforeEach
    void findTheDemoSource() {
        demoSource = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
    }

    static String table(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    DeploymentDraft draft(String name, Environment environment, Rollout rollout, BatchSpec spec) {
        return new DeploymentDraft(demo.id(), name, environment, ServingMode.BATCH, null, rollout, null, null, null, null, null, spec,
                JUSTIFICATION, ROLLBACK);
    }

    static BatchSpec featureGroup(String outputTable, String cron) {
        return new BatchSpec(BatchSpec.Input.FEATURE_GROUP, GROUP, null, null, outputTable, cron, "Europe/Lisbon", null);
    }

    BatchSpec query(String sql, String outputTable, String cron) {
        return new BatchSpec(BatchSpec.Input.QUERY, null, demoSource, sql, outputTable, cron, "UTC", null);
    }

    ScheduleView awaitSchedule(UUID releaseId, Predicate<ScheduleView> until) {
        return await("the schedule of " + releaseId).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> batch.schedule(releaseId)).orElseThrow(), until::test);
    }

    List<RunView> runs(UUID releaseId) {
        return personas.call(DS_FRAUD, () -> batch.runs(releaseId, PageRequest.of(0, 200))).getContent();
    }

    RunView awaitRun(UUID releaseId, UUID runId) {
        return await("run " + runId).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> runs(releaseId).stream().filter(r -> r.id().equals(runId)).findFirst().orElse(null),
                        r -> r != null && !r.state().equals("RUNNING"));
    }

    List<Map<String, Object>> output(String table, String orderBy, int limit) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", "");
                ResultSet rs = c.createStatement().executeQuery("select * from \"area_fraud\".\"" + table + "\" order by " + orderBy
                        + " limit " + limit)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void an_approved_batch_deployment_of_a_feature_group_run_now_writes_every_row_with_the_predictions_onnx_runtime_gives() throws Exception {
        String token = serviceToken(fraud, unique("fraud-batch-app"));
        String name = unique("fraud-nightly");
        String output = table("fraud_scores");
        Response created = api.post("/api/v1/deployments", token, JSON.writeValueAsString(Map.of("versionId", demo.id().toString(),
                "name", name, "environment", "PRODUCTION", "mode", "BATCH", "batch", Map.of("input", "FEATURE_GROUP", "featureGroup", GROUP,
                        "outputTable", output, "cron", "0 30 2 * * ?", "zone", "Europe/Lisbon", "calendar", "TARGET2"),
                "justification", JUSTIFICATION, "rollbackPlan", ROLLBACK)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("mode").asString()).isEqualTo("BATCH");
        assertThat(created.json().get("state").asString()).isEqualTo("PENDING_APPROVAL");
        UUID id = UUID.fromString(created.json().get("id").asString());
        UUID changeId = UUID.fromString(created.json().get("changeId").asString());

        // the schedule exists at once, paused, and belongs to the deployment
        ScheduleView pending = personas.call(DS_FRAUD, () -> batch.schedule(id)).orElseThrow();
        assertThat(pending.state()).isEqualTo("PAUSED");
        assertThat(pending.nextFires()).isEmpty();
        assertThat(pending.managedBy()).isEqualTo("the batch deployment " + name);
        assertThat(pending.targetTable()).isEqualTo(output);
        assertThat(pending.targetMode()).isEqualTo("REPLACE");
        assertThat(pending.calendar()).isEqualTo("TARGET2");
        assertThat(pending.sql()).contains("amount", "merchant_category", "channel", "bank.card_transactions");
        // reviewers see what it reads, writes and when
        List<EvidenceSection> evidence = personas.call(REVIEWER_GOV, () -> changeQueries.evidence(changeId));
        assertThat(evidence.getFirst().content()).contains("feature group " + GROUP, output, "TARGET2");
        // nothing runs before approval
        Response early = api.post("/api/v1/deployments/releases/" + id + "/run", token, "{}");
        assertThat(early.status()).as(early.toString()).isEqualTo(400);
        assertThat(early.json().get("detail").asString()).contains("no live release");

        approve(changeId);
        DeploymentView live = awaitRelease(id, DeploymentState.LIVE);
        ScheduleView active = awaitSchedule(id, s -> s.state().equals("ACTIVE"));
        assertThat(active.id()).isEqualTo(pending.id());
        assertThat(active.nextFires()).isNotEmpty();
        audit.awaitEntry(AuditTrail.actionOn("schedule.resumed", active.id().toString()));

        // run now through the deployment: every transaction scored, a chunk of at most 1,000 rows at a time
        Response started = api.post("/api/v1/deployments/releases/" + id + "/run", token, "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        RunView run = awaitRun(id, UUID.fromString(started.json().get("id").asString()));
        assertThat(run.state()).as(run.error() + "\n" + run.log()).isEqualTo("SUCCEEDED");
        assertThat(run.trigger()).isEqualTo("MANUAL");
        assertThat(portal.queryForObject("select count(*) from usage_record where source_type = 'batch-run' and source_id = ? "
                + "and ended_at is not null", Long.class, run.id())).as("the run is metered as batch scoring, and closed").isOne();
        List<Object> charged = portal.queryForObject("select model_id, model_name, parent_id from usage_record "
                + "where source_type = 'batch-run' and source_id = ?", (rs, i) -> List.<Object>of(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3, UUID.class)), run.id());
        assertThat(charged)
                .as("charged to the live release's model, as a run of the endpoint's schedule")
                .containsExactly(live.modelId(), live.model(), active.id());
        org.slf4j.LoggerFactory.getLogger(getClass()).info("Batch run of {} rows took {} ms; its log:\n{}", run.rowsRead(),
                Duration.between(run.startedAt(), run.finishedAt()).toMillis(), run.log());
        long transactions = count("select count(*) from bank.card_transactions");
        assertThat(run.rowsRead()).isEqualTo(transactions);
        assertThat(run.rowsWritten()).isEqualTo(transactions);
        long chunks = (transactions + 999) / 1000;
        assertThat(run.log()).contains("Scoring with card_fraud v" + demo.number(), live.id().toString(),
                transactions + " rows scored in " + chunks + " chunks", "replace into area_fraud." + output);
        assertThat(count("select count(*) from \"area_fraud\".\"" + output + "\"")).isEqualTo(transactions);

        // the output: the input's columns, the prediction, the version and when; the same scores as ONNX Runtime's
        List<Map<String, Object>> rows = output(output, "\"customer_id\", \"event_time\"", 300);
        assertThat(rows.getFirst().keySet()).contains("customer_id", "event_time", "amount", "merchant_category", "channel",
                "fraud_probability", "model_version", "scored_at");
        float[] expected = direct(rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(((Number) rows.get(i).get("fraud_probability")).doubleValue()).as("row " + i).isCloseTo(expected[i], within(1e-6));
            assertThat(((Number) rows.get(i).get("model_version")).intValue()).isEqualTo(demo.number());
            assertThat(rows.get(i).get("scored_at")).isNotNull();
        }
        // one prediction-log entry per chunk
        assertThat(jdbc.queryForObject("select count(*) from prediction_log where deployment_id = ? and channel = 'BATCH'", Long.class, id))
                .isEqualTo(chunks);
        assertThat(jdbc.queryForObject("select sum(row_count) from prediction_log where deployment_id = ? and channel = 'BATCH' "
                + "and outcome = 'SUCCESS'", Long.class, id)).isEqualTo(transactions);

        // the run history, through the API, by release and by name
        Response history = api.get("/api/v1/deployments/releases/" + id + "/runs", token);
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        JsonNode first = history.json().get("content").get(0);
        assertThat(first.get("id").asString()).isEqualTo(run.id().toString());
        assertThat(first.get("rowsWritten").asLong()).isEqualTo(transactions);
        assertThat(api.get("/api/v1/deployments/" + name + "/runs", token).json().get("content").get(0).get("state").asString())
                .isEqualTo("SUCCEEDED");

        // the schedule is the deployment's: not edited, paused or deleted through /schedules, but run now there
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> scheduleDefinitions.delete(active.id())).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("the batch deployment " + name);
            assertThatThrownBy(() -> scheduleDefinitions.pause(active.id())).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("the batch deployment " + name);
            assertThatThrownBy(() -> scheduleDefinitions.update(active.id(), ScheduleDraft.replacing(fraud, active.name(), "", demoSource,
                    "select 1 as one", "other", "0 0 3 * * ?", "UTC", null, 60), active.version()))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("the batch deployment " + name);
        });
        Response deleted = api.delete("/api/v1/schedules/" + active.id(), token);
        assertThat(deleted.status()).isEqualTo(400);
        assertThat(deleted.json().get("detail").asString()).contains("the batch deployment " + name);
        Response viaSchedules = api.post("/api/v1/schedules/" + active.id() + "/run", token, "{}");
        assertThat(viaSchedules.status()).as(viaSchedules.toString()).isEqualTo(202);
        RunView second = awaitRun(id, UUID.fromString(viaSchedules.json().get("id").asString()));
        assertThat(second.state()).as(String.valueOf(second.error())).isEqualTo("SUCCEEDED");

        // another area finds neither the deployment's runs nor its schedule
        String creditToken = serviceToken(credit, unique("credit-app"));
        assertThat(api.get("/api/v1/deployments/releases/" + id + "/runs", creditToken).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/deployments/releases/" + id + "/run", creditToken, "{}").status()).isEqualTo(404);
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> batch.runs(id, PageRequest.of(0, 10))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> batch.schedule(id)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> scheduleRunner.runNow(active.id())).isInstanceOf(NotFoundException.class);
        });

        // retired: the schedule stops, and a run started anyway scores nothing, saying why
        personas.run(DS_FRAUD, () -> deployments.retire(id, "Investigators moved to the online scores"));
        ScheduleView paused = awaitSchedule(id, s -> s.state().equals("PAUSED"));
        assertThat(paused.nextFires()).isEmpty();
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> batch.runNow(id)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no live release"));
        RunView afterRetire = awaitRun(id, personas.call(DS_FRAUD, () -> scheduleRunner.runNow(paused.id())).id());
        assertThat(afterRetire.state()).isEqualTo("FAILED");
        assertThat(afterRetire.error()).contains("has no live release", "RETIRED", "nothing was scored");
        assertThat(count("select count(*) from \"area_fraud\".\"" + output + "\"")).as("the table is left as it was").isEqualTo(transactions);
        audit.awaitEventsHandled();
    }

    @Test
    void a_batch_schedule_does_not_fire_before_approval_a_later_release_keeps_it_and_retiring_stops_it() throws Exception {
        String name = unique("fraud-sweep");
        String output = table("fraud_sweep");
        String sql = "select transaction_id, amount, merchant_category, channel from bank.card_transactions where transaction_id <= ";
        DeploymentView first = personas.call(DS_FRAUD, () -> deployments.request(draft(name, Environment.STAGING, null,
                query(sql + 250, output, "* * * * * ?"))));
        assertThat(first.state()).isEqualTo(DeploymentState.PENDING_APPROVAL);
        ScheduleView schedule = personas.call(DS_FRAUD, () -> batch.schedule(first.id())).orElseThrow();
        assertThat(schedule.state()).isEqualTo("PAUSED");

        // every second, but paused while its change waits for approval
        Thread.sleep(3_000);
        assertThat(runs(first.id())).isEmpty();
        assertThat(personas.call(DS_FRAUD, () -> deployments.get(first.id())).state()).isEqualTo(DeploymentState.PENDING_APPROVAL);

        approve(first.changeId());
        awaitRelease(first.id(), DeploymentState.LIVE);
        RunView fired = await("a scheduled run").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> runs(first.id()).stream().filter(r -> r.trigger().equals("SCHEDULE") && r.state().equals("SUCCEEDED")).findFirst()
                        .orElse(null), r -> r != null);
        assertThat(fired.rowsWritten()).isEqualTo(250);
        assertThat(fired.log()).contains(first.id().toString());
        List<Map<String, Object>> rows = output(output, "\"transaction_id\"", 250);
        assertThat(rows).hasSize(250);
        float[] expected = direct(rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(((Number) rows.get(i).get("fraud_probability")).doubleValue()).as("row " + i).isCloseTo(expected[i], within(1e-6));
        }

        // a later release of the endpoint: the same schedule, which takes the new spec once that release is live
        DeploymentView second = personas.call(DS_FRAUD, () -> deployments.request(draft(name, Environment.STAGING, null,
                query(sql + 120, output, "*/2 * * * * ?"))));
        assertThat(personas.call(DS_FRAUD, () -> batch.schedule(second.id())).orElseThrow().id()).isEqualTo(schedule.id());
        assertThat(personas.call(DS_FRAUD, () -> batch.schedule(second.id())).orElseThrow().sql()).endsWith("<= 250");
        approve(second.changeId());
        awaitRelease(second.id(), DeploymentState.LIVE);
        awaitRelease(first.id(), DeploymentState.RETIRED);
        ScheduleView taken = awaitSchedule(second.id(), s -> s.sql().endsWith("<= 120") && s.cron().equals("*/2 * * * * ?"));
        java.time.Instant takenAt = java.time.Instant.now();
        assertThat(taken.id()).isEqualTo(schedule.id());
        // a run that started before the schedule took the new query may still score with the new release: wait for one after
        RunView bySecond = await("a run with the second release").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> runs(second.id()).stream().filter(r -> r.state().equals("SUCCEEDED") && r.log().contains(second.id().toString())
                                && !r.startedAt().isBefore(takenAt))
                        .findFirst().orElse(null), r -> r != null);
        assertThat(bySecond.rowsWritten()).isEqualTo(120);
        assertThat(personas.call(DS_FRAUD, () -> batch.schedule(second.id())).orElseThrow().state()).isEqualTo("ACTIVE");

        // retired: no run starts any more
        personas.run(DS_FRAUD, () -> deployments.retire(second.id(), "The sweep is not needed in staging"));
        awaitSchedule(second.id(), s -> s.state().equals("PAUSED"));
        await("the last run finished").atMost(PATIENCE).until(() -> runs(second.id()).stream().noneMatch(r -> r.state().equals("RUNNING")));
        int before = runs(second.id()).size();
        Thread.sleep(3_000);
        assertThat(runs(second.id())).hasSize(before);
        audit.awaitEntry(AuditTrail.actionOn("schedule.paused", schedule.id().toString()));
        audit.awaitEventsHandled(); // the endpoint's schedule followed every release, whichever event came first
    }

    @Test
    void a_batch_request_is_checked_before_anything_is_stored_naming_the_field() {
        String name = unique("fraud-refused");
        String output = table("refused");
        long schedulesBefore = jdbc.queryForObject("select count(*) from schedule", Long.class);
        UUID creditSource = personas.call(ADMIN, () -> sources.create(new DataSourceDraft(unique("credit warehouse"), "", warehouse.url(),
                "org.h2.Driver", "sa", null, io.esteira.features.Classification.SOT, credit))).id();
        String draftGroup = ("fraud_unpublished_" + UUID.randomUUID().toString().substring(0, 8)).replace('-', '_');
        personas.run(DS_FRAUD, () -> featureGroups.register(new FeatureGroupDraft(fraud, draftGroup, "Not published yet", List.of(),
                demoSource, SourceQuery.table("bank", "card_transactions"), List.of("customer_id"), "event_time",
                List.of(new FeatureDraft("amount", Kind.NUMBER, "Amount", "EUR", false, false, null, null, List.of()),
                        new FeatureDraft("merchant_category", Kind.TEXT, "Category", null, false, false, null, null, List.of()),
                        new FeatureDraft("channel", Kind.TEXT, "Channel", null, false, false, null, null, List.of())))));
        personas.run(DS_FRAUD, () -> {
            refused(draft(name, Environment.PRODUCTION, Rollout.CANARY, featureGroup(output, "0 30 2 * * ?")), "rollout", "all at once");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.FEATURE_GROUP, "no_such_group", null, null, output,
                    "0 30 2 * * ?", "UTC", null)), "batch.featureGroup", "no feature group named no_such_group");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.FEATURE_GROUP, "customer_profile", null, null, output,
                    "0 30 2 * * ?", "UTC", null)), "batch.featureGroup", "no feature group named customer_profile");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.FEATURE_GROUP, draftGroup, null, null, output,
                    "0 30 2 * * ?", "UTC", null)), "batch.featureGroup", "no published version");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.FEATURE_GROUP, GROUP, demoSource, null, output,
                    "0 30 2 * * ?", "UTC", null)), "batch.sourceId", "leave the data source and the query out");
            refused(draft(name, Environment.PRODUCTION, null, featureGroup(output, "0 30 25 * * ?")), "batch.cron", "Part 3 (hours) at column 6 is 25");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.FEATURE_GROUP, GROUP, null, null, output,
                    "0 30 2 * * ?", "Mars/Olympus", null)), "batch.zone", "not a time zone");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.FEATURE_GROUP, GROUP, null, null, output,
                    "0 30 2 * * ?", "UTC", "CHRISTMAS_ONLY")), "batch.calendar", "not a business calendar");
            refused(draft(name, Environment.PRODUCTION, null, featureGroup("Scores-Table", "0 30 2 * * ?")), "batch.outputTable", "table name");
            refused(draft(name, Environment.PRODUCTION, null, query("delete from bank.card_transactions", output, "0 30 2 * * ?")), "batch.sql",
                    "Only SELECT");
            refused(draft(name, Environment.PRODUCTION, null, query("select * from bank.card_transactions where x = ${tomorrow}", output,
                    "0 30 2 * * ?")), "batch.sql", "Unknown parameter");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.QUERY, null, null, "select 1 as one", output,
                    "0 30 2 * * ?", "UTC", null)), "batch.sourceId", "Pick the data source");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.QUERY, null, UUID.randomUUID(),
                    "select 1 as one", output, "0 30 2 * * ?", "UTC", null)), "batch.sourceId", "There is no data source");
            refused(draft(name, Environment.PRODUCTION, null, new BatchSpec(BatchSpec.Input.QUERY, null, creditSource,
                    "select 1 as one", output, "0 30 2 * * ?", "UTC", null)), "batch.sourceId", "There is no data source");
            assertThatThrownBy(() -> deployments.get(name, null)).as("nothing stored").isInstanceOf(NotFoundException.class);
        });
        // another area cannot request a batch deployment of Fraud's model at all
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> deployments.request(draft(name, Environment.PRODUCTION, null,
                featureGroup(output, "0 30 2 * * ?")))).isInstanceOf(NotFoundException.class));
        // through the API: 400 as problem+json naming the field
        Response api400 = api.post("/api/v1/deployments", serviceToken(fraud, unique("fraud-app")), JSON.writeValueAsString(Map.of(
                "versionId", demo.id().toString(), "name", name, "environment", "PRODUCTION", "mode", "BATCH",
                "batch", Map.of("input", "FEATURE_GROUP", "featureGroup", GROUP, "outputTable", output, "cron", "every night", "zone", "UTC"),
                "justification", JUSTIFICATION, "rollbackPlan", ROLLBACK)));
        assertThat(api400.status()).as(api400.toString()).isEqualTo(400);
        assertThat(api400.contentType()).contains("application/problem+json");
        assertThat(api400.json().get("errors").get("batch.cron").asString()).isEqualTo("A cron has six or seven parts separated by spaces; this one has 2");
        assertThat(jdbc.queryForObject("select count(*) from schedule", Long.class)).as("no schedule created").isEqualTo(schedulesBefore);
        assertThat(jdbc.queryForObject("select count(*) from deployment where name = ?", Long.class, name)).isZero();
    }

    void refused(DeploymentDraft draft, String field, String message) {
        assertThatThrownBy(() -> deployments.request(draft)).as(field).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.fieldErrors()).as(e.getMessage()).containsKey(field);
            assertThat(e.fieldErrors().get(field)).contains(message);
        });
    }
}
