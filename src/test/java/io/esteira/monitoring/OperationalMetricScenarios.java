package io.esteira.monitoring;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.predictions.PredictionLog;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Operational metric rows: calls made to a live deployment are counted in its MINUTE, HOUR and DAY
 * rows; recomputing changes nothing; another area reads none of them; bad ranges are problems.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OperationalMetricScenarios {

    @Autowired
    LiveDeployments live;
    @Autowired
    DeploymentService deployments;
    @Autowired
    OperationalMetrics metrics;
    @Autowired
    Personas personas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    DeploymentView endpoint;
    Instant minute;

    @BeforeAll
    void sixCallsInOneClosedMinute() throws InterruptedException {
        endpoint = live.liveInStaging("ops");
        if (clock.instant().getEpochSecond() % 60 > 45) { // all six calls in one minute
            Thread.sleep(Duration.between(clock.instant(), Granularity.MINUTE.ceil(clock.instant())).toMillis() + 100);
        }
        minute = Granularity.MINUTE.floor(clock.instant());
        for (int i = 0; i < 5; i++) {
            personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), LiveDeployments.rows(2)));
        }
        List<Map<String, Object>> wrong = List.of(Map.of("amount", "a lot", "merchant_category", "fuel", "channel", "chip"));
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), wrong)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(Granularity.MINUTE.floor(clock.instant())).as("the calls took more than a minute").isEqualTo(minute);
    }

    /** Computes as if the minute of the six calls were over: no more calls of it are coming (the endpoint is this class's own). */
    OperationalMetrics.Computed computeClosed(Instant from) {
        return metrics.computeAsOf(from, minute.plusSeconds(60), minute.plusSeconds(60));
    }

    @Test
    @Order(1)
    void calls_are_counted_in_minute_hour_and_day_rows_and_recomputing_gives_identical_rows() {
        OperationalMetrics.Computed computed = personas.call(ADMIN, () -> computeClosed(minute));
        assertThat(computed.from()).isEqualTo(minute);

        OperationalSeries minutes = personas.call(DS_FRAUD, () -> metrics.series(endpoint.name(), null, Granularity.MINUTE, minute,
                minute.plusSeconds(60)));
        assertThat(minutes.points()).hasSize(1);
        OperationalPoint point = minutes.points().getFirst();
        assertThat(point.releaseId()).isEqualTo(endpoint.id());
        assertThat(point.bucketStart()).isEqualTo(minute);
        assertThat(point.calls()).isEqualTo(6);
        assertThat(point.rows()).isEqualTo(11);
        assertThat(point.errors()).isZero();
        assertThat(point.invalid()).isEqualTo(1);
        assertThat(point.invalidRate()).isEqualTo(1 / 6.0);
        assertThat(point.errorRate()).isEqualTo(0.0);
        assertThat(point.latencyCount()).isEqualTo(5);
        assertThat(point.latencyP50Millis()).isPositive().isLessThanOrEqualTo(point.latencyP95Millis());
        assertThat(point.latencyP95Millis()).isLessThanOrEqualTo(point.latencyP99Millis());
        assertThat(point.method()).contains("prediction_log").contains("KLL k=200");
        assertThat(point.sourceDigest()).hasSize(64);

        for (Granularity g : List.of(Granularity.HOUR, Granularity.DAY)) {
            OperationalSeries series = personas.call(DS_FRAUD, () -> metrics.series(endpoint.name(), null, g, minute, minute.plusSeconds(60)));
            assertThat(series.points()).as(g.name()).hasSize(1);
            OperationalPoint up = series.points().getFirst();
            assertThat(up.bucketStart()).isEqualTo(g.floor(minute));
            assertThat(List.of(up.calls(), up.rows(), up.invalid(), up.latencyCount())).as(g.name()).containsExactly(6L, 11L, 1L, 5L);
            assertThat(up.latencyP99Millis()).as("one minute: the merge is exact").isEqualTo(point.latencyP99Millis());
            assertThat(up.method()).contains("Merged from the");
        }

        Map<String, String> before = stored();
        personas.call(ADMIN, () -> computeClosed(minute.minusSeconds(600)));
        personas.call(ADMIN, metrics::computeDue);
        assertThat(stored()).isEqualTo(before);

        // the API reads the same rows
        String token = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("ops-" + endpoint.name(), null,
                LocalDate.now().plusDays(1), false))).secret();
        Api.Response answer = api.get("/api/v1/deployments/" + endpoint.name() + "/metrics?granularity=MINUTE&from=" + minute + "&to="
                + minute.plusSeconds(60), token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("points").size()).isEqualTo(1);
        assertThat(answer.json().get("points").get(0).get("calls").asLong()).isEqualTo(6);
    }

    @Test
    @Order(2)
    void an_entry_that_arrives_late_is_counted_when_its_minute_is_recomputed() {
        Map<String, String> before = stored();
        Instant early = minute.minusSeconds(120);
        jdbc.update("insert into prediction_log (id, request_id, deployment_id, area_id, model_version_id, model_version_number, channel, "
                + "row_count, outcome, error, latency_micros, node, created_at) values (?, ?, ?, ?, ?, ?, 'SYNC', 3, 'ERROR', 'late', 5000, "
                + "'spool', ?)", java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), endpoint.id(), endpoint.areaId(),
                endpoint.modelVersionId(), endpoint.modelVersion(), java.sql.Timestamp.from(early.plusSeconds(30)));
        personas.call(ADMIN, () -> computeClosed(minute.minusSeconds(600)));

        OperationalPoint late = personas.call(DS_FRAUD, () -> metrics.series(endpoint.id(), Granularity.MINUTE, early, early.plusSeconds(60)))
                .points().getFirst();
        assertThat(List.of(late.calls(), late.rows(), late.errors(), late.latencyCount())).containsExactly(1L, 3L, 1L, 0L);
        assertThat(late.errorRate()).isEqualTo(1.0);
        assertThat(late.latencyP50Millis()).isNull();
        OperationalPoint day = personas.call(DS_FRAUD, () -> metrics.series(endpoint.id(), Granularity.DAY, minute, minute.plusSeconds(1)))
                .points().getFirst();
        assertThat(List.of(day.calls(), day.errors(), day.invalid())).containsExactly(7L, 1L, 1L);
        Map<String, String> after = stored();
        String key = "MINUTE/" + before.keySet().stream().filter(k -> k.startsWith("MINUTE/")).findFirst().orElseThrow().substring(7);
        assertThat(after.get(key)).as("the minute of the six calls is left as it was").isEqualTo(before.get(key));
    }

    /** Every stored row of the endpoint, in words (sketch as hex), by granularity and bucket. */
    private Map<String, String> stored() {
        return jdbc.queryForList("select * from operational_metric where deployment_id = ?", endpoint.id()).stream()
                .collect(Collectors.toMap(r -> value(r, "granularity") + "/" + value(r, "bucket_start"),
                        r -> new TreeMap<>(r.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toLowerCase(),
                                e -> e.getValue() instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(e.getValue())))).toString(),
                        (a, b) -> a, TreeMap::new));
    }

    private static Object value(Map<String, Object> row, String column) {
        return row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase());
    }

    @Test
    void another_area_reads_no_metrics_of_the_deployment() {
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> metrics.series(endpoint.name(), null, Granularity.HOUR, null, null)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> metrics.series(endpoint.id(), Granularity.MINUTE, null, null)).isInstanceOf(NotFoundException.class);
        });
        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("ops-credit", null, LocalDate.now().plusDays(1), false)))
                .secret();
        Api.Response refused = api.get("/api/v1/deployments/" + endpoint.name() + "/metrics", token);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain(endpoint.id().toString());
    }

    @Test
    void bad_ranges_are_answered_as_problems() {
        String token = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("ops-bad", null, LocalDate.now().plusDays(1), false)))
                .secret();
        String path = "/api/v1/deployments/" + endpoint.name() + "/metrics";
        Instant now = clock.instant();
        for (String query : List.of("?from=" + now + "&to=" + now.minusSeconds(3600), "?granularity=MINUTE&from=" + now.minus(Duration.ofDays(3)),
                "?granularity=WEEK", "?from=yesterday", "?from=1900-01-01T00:00:00Z", "?to=%2B999999999-12-31T23:59:59Z",
                "?granularity=HOUR&from=" + now.minus(Duration.ofDays(90)) + "&to=" + now)) {
            Api.Response answer = api.get(path + query, token);
            assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).as(query).contains("problem+json");
        }
        assertThat(api.get(path + "?granularity=DAY&from=" + now.minus(Duration.ofDays(90)) + "&to=" + now, token).status()).isEqualTo(200);
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> metrics.series(endpoint.name(), null, Granularity.MINUTE, now, now))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("before"));
    }

    @Test
    void only_an_administrator_or_the_job_computes() {
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> metrics.compute(minute, minute.plusSeconds(60)))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class));
    }
}
