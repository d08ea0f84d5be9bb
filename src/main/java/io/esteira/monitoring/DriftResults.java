package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.LiveProfiles.ColumnProfile;
import io.esteira.monitoring.LiveProfiles.Kind;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.statistics.CategoricalDrift;
import io.esteira.monitoring.statistics.CategoricalProfile;
import io.esteira.monitoring.statistics.DatasetDrift;
import io.esteira.monitoring.statistics.Divergence;
import io.esteira.monitoring.statistics.DriftRule;
import io.esteira.monitoring.statistics.DriftVerdict;
import io.esteira.monitoring.statistics.NumericDrift;
import io.esteira.monitoring.statistics.NumericProfile;
import io.esteira.monitoring.statistics.ProfileDrift;
import io.esteira.monitoring.statistics.Verdict;
import io.esteira.shared.InvalidRequestException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Drift of a release's traffic per window (hour, day) against its model version's training
 * baseline: per feature PSI, Jensen–Shannon, KS, Wasserstein (numbers) or chi-square (categories),
 * a verdict by the sample-size guard and noise rule, and the dataset drift; stored as rows with how
 * they were computed. Evaluating a window again replaces its rows with the same numbers.
 */
@Service
public class DriftResults {

    /** A stored drift row, as dashboards and alerts read it. */
    public record Drift(UUID releaseId, int version, String column, String role, Granularity granularity, Instant windowStart,
            String baseline, Verdict verdict, Double psi, Double jensenShannon, Double ksD, Double ksP, Double wasserstein, Double chiSquare,
            Double chiSquareP, Double noiseFloor, long baselineRows, long windowRows, String explanation, String method, String segment) {
    }

    static final String TRAINING = "training";
    static final String DATASET = "*";
    private static final int MAX_ROWS = 20_000;

    private final LiveProfiles profiles;
    private final TrainingBaselines baselines;
    private final DeploymentService deployments;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MonitoringAlerts alerts;

