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
 * Monitoring per segment of the monitor's segment features: drift of each segment against the same
 * training baseline, realised and estimated performance over the segment's own rows, operational
 * figures, and alerts of their own, each with the same sample-size guard.
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
    @Autowired
    Labels labels;
    @Autowired
    PerformanceResults performance;
    @Autowired
    SegmentOperationalMetrics segmentOperational;
    @Autowired
    MonitoringAlerts alerts;

    @Test
    void drift_performance_figures_and_alerts_are_per_segment_and_a_segment_with_too_few_rows_is_insufficient() {
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
        io.esteira.deployments.Prediction call = personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), rows));
        // and an invalid call in the small channel
        Map<String, Object> invalid = new LinkedHashMap<>(rows.getLast());
        invalid.put("amount", "a lot");
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> deployments.predict(endpoint.name(), List.of(invalid)))
                .isInstanceOf(io.esteira.shared.InvalidRequestException.class));
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

        // the day is in breach in all traffic and in the shifted channel: all traffic's alert tells it; once that is resolved and
        // all traffic is in its cooldown, the shifted channel's own alert opens; the steady and the small channel have none
        Instant day = Granularity.DAY.floor(hour);
        SystemActor.run(() -> drift.evaluate(endpoint.id(), Granularity.DAY, day));
        List<AlertView> driftAlerts = driftAlerts(endpoint);
        assertThat(driftAlerts).extracting(AlertView::segment).containsExactly("*");
        personas.run(DS_FRAUD, () -> alerts.resolve(driftAlerts.getFirst().id(), "The online mix moved on purpose: a campaign"));
        SystemActor.run(() -> drift.evaluate(endpoint.id(), Granularity.DAY, day));
        assertThat(driftAlerts(endpoint)).filteredOn(a -> !a.state().equals("RESOLVED")).extracting(AlertView::segment)
                .containsExactly("channel=" + shifted);
        assertThat(driftAlerts(endpoint)).filteredOn(a -> a.segment().equals("channel=" + shifted)).singleElement()
                .satisfies(a -> assertThat(a.message()).contains("in the segment channel=" + shifted, "merchant_category"));

        // labels: in the steady channel the highest scores are the frauds, in the shifted one the lowest (the model got it backwards)
        List<LabelDraft> truth = new ArrayList<>();
        Map<String, List<double[]>> scoredBySegment = new LinkedHashMap<>();
        for (String channel : List.of(steady, shifted, few)) {
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).get("channel").equals(channel)) {
                    indexes.add(i);
                }
            }
            List<Integer> byScore = indexes.stream().sorted(java.util.Comparator.comparingDouble(i -> score(call, i))).toList();
            List<double[]> pairs = new ArrayList<>();
            for (int rank = 0; rank < byScore.size(); rank++) {
                int i = byScore.get(rank);
                boolean fraud = channel.equals(shifted) ? rank < byScore.size() * 3 / 10 : rank >= byScore.size() * 7 / 10;
                truth.add(new LabelDraft(call.requestId(), i, fraud, Instant.now()));
                pairs.add(new double[] {score(call, i), fraud ? 1 : 0});
            }
            scoredBySegment.put("channel=" + channel, pairs);
        }
        personas.run(DS_FRAUD, () -> labels.receive(endpoint.name(), null, truth, "api"));
        // the labels' listener evaluates the hour and the day again, all traffic and every segment
        await("the hour and the day evaluated with the labels").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> labelled(performanceOf(endpoint, day, Granularity.DAY, "channel=" + few)) == 20
                        && labelled(performanceOf(endpoint, hour, "channel=" + few)) == 20);
        PerformanceResults.Performance ofAll = performanceOf(endpoint, hour, "*");
        assertThat(ofAll.labelledRows()).isEqualTo(620);
        assertThat(ofAll.predictedRows()).isEqualTo(620);
        for (String segment : List.of("channel=" + steady, "channel=" + shifted)) {
            PerformanceResults.Performance part = performanceOf(endpoint, hour, segment);
            List<double[]> pairs = scoredBySegment.get(segment);
            double expected = io.esteira.monitoring.statistics.ClassificationPerformance.of(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                    toBooleans(pairs), 0.01).auc();
            assertThat(part.predictedRows()).as(segment).isEqualTo(300);
            assertThat(part.labelledRows()).as(segment).isEqualTo(300);
            assertThat(part.coverage()).as(segment).isEqualTo(1.0);
            assertThat(part.maturity()).as(segment).isEqualTo(io.esteira.monitoring.statistics.Maturity.State.MATURE);
            assertThat(part.auc()).as("the AUC of %s over its own rows", segment).isEqualTo(expected);
            assertThat(part.estimatedRows()).as(segment).isEqualTo(300);
            assertThat(part.segment()).isEqualTo(segment);
        }
        PerformanceResults.Performance ofFew = performanceOf(endpoint, hour, "channel=" + few);
        assertThat(ofFew.labelledRows()).isEqualTo(20);
        assertThat(ofFew.auc()).as("20 rows are fewer than the minimum of 100").isNull();
        assertThat(ofFew.estimatedAuc()).isNull();
        assertThat(ofFew.explanation()).contains("insufficient data");
        assertThat(personas.call(DS_FRAUD, () -> performance.segments(endpoint.id(), Granularity.HOUR, hour, hour.plusSeconds(3600))))
                .containsExactlyInAnyOrder("channel=" + steady, "channel=" + shifted, "channel=" + few);
        Api.Response perf = api.get("/api/v1/deployments/" + endpoint.name() + "/performance?granularity=HOUR&from=" + hour + "&to="
                + hour.plus(Duration.ofHours(1)) + "&segment=channel%3D" + java.net.URLEncoder.encode(shifted,
                        java.nio.charset.StandardCharsets.UTF_8), token);
        assertThat(perf.status()).as(perf.body()).isEqualTo(200);
        assertThat(perf.body()).contains("\"segment\":\"channel=" + shifted + "\"", "\"labelledRows\":300");
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> performance.series(endpoint.id(), Granularity.HOUR, hour,
                hour.plusSeconds(3600), "channel=" + shifted)).isInstanceOf(NotFoundException.class));

        // the realised AUC of the day is under the monitor's minimum beyond its 95 % interval in the shifted channel; all traffic's
        // alert tells it first, the segment's own after that one is resolved
        double minimum = personas.call(DS_FRAUD, () -> monitors.monitor(endpoint.id())).inForce().minimumAuc();
        PerformanceResults.Performance shiftedDay = performanceOf(endpoint, day, Granularity.DAY, "channel=" + shifted);
        assertThat(io.esteira.monitoring.statistics.ClassificationPerformance.aucUpperBound95(shiftedDay.auc(), shiftedDay.positives(),
                shiftedDay.labelledRowsWithScores() - shiftedDay.positives())).isLessThan(minimum);
        personas.call(DS_FRAUD, () -> alerts.of(endpoint.id())).stream()
                .filter(a -> a.check().equals(MonitoringAlerts.PERFORMANCE) && a.segment().equals("*") && !a.state().equals("RESOLVED"))
                .forEach(a -> personas.run(DS_FRAUD, () -> alerts.resolve(a.id(), "Seen: the shifted channel is the cause")));
        SystemActor.run(() -> performance.evaluate(endpoint.id(), Granularity.DAY, day));
        assertThat(personas.call(DS_FRAUD, () -> alerts.of(endpoint.id())))
                .filteredOn(a -> a.check().equals(MonitoringAlerts.PERFORMANCE) && !a.state().equals("RESOLVED"))
                .singleElement().satisfies(a -> {
                    assertThat(a.segment()).isEqualTo("channel=" + shifted);
                    assertThat(a.message()).contains("Realised AUC", "95% interval", "in the segment channel=" + shifted);
                });

        // operational figures per segment: a call counts in every segment it has a row in, its rows where they fall
        SystemActor.run(() -> segmentOperational.compute(endpoint.id(), hour));
        SegmentOperationalMetrics.SegmentPoint inShiftedOps = operationalOf(endpoint, hour, "channel=" + shifted);
        assertThat(inShiftedOps.calls()).isEqualTo(1);
        assertThat(inShiftedOps.rows()).isEqualTo(300);
        assertThat(inShiftedOps.invalid()).isZero();
        assertThat(inShiftedOps.p50()).isNotNull().isPositive();
        SegmentOperationalMetrics.SegmentPoint inFewOps = operationalOf(endpoint, hour, "channel=" + few);
        assertThat(inFewOps.calls()).isEqualTo(2);
        assertThat(inFewOps.rows()).isEqualTo(21);
        assertThat(inFewOps.invalid()).isEqualTo(1);
        assertThat(inFewOps.invalidRate()).isEqualTo(0.5);
        SegmentOperationalMetrics.SegmentPoint dayOfFew = personas.call(DS_FRAUD, () -> segmentOperational.series(endpoint.id(),
                "channel=" + few, Granularity.DAY, day, day.plus(Duration.ofDays(1)))).getFirst();
        assertThat(dayOfFew.calls()).isEqualTo(2);
        assertThat(dayOfFew.rows()).isEqualTo(21);
        SystemActor.run(() -> segmentOperational.compute(endpoint.id(), hour)); // again: the same figures, no second row
        assertThat(operationalOf(endpoint, hour, "channel=" + few)).isEqualTo(inFewOps);
        assertThat(personas.call(DS_FRAUD, () -> dashboard.operational(endpoint.id(), DashboardWindow.LAST_24_HOURS, "channel=" + few))
                .points()).singleElement().satisfies(p -> assertThat(p.invalid()).isEqualTo(1));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> segmentOperational.series(endpoint.id(), "channel=" + few, Granularity.HOUR,
                hour, hour.plusSeconds(3600))).isInstanceOf(NotFoundException.class));
    }

    private List<AlertView> driftAlerts(DeploymentView endpoint) {
        return personas.call(DS_FRAUD, () -> alerts.of(endpoint.id())).stream().filter(a -> a.check().equals(MonitoringAlerts.DRIFT)).toList();
    }

    private static long labelled(PerformanceResults.Performance p) {
        return p == null ? -1 : p.labelledRows();
    }

    private static double score(io.esteira.deployments.Prediction call, int row) {
        return ((Number) call.predictions().get(row).get("fraud_probability")).doubleValue();
    }

    private static boolean[] toBooleans(List<double[]> pairs) {
        boolean[] y = new boolean[pairs.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = pairs.get(i)[1] == 1;
        }
        return y;
    }

    private PerformanceResults.Performance performanceOf(DeploymentView endpoint, Instant hour, String segment) {
        return performanceOf(endpoint, hour, Granularity.HOUR, segment);
    }

    private PerformanceResults.Performance performanceOf(DeploymentView endpoint, Instant start, Granularity g, String segment) {
        List<PerformanceResults.Performance> rows = personas.call(DS_FRAUD, () -> performance.series(endpoint.id(), g, start,
                start.plus(g.length()), segment));
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private SegmentOperationalMetrics.SegmentPoint operationalOf(DeploymentView endpoint, Instant hour, String segment) {
        return personas.call(DS_FRAUD, () -> segmentOperational.series(endpoint.id(), segment, Granularity.HOUR, hour,
                hour.plusSeconds(3600))).getFirst();
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
