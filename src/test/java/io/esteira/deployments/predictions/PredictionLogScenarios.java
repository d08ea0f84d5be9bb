package io.esteira.deployments.predictions;

import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentFixture;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.PredictionRecords;
import io.esteira.models.VersionView;
import io.esteira.support.Api.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The prediction log on the portal's own schema (H2 and PostgreSQL): a served call is in the log
 * when its answer arrives; while the database refuses, entries go to the spool and reach the database
 * exactly once when it is back (the dialect's insert-if-absent), also after a restart of the node.
 */
abstract class PredictionLogScenarios extends DeploymentFixture {

    @Autowired
    DataSource dataSource;
    @Autowired
    PredictionLogRetention retention;

    private DeploymentView live() throws Exception {
        VersionView v = lowRiskCopy(1).getFirst();
        String name = unique("plog");
        DeploymentView release = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(v.id(), name, Environment.STAGING,
                "The prediction log's scenarios", null)));
        return awaitRelease(release.id(), DeploymentState.LIVE);
    }

    @Test
    void every_answered_call_is_in_the_log_when_its_answer_arrives() throws Exception {
        DeploymentView d = live();
        String token = serviceToken(fraud, unique("plog-app"));
        for (int i = 0; i < 50; i++) {
            Response r = predict(d.name(), token, Map.of("rows", rows(1 + i % 3)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            UUID request = UUID.fromString(r.json().get("requestId").asString());
            assertThat(jdbc.queryForObject("select count(*) from prediction_log where request_id = ?", Integer.class, request))
                    .as("call " + i + " logged before it was answered").isOne();
        }
    }

    @Test
    void entries_spooled_while_the_database_refuses_reach_it_exactly_once_also_after_a_restart() throws Exception {
        DeploymentView d = live();
        Path spool = Files.createTempDirectory(Files.createDirectories(Path.of("target", "plog-spools")), "scenario-").resolve("it-node");
        PredictionLogTest.Switchable source = new PredictionLogTest.Switchable(dataSource);
        PredictionLog first = new PredictionLog(jdbc, source, spool, "it-node", Duration.ofSeconds(10), Duration.ofHours(1));
        List<UUID> requests = new ArrayList<>();
        try {
            requests.add(record(first, d)); // the database takes it
            source.down = true;
            for (int i = 0; i < 4; i++) {
                requests.add(record(first, d)); // answered from the spool
            }
            assertThat(logged(requests)).isOne();
            assertThat(first.counts().spooled()).isEqualTo(4);

            Path copy = Files.createTempDirectory(Path.of("target"), "plog-spool-copy-");
            for (Path segment : segments(spool)) {
                Files.copy(segment, copy.resolve(segment.getFileName()));
            }
            source.down = false;
            assertThat(first.ship()).isEqualTo(4);
            assertThat(logged(requests)).isEqualTo(5);

            // shipped again, as after a crash between the commit and the segment's removal: nothing twice
            for (Path segment : segments(copy)) {
                Files.copy(segment, spool.resolve(segment.getFileName()));
            }
            assertThat(first.ship()).isEqualTo(4);
            assertThat(logged(requests)).isEqualTo(5);
            assertThat(rows(requests)).isEqualTo(5);

            // down again, and the node stops before the database is back
            source.down = true;
            for (int i = 0; i < 3; i++) {
                requests.add(record(first, d));
            }
            assertThatThrownBy(first::ship);
        } finally {
            first.stop();
        }
        assertThat(logged(requests)).isEqualTo(5);
        source.down = false;
        PredictionLog second = new PredictionLog(jdbc, source, spool, "it-node", Duration.ofSeconds(10), Duration.ofMillis(200));
        try {
            await("the next life ships the spool").atMost(Duration.ofSeconds(20)).until(() -> logged(requests) == 8);
            await().atMost(Duration.ofSeconds(10)).until(second::spoolEmpty);
            assertThat(rows(requests)).isEqualTo(8);
        } finally {
            second.stop();
        }
        Map<String, Object> one = jdbc.queryForMap("select deployment_id, outcome, node, channel from prediction_log where request_id = ?",
                requests.getLast());
        assertThat(one).containsEntry("deployment_id", d.id()).containsEntry("outcome", "SUCCESS").containsEntry("node", "it-node")
                .containsEntry("channel", "SYNC");
    }

    private UUID record(PredictionLog log, DeploymentView d) {
        UUID request = UUID.randomUUID();
        log.record(new PredictionLog.Entry(request, d.id(), d.areaId(), d.modelVersionId(), d.modelVersion(), PredictionRecords.Channel.SYNC, 1,
                rows(1), List.of(Map.of("fraud_probability", 0.01)), PredictionRecords.Outcome.SUCCESS, null, 900, Instant.now()));
        return request;
    }

    /** How many of the requests have an entry. */
    private int logged(List<UUID> requests) {
        return requests.stream().mapToInt(r -> jdbc.queryForObject("select count(*) from prediction_log where request_id = ?", Integer.class, r) > 0
                ? 1 : 0).sum();
    }

    /** How many entries the requests have in all. */
    private int rows(List<UUID> requests) {
        return requests.stream().mapToInt(r -> jdbc.queryForObject("select count(*) from prediction_log where request_id = ?", Integer.class, r))
                .sum();
    }

    private static List<Path> segments(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(PredictionSpool.SUFFIX)).sorted().toList();
        }
    }

    @Test
    void an_administrator_keeps_a_release_log_longer_never_shorter_than_the_minimum_and_nobody_else_may() throws Exception {
        DeploymentView d = live();
        assertThat(personas.call(DS_FRAUD, () -> retention.of(d.id())).effectiveDays()).isEqualTo(90);
        String admin = personas.call(io.esteira.support.Personas.ADMIN, () -> tokens.create(new io.esteira.identity.TokenRequest(
                unique("retention-admin"), null, java.time.LocalDate.now().plusDays(2), false))).secret();
        String scientist = personas.call(DS_FRAUD, () -> tokens.create(new io.esteira.identity.TokenRequest(
                unique("retention-ds"), null, java.time.LocalDate.now().plusDays(2), false))).secret();
        String path = "/api/v1/deployments/releases/" + d.id() + "/log-retention";

        Response refused = api.put(path, scientist, null, "{\"days\": 31}");
        assertThat(refused.status()).isEqualTo(403);
        Response tooShort = api.put(path, admin, null, "{\"days\": 7}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.contentType()).startsWith("application/problem+json");
        assertThat(tooShort.body()).contains("days", "30");
        assertThat(personas.call(DS_FRAUD, () -> retention.of(d.id())).days()).isNull();

        Response kept = api.put(path, admin, null, "{\"days\": 400}");
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.json().get("days").asInt()).isEqualTo(400);
        assertThat(api.get(path, scientist).json().get("effectiveDays").asInt()).isEqualTo(400);
        audit.awaitEntry(new io.esteira.audit.AuditFilter(null, null, null, null, "deployment.log-retention-changed", null,
                d.id().toString(), null));

        // the release's calls stay for its 400 days: a purge with the 90-day default leaves a 100-day-old call
        UUID old = UUID.randomUUID();
        jdbc.update("insert into prediction_log (id, request_id, deployment_id, area_id, model_version_id, model_version_number, channel, "
                + "row_count, outcome, latency_micros, node, created_at) values (?, ?, ?, ?, ?, 1, 'SYNC', 1, 'SUCCESS', 1, 'it', ?)",
                UUID.randomUUID(), old, d.id(), d.areaId(), d.modelVersionId(), java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(100))));
        retention.purge();
        assertThat(logged(List.of(old))).isOne();
        assertThat(api.put(path, admin, null, "{\"days\": null}").json().get("effectiveDays").asInt()).isEqualTo(90);
        retention.purge();
        assertThat(logged(List.of(old))).isZero();
    }
}
