package io.esteira.monitoring;

import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.ServedPredictions;
import io.esteira.monitoring.LiveProfiles.ColumnProfile;
import io.esteira.monitoring.LiveProfiles.Kind;
import io.esteira.monitoring.LiveProfiles.Role;
import io.esteira.shared.NotFoundException;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Monitoring end to end on a live release: traffic profiled off the serving thread per column and
 * hour (a window merges hours and nodes), the training baseline built when it goes live, drift per
 * window with the sample-size guard, and the alert a breach opens, handled by its area.
 */
abstract class MonitoringScenarios {

    @Autowired
    LiveDeployments live;
    @Autowired
    DeploymentService deployments;
    @Autowired
    LiveProfiles profiles;
    @Autowired
    Personas personas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TrainingBaselines baselines;
    @Autowired
    DriftResults drift;
    @Autowired
    MonitoringAlerts alerts;
    @Autowired
    io.esteira.notifications.Notifications notifications;
    @Autowired
    io.esteira.support.AuditTrail audit;
    @Autowired
    io.esteira.identity.ApiTokenService tokens;
    @Autowired
    io.esteira.support.Api api;
    @Autowired
    SegmentPlans segmentPlans;

    @Test
    void every_answered_row_is_profiled_and_a_window_merges_hours_and_nodes() {
        DeploymentView endpoint = live.liveInStaging("profiles");
        List<Map<String, Object>> rows = LiveDeployments.rows(40);
        awayFromTheEndOfAnHour();
        for (int i = 0; i < 5; i++) {
            personas.run(DS_FRAUD, () -> deployments.predict(endpoint.name(), rows));
        }
        profiles.flush();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<ColumnProfile> window = personas.call(DS_FRAUD, () -> profiles.window(endpoint.id(), hour, hour.plus(Duration.ofHours(1))));
        Map<String, ColumnProfile> byColumn = new java.util.HashMap<>();
        window.forEach(c -> byColumn.put(c.role() + "/" + c.column(), c));
        assertThat(byColumn).containsKeys("INPUT/amount", "INPUT/merchant_category", "INPUT/channel", "OUTPUT/fraud_probability");
        ColumnProfile amount = byColumn.get("INPUT/amount");
        assertThat(amount.kind()).isEqualTo(Kind.NUMERIC);
        assertThat(amount.rows()).isEqualTo(200);
        double exactMax = rows.stream().mapToDouble(r -> ((Number) r.get("amount")).doubleValue()).max().orElseThrow();
        assertThat(amount.numeric().max()).isEqualTo(exactMax);
        ColumnProfile category = byColumn.get("INPUT/merchant_category");
        assertThat(category.kind()).isEqualTo(Kind.CATEGORICAL);
        long groceries = rows.stream().filter(r -> "groceries".equals(r.get("merchant_category"))).count() * 5;
        assertThat(category.categorical().estimate("groceries")).isEqualTo(groceries);
        assertThat(byColumn.get("OUTPUT/fraud_probability").role()).isEqualTo(Role.OUTPUT);

        // a second node (or this one after a restart) profiles the same hour: the window adds both
        // that node's version takes channel from a feature group that marks it personal data: never summarised
        PersonalData channelIsPersonal = new PersonalData(null, null, null) {
            @Override
            java.util.Set<String> inputsOf(java.util.UUID releaseId) {
                return java.util.Set.of("channel");
            }
        };
        LiveProfiles other = new LiveProfiles(jdbc, deployments, channelIsPersonal, segmentPlans, Clock.systemUTC(), new SimpleMeterRegistry(), "node-b",
                Duration.ofHours(1));
        try {
            other.served(new ServedPredictions.Served(endpoint.id(), endpoint.areaId(), endpoint.modelVersion(), rows, null, Instant.now()));
            other.flush();
        } finally {
            other.stop();
        }
        ColumnProfile both = personas.call(DS_FRAUD, () -> profiles.window(endpoint.id(), hour, hour.plus(Duration.ofHours(1)))).stream()
                .filter(c -> c.column().equals("amount")).findFirst().orElseThrow();
        assertThat(both.rows()).isEqualTo(240);
        assertThat(both.numeric().mean()).isCloseTo(amount.numeric().mean(), within(1e-9));
        assertThat(jdbc.queryForObject("select count(distinct node_life) from live_profile where deployment_id = ?", Integer.class,
                endpoint.id())).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from live_profile where deployment_id = ? and node_life like 'node-b/%' "
                + "and column_name = 'channel'", Integer.class, endpoint.id())).isZero();

        // an empty window, and another area's release
        assertThat(personas.call(DS_FRAUD, () -> profiles.window(endpoint.id(), hour.minus(Duration.ofDays(2)), hour.minus(Duration.ofDays(1)))))
                .isEmpty();
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> profiles.window(endpoint.id(), hour, hour.plusSeconds(3600)))
                .isInstanceOf(NotFoundException.class));
    }

    @Test
    void a_version_going_live_gets_its_training_baseline_from_the_feature_groups_of_its_lineage() {
        DeploymentView endpoint = live.liveInStaging("baseline");
        List<ColumnProfile> baseline = org.awaitility.Awaitility.await("the training baseline").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> personas.call(DS_FRAUD, () -> baselines.of(endpoint.id())), b -> b.size() == 3);
        Map<String, ColumnProfile> byColumn = new java.util.HashMap<>();
        baseline.forEach(c -> byColumn.put(c.column(), c));
        assertThat(byColumn.get("amount").kind()).isEqualTo(Kind.NUMERIC);
        assertThat(byColumn.get("merchant_category").kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(byColumn.get("channel").categorical().frequentCategories()).isNotEmpty();
        long groupRows = byColumn.get("amount").rows();
        assertThat(groupRows).isPositive();
        assertThat(byColumn.values()).allSatisfy(c -> assertThat(c.rows()).isEqualTo(groupRows));
        assertThat(jdbc.queryForObject("select max(built_from) from training_baseline where model_version_id = ?", String.class,
                endpoint.modelVersionId())).startsWith("latest_card_transaction v");
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> baselines.of(endpoint.id())).isInstanceOf(NotFoundException.class));
    }

    @Test
    void drift_is_insufficient_on_few_rows_and_a_breach_where_the_traffic_really_shifted() {
        DeploymentView endpoint = live.liveInStaging("drift");
        org.awaitility.Awaitility.await("the training baseline").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> baselines.of(endpoint.id())), b -> b.size() == 3);
        Instant hour = awayFromTheEndOfAnHour();
        List<Map<String, Object>> few = LiveDeployments.rows(10);
        personas.run(DS_FRAUD, () -> deployments.predict(endpoint.name(), few));
        profiles.flush();
        io.esteira.shared.security.SystemActor.run(() -> assertThat(drift.evaluate(endpoint.id(), Granularity.HOUR, hour)).isTrue());
        List<DriftResults.Drift> first = personas.call(DS_FRAUD, () -> drift.of(endpoint.id(), Granularity.HOUR, hour,
                hour.plus(Duration.ofHours(1))));
        assertThat(first).extracting(DriftResults.Drift::column).contains("amount", "merchant_category", "channel", "*");
        assertThat(first).allSatisfy(d -> assertThat(d.verdict()).as(d.column()).isEqualTo(io.esteira.monitoring.statistics.Verdict.INSUFFICIENT_DATA));

        // the window's traffic moves to one merchant category: its drift breaches, and the dataset with it
        List<Map<String, Object>> shifted = LiveDeployments.rows(400).stream().map(r -> {
            Map<String, Object> row = new java.util.LinkedHashMap<>(r);
            row.put("merchant_category", "gambling");
            return row;
        }).toList();
        personas.run(DS_FRAUD, () -> deployments.predict(endpoint.name(), shifted));
        profiles.flush();
        io.esteira.shared.security.SystemActor.run(() -> drift.evaluate(endpoint.id(), Granularity.HOUR, hour));
        List<DriftResults.Drift> after = personas.call(DS_FRAUD, () -> drift.of(endpoint.id(), Granularity.HOUR, hour,
                hour.plus(Duration.ofHours(1))));
        DriftResults.Drift category = after.stream().filter(d -> d.column().equals("merchant_category")).findFirst().orElseThrow();
        assertThat(category.verdict()).as(category.explanation()).isEqualTo(io.esteira.monitoring.statistics.Verdict.BREACH);
        assertThat(category.windowRows()).isEqualTo(410);
        assertThat(category.chiSquareP()).isLessThan(0.001);
        assertThat(category.method()).contains("frequent items", "PSI ln", "JS base 2");
        assertThat(after.stream().filter(d -> d.column().equals("*")).findFirst().orElseThrow().verdict())
                .isEqualTo(io.esteira.monitoring.statistics.Verdict.BREACH);

        // evaluated again: the same rows
        io.esteira.shared.security.SystemActor.run(() -> drift.evaluate(endpoint.id(), Granularity.HOUR, hour));
        assertThat(personas.call(DS_FRAUD, () -> drift.of(endpoint.id(), Granularity.HOUR, hour, hour.plus(Duration.ofHours(1)))))
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields().containsExactlyElementsOf(after);
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> drift.of(endpoint.id(), Granularity.HOUR, hour, hour.plusSeconds(3600)))
                .isInstanceOf(NotFoundException.class));

        // the API answers the same rows, and bad windows as problems
        String token = personas.call(DS_FRAUD, () -> tokens.create(new io.esteira.identity.TokenRequest("drift", null,
                java.time.LocalDate.now().plusDays(1), false))).secret();
        io.esteira.support.Api.Response read = api.get("/api/v1/deployments/" + endpoint.name() + "/drift?granularity=HOUR&from=" + hour
                + "&to=" + hour.plus(Duration.ofHours(1)), token);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("\"column\":\"merchant_category\"", "\"verdict\":\"BREACH\"");
        assertThat(api.get("/api/v1/deployments/" + endpoint.name() + "/drift?from=" + hour + "&to=" + hour.minusSeconds(1), token).status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/deployments/" + endpoint.name() + "/drift?granularity=WEEK", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/deployments/" + endpoint.name() + "/drift?release=" + java.util.UUID.randomUUID(), token).status())
                .isEqualTo(400);
    }

    @Test
    void a_day_in_breach_opens_one_alert_that_the_area_is_told_of_acknowledges_and_resolves() {
        DeploymentView endpoint = live.liveInStaging("alerts");
        org.awaitility.Awaitility.await("the training baseline").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> baselines.of(endpoint.id())), b -> b.size() == 3);
        // the area also posts the alerts to its on-call tool; an address inside the bank's network is refused, others may not set it
        String hook = "http://127.0.0.1:9/alerts/" + endpoint.name();
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> alerts.postAlertsTo(endpoint.id(), "http://10.0.0.5/alerts"))
                .isInstanceOf(io.esteira.shared.InvalidRequestException.class));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> alerts.postAlertsTo(endpoint.id(), hook)).isInstanceOf(NotFoundException.class));
        personas.run(io.esteira.support.Personas.REVIEWER_RISK, () -> assertThatThrownBy(() -> alerts.postAlertsTo(endpoint.id(), hook))
                .isInstanceOfAny(NotFoundException.class, io.esteira.shared.ForbiddenException.class));
        personas.run(DS_FRAUD, () -> alerts.postAlertsTo(endpoint.id(), hook));
        assertThat(personas.call(DS_FRAUD, () -> alerts.alertWebhook(endpoint.id()))).isEqualTo(hook);
        audit.awaitEntry(io.esteira.support.AuditTrail.actionOn("monitoring.monitor-webhook-set", endpoint.id().toString()));
        Instant day = awayFromTheEndOfAnHour().truncatedTo(ChronoUnit.DAYS);
        List<Map<String, Object>> shifted = LiveDeployments.rows(400).stream().map(r -> {
            Map<String, Object> row = new java.util.LinkedHashMap<>(r);
            row.put("channel", "atm");
            row.put("merchant_category", "gambling");
            return row;
        }).toList();
        personas.run(DS_FRAUD, () -> deployments.predict(endpoint.name(), shifted));
        profiles.flush();
        io.esteira.shared.security.SystemActor.run(() -> drift.evaluate(endpoint.id(), Granularity.DAY, day));
        io.esteira.shared.security.SystemActor.run(() -> drift.evaluate(endpoint.id(), Granularity.DAY, day));
        List<AlertView> opened = personas.call(DS_FRAUD, () -> alerts.of(endpoint.id()));
        assertThat(opened).as("one alert, however often the window is evaluated").singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo("OPEN");
            assertThat(a.message()).contains("merchant_category", "channel");
            assertThat(a.recommendation()).contains("retrain");
        });
        AlertView alert = opened.getFirst();
        audit.awaitEntry(io.esteira.support.AuditTrail.actionOn("monitoring.alert-opened", alert.id().toString()));
        org.awaitility.Awaitility.await("the inbox").atMost(Duration.ofSeconds(30)).until(() -> personas.call(DS_FRAUD,
                () -> notifications.list(org.springframework.data.domain.PageRequest.of(0, 20)).getContent()).stream()
                .anyMatch(n -> n.subject().contains(endpoint.name())));
        assertThat(jdbc.queryForObject("select count(*) from notification_delivery where channel = 'WEBHOOK' and target = ?", Integer.class,
                hook)).as("the webhook gets the alert once, not once per person told").isOne();

        // another area never sees it; a reviewer reads it but does not act
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> alerts.acknowledge(alert.id())).isInstanceOf(NotFoundException.class);
            assertThat(alerts.page(org.springframework.data.domain.PageRequest.of(0, 200), false).getContent()).noneMatch(a -> a.id().equals(alert.id()));
        });
        personas.run(io.esteira.support.Personas.REVIEWER_RISK, () -> {
            assertThat(alerts.page(org.springframework.data.domain.PageRequest.of(0, 200), true).getContent()).anyMatch(a -> a.id().equals(alert.id()));
            assertThatThrownBy(() -> alerts.acknowledge(alert.id())).isInstanceOf(io.esteira.shared.ForbiddenException.class);
        });

        assertThat(personas.call(DS_FRAUD, () -> alerts.acknowledge(alert.id())).state()).isEqualTo("ACKNOWLEDGED");
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> alerts.resolve(alert.id(), "")).hasMessageContaining("Say why"));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> alerts.snooze(alert.id(), Instant.now().minusSeconds(1), "later"))
                .hasMessageContaining("future"));
        assertThat(personas.call(DS_FRAUD, () -> alerts.resolve(alert.id(), "Gambling merchants were on a promotion this week")).state())
                .isEqualTo("RESOLVED");
        audit.awaitEntry(io.esteira.support.AuditTrail.actionOn("monitoring.alert-resolved", alert.id().toString()));
        // still in breach, but within the cooldown: no new alert
        io.esteira.shared.security.SystemActor.run(() -> drift.evaluate(endpoint.id(), Granularity.DAY, day));
        assertThat(personas.call(DS_FRAUD, () -> alerts.of(endpoint.id()))).hasSize(1);
    }

    /** The calls of a test land in one hour: in its last minute, wait for the next. */
    static Instant awayFromTheEndOfAnHour() {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        if (Duration.between(now, next).compareTo(Duration.ofMinutes(1)) < 0) {
            try {
                Thread.sleep(Duration.between(now, next).plusSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Instant.now().truncatedTo(ChronoUnit.HOURS);
    }
}
