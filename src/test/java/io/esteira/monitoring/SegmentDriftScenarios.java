package io.esteira.monitoring;

import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.DriftResults.Drift;
import io.esteira.monitoring.LiveProfiles.ColumnProfile;
import io.esteira.monitoring.statistics.Verdict;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Drift per segment of the monitor's segment features: each segment against the same training
 * baseline, with the same sample-size guard.
 */
abstract class SegmentDriftScenarios {

    @Autowired
    LiveDeployments live;
    @Autowired
    Personas personas;
    @Autowired
    DeploymentService deployments;
    @Autowired
    LiveProfiles profiles;
    @Autowired
    TrainingBaselines baselines;
    @Autowired
    DriftResults drift;
    @Autowired
    MonitorChangeService monitors;
    @Autowired
    io.esteira.identity.ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    MonitoringDashboard dashboard;

    @Test
    void drift_is_found_in_the_one_segment_that_shifted_and_a_segment_with_too_few_rows_is_insufficient() {
        DeploymentView endpoint = live.liveInStaging("segments");
        List<ColumnProfile> baseline = await("the training baseline").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> baselines.of(endpoint.id())), b -> b.size() == 3);
        personas.run(DS_FRAUD, () -> monitors.propose(endpoint.id(), new MonitorProposal(new MonitorSettings(null, null, null, null, null,
                List.of("channel")), "Online card-not-present fraud behaves differently from chip and contactless", null)));
        await("segmented by channel").atMost(Duration.ofSeconds(60)).until(() -> personas.call(DS_FRAUD,
                () -> monitors.monitor(endpoint.id())).inForce().segmentFeatures(), List.of("channel")::equals);

        // traffic like the training data in every channel, except one whose merchants all turn to one category; a third channel has few rows
        Map<String, ColumnProfile> base = new LinkedHashMap<>();
        baseline.forEach(c -> base.put(c.column(), c));
        List<String> channels = List.copyOf(base.get("channel").categorical().frequentCategories().keySet());
        String steady = channels.get(0);
        String shifted = channels.get(1);
        String few = channels.get(2);
        String rare = leastFrequentCategory(base.get("merchant_category"));
        Instant hour = MonitoringScenarios.awayFromTheEndOfAnHour();
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(likeTraining(base, steady, 300, null));
        rows.addAll(likeTraining(base, shifted, 300, rare));
        rows.addAll(likeTraining(base, few, 20, null));
        personas.run(DS_FRAUD, () -> deployments.predict(endpoint.name(), rows));
        profiles.flush();
        SystemActor.run(() -> assertThat(drift.evaluate(endpoint.id(), Granularity.HOUR, hour)).isTrue());

        Map<String, Drift> inSteady = byColumn(endpoint, hour, "channel=" + steady);
        Map<String, Drift> inShifted = byColumn(endpoint, hour, "channel=" + shifted);
        Map<String, Drift> inFew = byColumn(endpoint, hour, "channel=" + few);
        assertThat(inShifted.get("merchant_category").verdict()).as(inShifted.get("merchant_category").explanation()).isEqualTo(Verdict.BREACH);
        assertThat(inShifted.get("*").verdict()).isEqualTo(Verdict.BREACH);
        assertThat(inShifted.get("merchant_category").windowRows()).isEqualTo(300);
        assertThat(inSteady.get("merchant_category").verdict()).as(inSteady.get("merchant_category").explanation()).isEqualTo(Verdict.OK);
        assertThat(inSteady.get("amount").verdict()).as(inSteady.get("amount").explanation()).isEqualTo(Verdict.OK);
        assertThat(inSteady).as("a segment's own feature is not judged in it").doesNotContainKey("channel");
        assertThat(inFew.values()).as("20 rows are fewer than the minimum of 100").isNotEmpty()
                .allSatisfy(d -> assertThat(d.verdict()).as(d.column()).isEqualTo(Verdict.INSUFFICIENT_DATA));
        assertThat(byColumn(endpoint, hour, "*").get("merchant_category").windowRows()).isEqualTo(620);

        // the API reads a segment; another area does not
        String token = personas.call(DS_FRAUD, () -> tokens.create(new io.esteira.identity.TokenRequest("segments", null,
                java.time.LocalDate.now().plusDays(1), false))).secret();
        Api.Response read = api.get("/api/v1/deployments/" + endpoint.name() + "/drift?granularity=HOUR&from=" + hour + "&to="
                + hour.plus(Duration.ofHours(1)) + "&segment=channel%3D" + java.net.URLEncoder.encode(shifted,
                        java.nio.charset.StandardCharsets.UTF_8), token);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("\"segment\":\"channel=" + shifted + "\"", "\"verdict\":\"BREACH\"");
        Api.Response segments = api.get("/api/v1/deployments/" + endpoint.name() + "/drift/segments?from=" + hour + "&to="
                + hour.plus(Duration.ofHours(1)), token);
        assertThat(segments.status()).as(segments.body()).isEqualTo(200);
        assertThat(segments.body()).contains("channel=" + steady, "channel=" + shifted, "channel=" + few).doesNotContain("\"*\"");
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> drift.of(endpoint.id(), Granularity.HOUR, hour, hour.plusSeconds(3600),
                "channel=" + shifted)).isInstanceOf(NotFoundException.class));

        // the monitoring page offers the segments and shows one's drift
        assertThat(personas.call(DS_FRAUD, () -> dashboard.segments(endpoint.id(), DashboardWindow.LAST_24_HOURS)))
                .contains("channel=" + shifted, "channel=" + steady);
        MonitoringDashboard.DriftOverview ofShifted = personas.call(DS_FRAUD, () -> dashboard.drift(endpoint.id(),
                DashboardWindow.LAST_24_HOURS, "channel=" + shifted));
        assertThat(ofShifted.features()).filteredOn(f -> f.feature().equals("merchant_category")).singleElement()
                .satisfies(f -> assertThat(f.latest().verdict()).isEqualTo(Verdict.BREACH));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> dashboard.segments(endpoint.id(), DashboardWindow.LAST_24_HOURS))
                .isInstanceOf(NotFoundException.class));
    }

    private Map<String, Drift> byColumn(DeploymentView endpoint, Instant hour, String segment) {
        Map<String, Drift> found = new LinkedHashMap<>();
        personas.call(DS_FRAUD, () -> drift.of(endpoint.id(), Granularity.HOUR, hour, hour.plus(Duration.ofHours(1)), segment))
                .forEach(d -> found.put(d.column(), d));
        return found;
    }

    /**
     * {@code n} rows of one channel whose amounts and merchant categories follow the training baseline (amounts at
     * evenly spaced ranks, categories by their shares), or all of one category when {@code onlyCategory} says so.
     */
    private static List<Map<String, Object>> likeTraining(Map<String, ColumnProfile> base, String channel, int n, String onlyCategory) {
        Map<String, Long> categories = base.get("merchant_category").categorical().frequentCategories();
        long total = categories.values().stream().mapToLong(Long::longValue).sum();
        List<String> mix = new ArrayList<>();
        categories.forEach((category, count) -> {
            for (long i = 0; i < Math.round((double) count * n / total); i++) {
                mix.add(category);
            }
        });
        while (mix.size() < n) {
            mix.add(categories.keySet().iterator().next());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("amount", Math.round(base.get("amount").numeric().quantile((i + 0.5) / n) * 100) / 100.0);
            row.put("merchant_category", onlyCategory != null ? onlyCategory : mix.get(i * 7919 % n));
            row.put("channel", channel);
            rows.add(row);
        }
        return rows;
    }

    private static String leastFrequentCategory(ColumnProfile category) {
        List<String> names = List.copyOf(category.categorical().frequentCategories().keySet());
        return names.getLast();
    }
}