    DriftResults(LiveProfiles profiles, TrainingBaselines baselines, DeploymentService deployments, JdbcTemplate jdbc, Clock clock,
            MonitoringAlerts alerts) {
        this.alerts = alerts;
        this.profiles = profiles;
        this.baselines = baselines;
        this.deployments = deployments;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Evaluates the closed windows of every live release ending in the last {@code lookBack}: a
     * window's rows are replaced, so running it twice changes nothing. Run by the system.
     */
    public int evaluateRecent(Duration lookBack) {
        Instant now = clock.instant();
        Instant lastHour = now.truncatedTo(ChronoUnit.HOURS);
        int windows = 0;
        List<DeploymentView> live = new ArrayList<>();
        org.springframework.data.domain.Page<DeploymentView> page = deployments.list(PageRequest.of(0, 500), false);
        live.addAll(page.getContent());
        while (page.hasNext()) {
            page = deployments.list(page.nextPageable(), false);
            live.addAll(page.getContent());
        }
        for (DeploymentView release : live) {
            if (!release.live()) {
                continue;
            }
            for (Instant h = lastHour.minus(lookBack); h.isBefore(lastHour); h = h.plus(1, ChronoUnit.HOURS)) {
                windows += evaluate(release.id(), Granularity.HOUR, h) ? 1 : 0;
            }
            Instant lastDay = now.truncatedTo(ChronoUnit.DAYS);
            windows += evaluate(release.id(), Granularity.DAY, lastDay.minus(1, ChronoUnit.DAYS)) ? 1 : 0;
        }
        return windows;
    }

    /** Evaluates one window of a release; false when it has no traffic or no baseline. */
    @Transactional
    public boolean evaluate(UUID releaseId, Granularity granularity, Instant windowStart) {
        requireHourOrDay(granularity);
        DeploymentView release = deployments.get(releaseId);
        Instant windowEnd = windowStart.plus(granularity == Granularity.HOUR ? Duration.ofHours(1) : Duration.ofDays(1));
        Map<String, ColumnProfile> baseline = new LinkedHashMap<>();
        baselines.of(releaseId).forEach(c -> baseline.put(c.column(), c));
        if (baseline.isEmpty()) {
            return false;
        }
        Map<String, ColumnProfile> window = new LinkedHashMap<>();
        profiles.window(releaseId, windowStart, windowEnd).stream().filter(c -> c.role() == LiveProfiles.Role.INPUT)
                .forEach(c -> window.put(c.column(), c));
        if (window.isEmpty()) {
            return false;
        }
        Monitor monitor = alerts.monitorOf(release.id(), release.areaId());
        DriftRule rule = MonitoringAlerts.rule(monitor);
        jdbc.update("delete from drift_result where deployment_id = ? and granularity = ? and window_start = ? and baseline = ?", releaseId,
                granularity.name(), Timestamp.from(windowStart), TRAINING);
        Instant now = clock.instant();
        judge(release, granularity, windowStart, windowEnd, baseline, window, LiveProfiles.ALL, null, rule, now);
        // each segment of the monitor's segment features, against the same baseline, with the same guard
        List<String> judged = new java.util.ArrayList<>(List.of(LiveProfiles.ALL));
        List<String> features = monitor.getSegmentFeatures();
        for (String segment : profiles.segments(releaseId, windowStart, windowEnd)) {
            String feature = segment.substring(0, Math.max(0, segment.indexOf('=')));
            if (!features.contains(feature)) {
                continue; // profiled under an earlier monitor's segments
            }
            Map<String, ColumnProfile> part = new LinkedHashMap<>();
            profiles.window(releaseId, windowStart, windowEnd, segment).stream().filter(c -> c.role() == LiveProfiles.Role.INPUT)
                    .forEach(c -> part.put(c.column(), c));
            if (!part.isEmpty()) {
                judge(release, granularity, windowStart, windowEnd, baseline, part, segment, feature, rule, now);
                judged.add(segment);
            }
        }
        // all traffic and every segment are alerted on their own: a drift of one channel can hide in the mix of all
        Duration step = granularity == Granularity.HOUR ? Duration.ofHours(1) : Duration.ofDays(1);
        for (String traffic : judged) {
            List<Drift> recent = of(releaseId, granularity, windowStart.minus(step.multipliedBy(24)), windowEnd, traffic);
            alerts.afterDrift(release, traffic, granularity, windowStart, recent.stream().filter(d -> d.column().equals(DATASET)).toList(),
                    recent.stream().filter(d -> d.windowStart().equals(windowStart)).toList());
        }
        return true;
    }

    /**
     * Stores a window's (or a segment's) drift per feature and its dataset drift. Within a segment its own feature
     * ({@code skip}) is not judged: its values there differ from the baseline's mix by construction.
     */
    private void judge(DeploymentView release, Granularity granularity, Instant windowStart, Instant windowEnd,
            Map<String, ColumnProfile> baseline, Map<String, ColumnProfile> window, String segment, String skip, DriftRule rule, Instant now) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (ColumnProfile base : baseline.values()) {
            ColumnProfile current = window.get(base.column());
            if (current == null || current.kind() != base.kind() || base.column().equals(skip)) {
                continue;
            }
            Object[] row;
            DriftVerdict verdict;
            if (base.kind() == Kind.NUMERIC) {
                NumericDrift d = ProfileDrift.numeric(base.numeric(), current.numeric());
                verdict = rule.judge(d);
                row = new Object[] {d.populationStabilityIndex(), d.jensenShannonDivergence(), d.kolmogorovSmirnov(), d.kolmogorovSmirnovPValue(),
                        d.wassersteinNormalised(), null, null};
            } else {
                CategoricalDrift d = ProfileDrift.categorical(base.categorical(), current.categorical(), CategoricalDrift.DEFAULT_TOP_CATEGORIES);
                verdict = rule.judge(d);
                row = new Object[] {d.populationStabilityIndex(), d.jensenShannonDivergence(), null, null, null, d.chiSquare(), d.chiSquarePValue()};
            }
            verdicts.put(base.column(), verdict.verdict());
            insert(release, base.column(), segment, granularity, windowStart, windowEnd, verdict, row, method(base.kind(), rule), now);
        }
        DatasetDrift dataset = DatasetDrift.of(verdicts, Map.of());
        Verdict overall = dataset.featuresJudged() == 0 ? Verdict.INSUFFICIENT_DATA
                : dataset.featuresInBreach() > 0 ? Verdict.BREACH : dataset.featuresInWarning() > 0 ? Verdict.WARNING : Verdict.OK;
        long windowRows = window.values().stream().mapToLong(ColumnProfile::rows).max().orElse(0);
        long baselineRows = baseline.values().stream().mapToLong(ColumnProfile::rows).max().orElse(0);
        jdbc.update("insert into drift_result (deployment_id, area_id, version_number, column_name, column_role, segment, granularity, "
                + "window_start, window_end, baseline, verdict, psi, baseline_rows, window_rows, explanation, method, computed_at) "
                + "values (?, ?, ?, ?, 'INPUT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", release.id(), release.areaId(), release.modelVersion(),
                DATASET, segment, granularity.name(), Timestamp.from(windowStart), Timestamp.from(windowEnd), TRAINING,
                overall.name(), dataset.breachShare(), baselineRows, windowRows,
                cut("%d of %d features in breach, %d in warning (share %.2f); %d with insufficient data".formatted(dataset.featuresInBreach(),
                        dataset.featuresJudged(), dataset.featuresInWarning(), dataset.breachShare(),
                        verdicts.size() - dataset.featuresJudged()), 400),
                "dataset drift: unweighted share of judged features in breach (psi column holds the share)", Timestamp.from(now));
    }

    /**
     * The stored drift rows of a release (every feature and the dataset) in {@code [from, to)}.
     *
     * @throws io.esteira.shared.NotFoundException when the caller may not read the release
     */
    @PreAuthorize("isAuthenticated()")
    public List<Drift> of(UUID releaseId, Granularity granularity, Instant from, Instant to) {
        return of(releaseId, granularity, from, to, LiveProfiles.ALL);
    }

