package io.esteira.monitoring;

import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.MonitoringDashboard.Bin;
import io.esteira.monitoring.MonitoringDashboard.DriftOverview;
import io.esteira.monitoring.MonitoringDashboard.FeatureDistribution;
import io.esteira.monitoring.MonitoringDashboard.FeatureDrift;
import io.esteira.monitoring.MonitoringDashboard.Header;
import io.esteira.monitoring.statistics.Verdict;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The data of a deployment's monitoring page, section by section, for its area, a reviewer (reads
 * every area, acts on nothing) and the people of another area (not found).
 */
abstract class MonitoringDashboardScenarios {

    @Autowired
    LiveDeployments live;
    @Autowired
    DeploymentService deployments;
    @Autowired
    LiveProfiles profiles;
    @Autowired
    Personas personas;
    @Autowired
    TrainingBaselines baselines;
    @Autowired
    DriftResults drift;
    @Autowired
    OperationalMetrics operational;
    @Autowired
    MonitoringAlerts alerts;
    @Autowired
    MonitoringDashboard dashboard;
    @Autowired
    MonitoringOverview overview;

    @Test
    void the_page_shows_a_drifting_deployments_traffic_drift_distributions_and_alert_to_its_readers_only() {
        DeploymentView endpoint = live.liveInStaging("dashboard");
        Instant hour = MonitoringScenarios.awayFromTheEndOfAnHour();
        List<Map<String, Object>> shifted = LiveDeployments.rows(400).stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>(r);
            row.put("merchant_category", "gambling");
            return row;
        }).toList();
        personas.run(DS_FRAUD, () -> deployments.predict(endpoint.name(), shifted));
        Instant called = Instant.now();
        profiles.flush();
        Awaitility.await("the training baseline").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> baselines.of(endpoint.id())), b -> b.size() == 3);
        SystemActor.run(() -> {
            drift.evaluate(endpoint.id(), Granularity.HOUR, hour);
            drift.evaluate(endpoint.id(), Granularity.DAY, hour.truncatedTo(ChronoUnit.DAYS));
        });
        // metric rows are computed for closed minutes: computed as of a minute on, when the call's minute has closed
        SystemActor.run(() -> operational.computeAsOf(hour, called.plusSeconds(120), called.plusSeconds(120)));

        Header header = personas.call(DS_FRAUD, () -> dashboard.header(endpoint.name(), null, null));
        assertThat(header.releaseId()).isEqualTo(endpoint.id());
        assertThat(header.model()).isEqualTo(endpoint.model());
        assertThat(header.version()).isEqualTo(endpoint.modelVersion());
        assertThat(header.area()).isNotBlank();
        assertThat(header.canAct()).isTrue();
        assertThat(header.releases()).extracting(MonitoringDashboard.ReleaseChoice::releaseId).contains(endpoint.id());
        UUID release = header.releaseId();

        // traffic: one call of 400 rows, per minute over the last 24 hours
        OperationalSeries traffic = personas.call(DS_FRAUD, () -> dashboard.operational(release, DashboardWindow.LAST_24_HOURS));
        assertThat(traffic.granularity()).isEqualTo(Granularity.MINUTE);
        assertThat(Duration.between(traffic.from(), traffic.to())).isEqualTo(Duration.ofHours(24));
        assertThat(traffic.points().stream().mapToLong(OperationalPoint::calls).sum()).isEqualTo(1);
        assertThat(traffic.points().stream().mapToLong(OperationalPoint::rows).sum()).isEqualTo(400);
        assertThat(personas.call(DS_FRAUD, () -> dashboard.operational(release, DashboardWindow.LAST_90_DAYS)).granularity())
                .isEqualTo(Granularity.DAY);

        // drift: hourly windows of the day, the shifted category in breach, the others judged too
        DriftOverview day = personas.call(DS_FRAUD, () -> dashboard.drift(release, DashboardWindow.LAST_24_HOURS));
        assertThat(day.granularity()).isEqualTo(Granularity.HOUR);
        assertThat(day.windows()).hasSize(24).contains(hour);
        assertThat(day.hasBaseline()).isTrue();
        assertThat(day.minimumRows()).isEqualTo(100);
        assertThat(day.features()).extracting(FeatureDrift::feature).containsExactly("amount", "channel", "merchant_category");
        FeatureDrift category = day.features().get(2);
        assertThat(category.numeric()).isFalse();
        assertThat(category.latest().verdict()).isEqualTo(Verdict.BREACH);
        assertThat(category.latest().windowRows()).isEqualTo(400);
        assertThat(category.inBreach()).isEqualTo(1);
        assertThat(day.features().getFirst().numeric()).isTrue();
        assertThat(day.dataset()).singleElement().satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.BREACH));
        DriftOverview quarter = personas.call(DS_FRAUD, () -> dashboard.drift(release, DashboardWindow.LAST_90_DAYS));
        assertThat(quarter.granularity()).isEqualTo(Granularity.DAY);
        assertThat(quarter.windows()).hasSize(90);
        assertThat(quarter.features()).extracting(f -> f.latest().windowStart()).containsOnly(hour.truncatedTo(ChronoUnit.DAYS));

        // distributions: the category moved to one the training data hardly had; amount over the baseline's deciles
        FeatureDistribution categories = personas.call(DS_FRAUD, () -> dashboard.distribution(release, "merchant_category",
                DashboardWindow.LAST_24_HOURS));
        assertThat(categories.numeric()).isFalse();
        assertThat(categories.windowRows()).isEqualTo(400);
        assertThat(categories.baselineRows()).isPositive();
        assertThat(categories.bins().stream().mapToDouble(Bin::windowShare).sum()).isCloseTo(1, within(1e-9));
        assertThat(categories.bins().stream().mapToDouble(Bin::baselineShare).sum()).isCloseTo(1, within(1e-9));
        assertThat(categories.bins()).extracting(Bin::label).contains("other", "unseen");
        Bin gambling = categories.bins().stream().filter(b -> b.label().equals("gambling")).findFirst()
                .orElseGet(() -> categories.bins().stream().filter(b -> b.label().equals("unseen")).findFirst().orElseThrow());
        assertThat(gambling.windowShare()).isEqualTo(1.0);
        assertThat(categories.psi()).isGreaterThan(0.25);
        FeatureDistribution amount = personas.call(DS_FRAUD, () -> dashboard.distribution(release, "amount", DashboardWindow.LAST_24_HOURS));
        assertThat(amount.numeric()).isTrue();
        assertThat(amount.bins()).hasSizeBetween(2, 10);
        assertThat(amount.bins().getFirst().label()).startsWith("≤ ");
        assertThat(amount.bins().getLast().label()).startsWith("> ");
        assertThat(amount.bins().stream().mapToDouble(Bin::baselineShare).sum()).isCloseTo(1, within(1e-6));
        assertThat(amount.bins().stream().mapToDouble(Bin::windowShare).sum()).isCloseTo(1, within(1e-6));
        assertThat(amount.windowRows()).isEqualTo(400);
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> dashboard.distribution(release, "no_such_feature", DashboardWindow.LAST_7_DAYS))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no_such_feature"));

        // the day in breach opened an alert: on the timeline of the window
        List<AlertView> timeline = personas.call(DS_FRAUD, () -> dashboard.alerts(release, DashboardWindow.LAST_24_HOURS));
        assertThat(timeline).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo("OPEN"));

        // a reviewer reads every section and acts on nothing
        personas.run(REVIEWER_RISK, () -> {
            assertThat(overview.live()).extracting(MonitoringOverview.ReleaseHealth::releaseId).contains(release);
            Header read = dashboard.header(endpoint.name(), endpoint.areaId(), null);
            assertThat(read.releaseId()).isEqualTo(release);
            assertThat(read.canAct()).isFalse();
            assertThat(dashboard.operational(release, DashboardWindow.LAST_24_HOURS).points()).isNotEmpty();
            assertThat(dashboard.drift(release, DashboardWindow.LAST_24_HOURS).features()).hasSize(3);
            assertThat(dashboard.distribution(release, "amount", DashboardWindow.LAST_24_HOURS).windowRows()).isEqualTo(400);
            assertThat(dashboard.alerts(release, DashboardWindow.LAST_24_HOURS)).hasSize(1);
            assertThatThrownBy(() -> alerts.acknowledge(timeline.getFirst().id())).isInstanceOf(ForbiddenException.class);
        });
        // another area's data scientist and manager: not found, whatever the section
        for (String outsider : List.of(DS_CREDIT, MANAGER_CREDIT)) {
            personas.run(outsider, () -> {
                assertThatThrownBy(() -> dashboard.header(endpoint.name(), null, null)).as(outsider).isInstanceOf(NotFoundException.class);
                assertThatThrownBy(() -> dashboard.operational(release, DashboardWindow.LAST_7_DAYS)).isInstanceOf(NotFoundException.class);
                assertThatThrownBy(() -> dashboard.drift(release, DashboardWindow.LAST_7_DAYS)).isInstanceOf(NotFoundException.class);
                assertThatThrownBy(() -> dashboard.distribution(release, "amount", DashboardWindow.LAST_7_DAYS))
                        .isInstanceOf(NotFoundException.class);
                assertThatThrownBy(() -> dashboard.alerts(release, DashboardWindow.LAST_7_DAYS)).isInstanceOf(NotFoundException.class);
            });
        }
        SystemActor.run(() -> deployments.retire(endpoint.id(), "The dashboard scenario is over"));
    }
}
