package io.esteira.monitoring;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.Prediction;
import io.esteira.features.Classification;
import io.esteira.features.DataSourceDraft;
import io.esteira.features.DataSourceService;
import io.esteira.features.SourceAccess;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.monitoring.LabelSources.LabelSourceDraft;
import io.esteira.monitoring.PerformanceResults.Performance;
import io.esteira.monitoring.statistics.ClassificationPerformance;
import io.esteira.monitoring.statistics.Maturity;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import io.esteira.support.ScratchReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Performance with ground truth that arrives late: the estimate before any label, a window with too
 * few labels that stays immature, realised metrics once enough labels are in (the same numbers when
 * labels come twice), an alert when the realised AUC is under the monitor's minimum, labels imported
 * by a query that passes the source's grants, and another area that reads none of it.
 */
abstract class PerformanceScenarios {

    @Autowired
    LiveDeployments live;
    @Autowired
    DeploymentService deployments;
    @Autowired
    LiveProfiles profiles;
    @Autowired
    Labels labels;
    @Autowired
    PerformanceResults performance;
    @Autowired
    LabelSources labelSources;
    @Autowired
    MonitoringAlerts alerts;
    @Autowired
    Personas personas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    AuditTrail audit;
    @Autowired
    DataSourceService dataSources;
    @Autowired
    SourceAccess sourceAccess;

    /** One scored row: which request and row, its score. */
    record Scored(UUID requestId, int row, double score) {
    }