    /**
     * As {@link #of(UUID, Granularity, Instant, Instant)}, for one segment of the traffic, e.g. {@code channel=online}
     * ({@link LiveProfiles#ALL}: all of it).
     */
    @PreAuthorize("isAuthenticated()")
    public List<Drift> of(UUID releaseId, Granularity granularity, Instant from, Instant to, String segment) {
        deployments.get(releaseId);
        if (segment == null || segment.isBlank() || segment.length() > 400) {
            throw new InvalidRequestException("segment", "Name a segment as feature=value, or * for all traffic");
        }
        requireHourOrDay(granularity);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new InvalidRequestException("from", "Give a window: from before to");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(400)) > 0) {
            throw new InvalidRequestException("from", "At most 400 days at once");
        }
        List<Drift> rows = new ArrayList<>();
        jdbc.query("select version_number, column_name, column_role, window_start, baseline, verdict, psi, js_divergence, ks_d, ks_p, "
                + "wasserstein, chi_square, chi_square_p, noise_floor, baseline_rows, window_rows, explanation, method from drift_result "
                + "where deployment_id = ? and segment = ? and granularity = ? and window_start >= ? and window_start < ? "
                + "order by window_start, column_name",
                rs -> {
                    if (rows.size() < MAX_ROWS) {
                        rows.add(new Drift(releaseId, rs.getInt(1), rs.getString(2), rs.getString(3), granularity,
                                rs.getTimestamp(4).toInstant(), rs.getString(5), Verdict.valueOf(rs.getString(6)), num(rs, 7), num(rs, 8),
                                num(rs, 9), num(rs, 10), num(rs, 11), num(rs, 12), num(rs, 13), num(rs, 14), rs.getLong(15), rs.getLong(16),
                                rs.getString(17), rs.getString(18), segment));
                    }
                }, releaseId, segment, granularity.name(), Timestamp.from(from), Timestamp.from(to));
        return rows;
    }

    /**
     * The segments with stored drift rows of a release in {@code [from, to)}, e.g. {@code channel=online}, in order
     * ({@link LiveProfiles#ALL} not among them).
     */
    @PreAuthorize("isAuthenticated()")
    public List<String> segments(UUID releaseId, Granularity granularity, Instant from, Instant to) {
        deployments.get(releaseId);
        requireHourOrDay(granularity);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new InvalidRequestException("from", "Give a window: from before to");
        }
        return jdbc.queryForList("select distinct segment from drift_result where deployment_id = ? and granularity = ? and window_start >= ? "
                + "and window_start < ? and segment <> ? order by segment", String.class, releaseId, granularity.name(), Timestamp.from(from),
                Timestamp.from(to), LiveProfiles.ALL);
    }

    private void insert(DeploymentView release, String column, String segment, Granularity granularity, Instant start, Instant end, DriftVerdict v,
            Object[] stats, String method, Instant now) {
        jdbc.update("insert into drift_result (deployment_id, area_id, version_number, column_name, column_role, segment, granularity, "
                + "window_start, window_end, baseline, verdict, psi, js_divergence, ks_d, ks_p, wasserstein, chi_square, chi_square_p, "
                + "noise_floor, baseline_rows, window_rows, explanation, method, computed_at) "
                + "values (?, ?, ?, ?, 'INPUT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", release.id(), release.areaId(),
                release.modelVersion(), column, segment, granularity.name(), Timestamp.from(start), Timestamp.from(end), TRAINING,
                v.verdict().name(), finite(stats[0]), finite(stats[1]), finite(stats[2]), finite(stats[3]), finite(stats[4]), finite(stats[5]),
                finite(stats[6]), finite(v.noiseFloor()), v.baselineRows(), v.currentRows(), cut(v.explanation(), 400), method,
                Timestamp.from(now));
    }

    private static String method(Kind kind, DriftRule rule) {
        String common = "; rule: warning PSI %s, breach PSI %s, minimum rows %d, alpha %s, noise floor chi2(B-1, 1-alpha)*(1/n+1/m)"
                .formatted(rule.warningPsi(), rule.breachPsi(), rule.minimumRows(), rule.alpha());
        return cut(kind == Kind.NUMERIC
                ? "numeric from sketches: KLL k=" + NumericProfile.SKETCH_K + ", 10 bins on the baseline's deciles with open tails, empty-bin share "
                        + Divergence.EMPTY_BIN_SHARE + ", PSI ln, JS base 2, KS asymptotic p, W1 / baseline sd" + common
                : "categorical from sketches: frequent items map " + CategoricalProfile.MAX_MAP_SIZE + ", top "
                        + CategoricalDrift.DEFAULT_TOP_CATEGORIES + " categories + other + unseen, empty-bin share " + Divergence.EMPTY_BIN_SHARE
                        + ", PSI ln, JS base 2, chi-square of homogeneity" + common, 600);
    }

    private static void requireHourOrDay(Granularity granularity) {
        if (granularity != Granularity.HOUR && granularity != Granularity.DAY) {
            throw new InvalidRequestException("granularity", "Drift is evaluated per HOUR or DAY");
        }
    }

    private static Object finite(Object value) {
        return value instanceof Double d && !Double.isFinite(d) ? null : value;
    }

    private static Double num(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
