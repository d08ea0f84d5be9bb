package io.esteira.training;

import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.DriftResults;
import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.PerformanceResults;
import io.esteira.training.RecommendationView.DriftedFeature;
import io.esteira.training.RecommendationView.PerformanceDay;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the monitor saw around an alert, kept with the recommendation it raises: the features whose drift was in
 * warning or breach (each feature's worst window), the days of realised and estimated performance, and the label
 * coverage over them. Read from monitoring's stored results of the week up to the alert's window.
 */
@Component
class RecommendationEvidence {

    static final Duration LOOK_BACK = Duration.ofDays(7);
    private static final int MAX_FEATURES = 20;

    private final DriftResults drift;
    private final PerformanceResults performance;

    RecommendationEvidence(DriftResults drift, PerformanceResults performance) {
        this.drift = drift;
        this.performance = performance;
    }

    RecommendationView.Evidence around(DeploymentView release, Instant window) {
        Instant to = window.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        Instant from = to.minus(LOOK_BACK);
        Map<String, DriftedFeature> worst = new LinkedHashMap<>();
        List<DriftResults.Drift> rows = new ArrayList<>(drift.of(release.id(), Granularity.DAY, from, to));
        rows.addAll(drift.of(release.id(), Granularity.HOUR, window.minus(Duration.ofDays(1)), window.plus(Duration.ofHours(1))));
        for (DriftResults.Drift d : rows) {
            if ("*".equals(d.column()) || d.verdict() == null || !(d.verdict().name().equals("BREACH") || d.verdict().name().equals("WARNING"))) {
                continue;
            }
            DriftedFeature f = new DriftedFeature(d.column(), d.verdict().name(), d.psi(), d.jensenShannon(), d.windowStart(), d.windowRows());
            worst.merge(d.column(), f, (a, b) -> rank(b) > rank(a) ? b : a);
        }
        List<DriftedFeature> features = worst.values().stream().sorted(Comparator.comparingDouble(RecommendationEvidence::rank).reversed())
                .limit(MAX_FEATURES).toList();
        List<PerformanceDay> days = performance.series(release.id(), Granularity.DAY, from, to).stream()
                .map(p -> new PerformanceDay(p.windowStart(), p.predictedRows(), p.labelledRows(), p.coverage(),
                        p.maturity() == null ? null : p.maturity().name(), p.auc(), p.ks(), p.brier(), p.estimatedAuc(), p.mape()))
                .toList();
        long predicted = days.stream().mapToLong(PerformanceDay::predictedRows).sum();
        long labelled = days.stream().mapToLong(PerformanceDay::labelledRows).sum();
        return new RecommendationView.Evidence(features, days, predicted == 0 ? null : (double) labelled / predicted,
                "the " + LOOK_BACK.toDays() + " days to " + RetrainingEvidence.when(to) + " (drift by day, and by hour around the alert)");
    }

    /** Breach before warning, then the larger PSI. */
    private static double rank(DriftedFeature f) {
        return ("BREACH".equals(f.verdict()) ? 1_000 : 0) + (f.psi() == null ? 0 : f.psi());
    }
}