    @Test
    void the_estimate_comes_first_a_window_with_few_labels_stays_immature_and_realised_metrics_follow_the_same_when_labels_come_twice() {
        DeploymentView endpoint = live.liveInStaging("perf");
        Instant hour = MonitoringScenarios.awayFromTheEndOfAnHour();
        Prediction call = personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), LiveDeployments.rows(200)));
        profiles.flush();
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < call.predictions().size(); i++) {
            scored.add(new Scored(call.requestId(), i, ((Number) call.predictions().get(i).get("fraud_probability")).doubleValue()));
        }

        // before any label: the estimate, no realised metric
        evaluate(endpoint, Granularity.HOUR, hour);
        Performance before = hourOf(endpoint, hour);
        assertThat(before.predictedRows()).isEqualTo(200);
        assertThat(before.labelledRows()).isZero();
        assertThat(before.maturity()).isEqualTo(Maturity.State.IMMATURE);
        assertThat(before.task()).isEqualTo(PerformanceResults.Task.CLASSIFICATION);
        assertThat(before.threshold()).isEqualTo(0.01); // the demo model's decision_threshold
        assertThat(before.auc()).isNull();
        assertThat(before.realised()).isFalse();
        assertThat(before.estimatedRows()).isEqualTo(200);
        assertThat(before.estimatedAuc()).isBetween(0.0, 1.0);
        assertThat(before.method()).contains("CBPE", "labelled rows with scores", "fraud_probability", "threshold 0.01");

        // the lowest scores turn out to be fraud: the model got it backwards
        List<Scored> byScore = scored.stream().sorted(Comparator.comparingDouble(Scored::score)).toList();
        Instant chargeback = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<LabelDraft> all = new ArrayList<>();
        boolean[] outcome = new boolean[200];
        for (int i = 0; i < byScore.size(); i++) {
            Scored s = byScore.get(i);
            outcome[s.row()] = i < 60;
            all.add(new LabelDraft(s.requestId(), s.row(), i < 60, chargeback));
        }
        // a few labels arrive (10 %): still immature, no realised metric
        List<LabelDraft> early = all.stream().filter(l -> l.row() % 10 == 0).toList();
        personas.run(DS_FRAUD, () -> labels.receive(endpoint.name(), null, early, "api"));
        Performance few = await("the window evaluated again with its first labels").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> hourOf(endpoint, hour), p -> p.labelledRows() == 20);
        assertThat(few.coverage()).isCloseTo(0.1, within(1e-9));
        assertThat(few.maturity()).isEqualTo(Maturity.State.IMMATURE);
        assertThat(few.auc()).isNull();
        assertThat(few.precision()).isNull();
        assertThat(few.calibration()).isEmpty();
        assertThat(few.estimatedAuc()).isEqualTo(before.estimatedAuc());
        assertThat(few.explanation()).contains("20 of 200 rows labelled", "under the coverage threshold 80%");

        // days later most labels are in (90 %): mature, realised over the labelled rows with scores
        List<LabelDraft> most = all.stream().filter(l -> l.row() % 10 != 9).toList();
        personas.run(DS_FRAUD, () -> labels.receive(endpoint.name(), null, most, "api"));
        Performance mature = await("the window evaluated again with most labels").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> hourOf(endpoint, hour), p -> p.labelledRows() == 180);
        assertThat(mature.maturity()).isEqualTo(Maturity.State.MATURE);
        assertThat(mature.labelledRowsWithScores()).isEqualTo(180);
        double[] s = new double[180];
        boolean[] y = new boolean[180];
        int k = 0;
        for (Scored row : scored) {
            if (row.row() % 10 != 9) {
                s[k] = row.score();
                y[k++] = outcome[row.row()];
            }
        }
        ClassificationPerformance expected = ClassificationPerformance.of(s, y, 0.01);
        assertThat(mature.auc()).isCloseTo(expected.auc(), within(1e-12)).isLessThan(0.5);
        assertThat(mature.ks()).isCloseTo(expected.kolmogorovSmirnov(), within(1e-12));
        // the log keeps a float score as JSON ("0.1234567"), read back as that double: within a float's precision of the answer's
        assertThat(mature.brier()).isCloseTo(expected.brier(), within(1e-9));
        assertThat(mature.positives()).isEqualTo(expected.positives());
        assertThat(mature.calibration()).hasSize(10);
        for (int d = 0; d < 10; d++) {
            assertThat(mature.calibration().get(d).rows()).isEqualTo(expected.calibration().get(d).rows());
            assertThat(mature.calibration().get(d).observedRate()).isEqualTo(expected.calibration().get(d).observedRate());
            assertThat(mature.calibration().get(d).meanScore()).isCloseTo(expected.calibration().get(d).meanScore(), within(1e-6));
        }
        assertThat(mature.estimatedAuc()).isEqualTo(before.estimatedAuc());
        assertThat(mature.explanation()).contains("realised over 180 labelled rows with scores");

        // the same labels again: nothing changes, and evaluating again gives the same numbers
        assertThat(personas.call(DS_FRAUD, () -> labels.receive(endpoint.name(), null, most, "api")).unchanged()).isEqualTo(180);
        evaluate(endpoint, Granularity.HOUR, hour);
        assertThat(hourOf(endpoint, hour)).usingRecursiveComparison().ignoringFields("computedAt").isEqualTo(mature);

        // the day: mature too, with the AUC under the monitor's minimum (0.7): an alert recommends retraining
        Instant day = hour.truncatedTo(ChronoUnit.DAYS);
        evaluate(endpoint, Granularity.DAY, day);
        Performance ofDay = personas.call(DS_FRAUD, () -> performance.series(endpoint.name(), null, Granularity.DAY, day,
                day.plus(Duration.ofDays(1)))).getFirst();
        assertThat(ofDay.auc()).isCloseTo(expected.auc(), within(1e-12));
        List<AlertView> raised = personas.call(DS_FRAUD, () -> alerts.of(endpoint.id()));
        assertThat(raised).anySatisfy(a -> {
            assertThat(a.check()).isEqualTo("performance");
            assertThat(a.severity()).isEqualTo("BREACH");
            assertThat(a.message()).contains("Realised AUC", "under the monitor's minimum 0.700", "180 labelled rows with scores");
            assertThat(a.recommendation()).containsIgnoringCase("retrain");
        });
        evaluate(endpoint, Granularity.DAY, day);
        assertThat(personas.call(DS_FRAUD, () -> alerts.of(endpoint.id())).stream().filter(a -> a.check().equals("performance")))
                .hasSize(1);
        // a minimum the estimate cannot reach: the estimate alerts too, as a warning
        jdbc.update("update monitor set minimum_auc = 0.999 where deployment_id = ?", endpoint.id());
        evaluate(endpoint, Granularity.DAY, day);
        assertThat(personas.call(DS_FRAUD, () -> alerts.of(endpoint.id()))).anySatisfy(a -> {
            assertThat(a.check()).isEqualTo("estimated performance");
            assertThat(a.severity()).isEqualTo("WARNING");
            assertThat(a.message()).contains("Estimated AUC (CBPE", "200 rows");
        });

        // the API answers the rows to the area, and nothing to another area
        String token = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("perf", null, LocalDate.now().plusDays(1), false)))
                .secret();
        String path = "/api/v1/deployments/" + endpoint.name() + "/performance?granularity=HOUR&from=" + hour + "&to="
                + hour.plus(Duration.ofHours(1));
        Api.Response read = api.get(path, token);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("\"maturity\":\"MATURE\"", "\"labelledRowsWithScores\":180", "\"estimatedAuc\":");
        assertThat(api.get("/api/v1/deployments/" + endpoint.name() + "/performance?granularity=MINUTE", token).status()).isEqualTo(400);
        String credit = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("perf", null, LocalDate.now().plusDays(1), false)))
                .secret();
        Api.Response refused = api.get(path, credit);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("MATURE");
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> performance.series(endpoint.id(), Granularity.HOUR, hour,
                hour.plus(Duration.ofHours(1)))).isInstanceOf(NotFoundException.class));
    }

    @Test
    void a_label_query_imports_labels_once_and_one_reading_a_table_without_a_grant_is_refused() throws Exception {
        DeploymentView endpoint = live.liveInStaging("labelquery");
        Prediction call = personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), LiveDeployments.rows(5)));
        UUID fraud = live.fraud();
        String url = "jdbc:h2:mem:labels-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("create schema mart");
            st.execute("create schema hr");
            st.execute("create table mart.chargebacks (request_id varchar(36), row_index int, is_fraud boolean, "
                    + "known_at timestamp with time zone)");
            st.execute("create table hr.salaries (request_id varchar(36), row_index int, salary int, known_at timestamp with time zone)");
            try (PreparedStatement insert = c.prepareStatement("insert into mart.chargebacks values (?, ?, ?, ?)")) {
                for (int i = 0; i < 5; i++) {
                    insert.setString(1, call.requestId().toString());
                    insert.setInt(2, i);
                    insert.setBoolean(3, i == 2);
                    insert.setTimestamp(4, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
                // a chargeback of a call the log no longer has (or never had): left out, and it never stops the others
                insert.setString(1, UUID.randomUUID().toString());
                insert.setInt(2, 0);
                insert.setBoolean(3, true);
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
        }
        String[] reader = ScratchReader.of(new String[] {url, "sa", ""}, "mart", "hr");
        UUID source = personas.call(ADMIN, () -> dataSources.create(new DataSourceDraft("chargebacks " + UUID.randomUUID(), "", reader[0],
                "org.h2.Driver", reader[1], reader[2], Classification.SOT, null))).id();
        personas.run(ADMIN, () -> sourceAccess.grant(source, fraud, "mart"));

        // a query reading what the area has no grant to is refused, and nothing is named
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> labelSources.configure(endpoint.name(), null, new LabelSourceDraft(source,
                "select request_id, row_index, salary, known_at from hr.salaries", 60)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("may not query hr.salaries"));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> labelSources.configure(endpoint.name(), null, new LabelSourceDraft(source,
                "delete from mart.chargebacks", 60))).isInstanceOf(InvalidRequestException.class));
        assertThat(personas.call(DS_FRAUD, () -> labelSources.get(endpoint.name(), null)).sourceId()).isNull();

        // another area does not learn of the deployment
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> labelSources.configure(endpoint.name(), null, new LabelSourceDraft(source,
                "select request_id, row_index, is_fraud, known_at from mart.chargebacks", 60))).isInstanceOf(NotFoundException.class));

        // through the API: named, audited; run twice, the labels are stored once
        String token = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("labels", null, LocalDate.now().plusDays(1), false)))
                .secret();
        Api.Response put = api.put("/api/v1/deployments/" + endpoint.name() + "/monitor/label-source", token, null,
                "{\"sourceId\": \"" + source + "\", \"sql\": \"select request_id, row_index, is_fraud, known_at from mart.chargebacks\", "
                        + "\"everyMinutes\": 30}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("\"everyMinutes\":30", "mart.chargebacks");
        audit.awaitEntry(AuditTrail.actionOn("monitoring.label-source-set", endpoint.id().toString()));
        Api.Response refused = api.put("/api/v1/deployments/" + endpoint.name() + "/monitor/label-source", token, null,
                "{\"sourceId\": \"" + source + "\", \"sql\": \"select request_id, row_index, salary, known_at from hr.salaries\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).contains("problem+json");

        LabelSources.LabelSourceView first = personas.call(DS_FRAUD, () -> labelSources.importNow(endpoint.name(), null));
        assertThat(first.lastOutcome()).isEqualTo("Imported 6 rows: 5 labels added, 0 changed, 0 already known, "
                + "1 not of an answered prediction still in the log (left out)");
        assertThat(jdbc.queryForObject("select count(*) from prediction_label where request_id = ? and received_from = 'query'", Long.class,
                call.requestId())).isEqualTo(5);
        // the system's run when due: not yet (30 minutes), then again: the same labels, nothing added
        assertThat(SystemActor.call(labelSources::importDue)).isZero();
        jdbc.update("update monitor set label_query_last_run = ? where deployment_id = ?", Timestamp.from(Instant.now().minus(Duration.ofHours(1))),
                endpoint.id());
        assertThat(SystemActor.call(labelSources::importDue)).isGreaterThanOrEqualTo(1);
        assertThat(personas.call(DS_FRAUD, () -> labelSources.get(endpoint.name(), null)).lastOutcome())
                .isEqualTo("Imported 6 rows: 0 labels added, 0 changed, 5 already known, "
                        + "1 not of an answered prediction still in the log (left out)");
        assertThat(jdbc.queryForObject("select count(*) from prediction_label where request_id = ?", Long.class, call.requestId())).isEqualTo(5);

        // a grant taken back: the next run is refused, nothing imported
        personas.run(ADMIN, () -> sourceAccess.revoke(source, fraud, "mart"));
        assertThat(personas.call(DS_FRAUD, () -> labelSources.importNow(endpoint.name(), null)).lastOutcome()).startsWith("Failed after 0 rows")
                .contains("no grant");
        assertThat(api.delete("/api/v1/deployments/" + endpoint.name() + "/monitor/label-source", token).status()).isEqualTo(204);
        assertThat(personas.call(DS_FRAUD, () -> labelSources.get(endpoint.name(), null)).sourceId()).isNull();
    }

    private void evaluate(DeploymentView endpoint, Granularity granularity, Instant start) {
        try {
            SystemActor.run(() -> performance.evaluate(endpoint.id(), granularity, start));
        } catch (DuplicateKeyException e) {
            SystemActor.run(() -> performance.evaluate(endpoint.id(), granularity, start)); // the listener of labels evaluated it meanwhile
        }
    }

    private Performance hourOf(DeploymentView endpoint, Instant hour) {
        List<Performance> rows = personas.call(DS_FRAUD, () -> performance.series(endpoint.id(), Granularity.HOUR, hour,
                hour.plus(Duration.ofHours(1))));
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }
}
