package io.esteira.monitoring;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.DashboardWindow.Range;
import io.esteira.monitoring.DriftResults.Drift;
import io.esteira.monitoring.LiveProfiles.Kind;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.domain.Monitors;
import io.esteira.monitoring.statistics.CategoricalDrift;
import io.esteira.monitoring.statistics.CategoricalProfile;
import io.esteira.monitoring.statistics.DriftRule;
import io.esteira.monitoring.statistics.NumericDrift;
import io.esteira.monitoring.statistics.NumericProfile;
import io.esteira.monitoring.statistics.ProfileDrift;
import io.esteira.monitoring.statistics.Verdict;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SystemActor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The data of a deployment's monitoring page, one call per section, each reading precomputed rows
 * (operational metric rows, drift rows, stored profiles, alerts) through indexes, never the
 * prediction log. Readers: the area's people (managers read), and reviewers, who read every area.
 * Everyone else gets "not found".
 */
@Service
@PreAuthorize("isAuthenticated()")
public class MonitoringDashboard {

    /** The release a page shows, with the deployment's other releases to switch to. */
    public record Header(UUID releaseId, String deployment, UUID areaId, String area, UUID modelId, String model, int version,
            String environment, DeploymentState state, Integer canaryPercent, Instant liveAt, boolean canAct, List<ReleaseChoice> releases) {
    }

    public record ReleaseChoice(UUID releaseId, int version, DeploymentState state, Integer canaryPercent, Instant liveAt) {
    }

    /**
     * The drift rows of a window, per feature (in name order) and for the dataset ({@code *}).
     *
     * @param minimumRows the monitor's minimum rows per window, below which a window is "insufficient data"
     * @param hasBaseline false while the version has no training baseline (nothing can be judged)
     */
    public record DriftOverview(Granularity granularity, Range range, List<Instant> windows, List<FeatureDrift> features, List<Drift> dataset,
            long minimumRows, boolean hasBaseline) {

        public boolean evaluated() {
            return !features.isEmpty();
        }
    }

    /**
     * One feature's drift rows in the window, oldest first, and its latest.
     *
     * @param numeric true for numbers (PSI, KS, Wasserstein, JS), false for categories (PSI, JS, chi-square)
     */
    public record FeatureDrift(String feature, boolean numeric, List<Drift> windows, Drift latest, int inBreach, int inWarning,
            int insufficient) {
    }

    /**
     * A feature's training baseline beside its live traffic merged over the window: numbers in the 10
     * bins of the baseline's deciles (open tails), categories in the baseline's top categories plus
     * "other" and "unseen"; shares from the stored sketches.
     */
    public record FeatureDistribution(String feature, boolean numeric, Range range, long baselineRows, long windowRows, List<Bin> bins,
            Double psi, Double jensenShannon, String baselineFrom, String method) {

        public boolean hasBaseline() {
            return baselineRows > 0;
        }
    }

    /** A bin's share of the baseline's and the window's rows. */
    public record Bin(String label, double baselineShare, double windowShare) {
    }

    private final DeploymentService deployments;
    private final AreaAccess access;
    private final AreaService areas;
    private final OperationalMetrics operational;
    private final DriftResults drift;
    private final MonitoringAlerts alerts;
    private final PerformanceResults performance;
    private final SegmentOperationalMetrics segmentOperational;
    private final Monitors monitors;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    MonitoringDashboard(DeploymentService deployments, AreaAccess access, AreaService areas, OperationalMetrics operational,
            DriftResults drift, MonitoringAlerts alerts, PerformanceResults performance, SegmentOperationalMetrics segmentOperational,
            Monitors monitors, JdbcTemplate jdbc, Clock clock) {
        this.performance = performance;
        this.segmentOperational = segmentOperational;
        this.deployments = deployments;
        this.access = access;
        this.areas = areas;
        this.operational = operational;
        this.drift = drift;
        this.alerts = alerts;
        this.monitors = monitors;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A deployment's release: {@code releaseId} when it is one of the deployment's, else its stable
     * live release, else its newest.
     *
     * @param areaId the area, when the caller reads deployments of that name in several; else null
     * @throws io.esteira.shared.NotFoundException when the caller may not read it
     */
    public Header header(String deployment, UUID areaId, UUID releaseId) {
        List<DeploymentView> releases = asReader(() -> deployments.releases(deployment, areaId));
        DeploymentView shown = releases.stream().filter(r -> r.id().equals(releaseId)).findFirst()
                .or(() -> releases.stream().filter(r -> r.live() && r.canaryPercent() == null).findFirst())
                .or(() -> releases.stream().filter(DeploymentView::live).findFirst())
                .orElse(releases.getFirst());
        return new Header(shown.id(), shown.name(), shown.areaId(), areas.names().getOrDefault(shown.areaId(), "?"), shown.modelId(),
                shown.model(), shown.modelVersion(), shown.environment().name().toLowerCase(Locale.ROOT), shown.state(), shown.canaryPercent(),
                shown.liveAt(), access.canAct(shown.areaId()),
                releases.stream().map(r -> new ReleaseChoice(r.id(), r.modelVersion(), r.state(), r.canaryPercent(), r.liveAt())).toList());
    }

    /** The release's operational metric rows of the window, at the window's granularity. */
    public OperationalSeries operational(UUID releaseId, DashboardWindow window) {
        Range range = window.operationalRange(clock.instant());
        return asReader(() -> operational.series(releaseId, window.operational(), range.from(), range.to()));
    }

    /**
     * The operational figures of one segment of the release's traffic over the window, per hour or day as its drift
     * (counted per settled hour from the log's sample: no minutes, no queue), as operational rows.
     */
    public OperationalSeries operational(UUID releaseId, DashboardWindow window, String segment) {
        if (LiveProfiles.ALL.equals(segment)) {
            return operational(releaseId, window);
        }
        Range range = window.driftRange(clock.instant());
        Granularity g = window.drift();
        List<SegmentOperationalMetrics.SegmentPoint> points = asReader(() -> segmentOperational.series(releaseId, segment, g, range.from(),
                range.to()));
        String name = asReader(() -> deployments.get(releaseId)).name();
        return new OperationalSeries(name, g, range.from(), range.to(), points.stream().map(p -> new OperationalPoint(releaseId, 0, g,
                p.bucketStart(), p.calls(), p.rows(), p.errors(), p.invalid(), p.errorRate(), p.invalidRate(), p.p50() == null ? 0 : p.calls(),
                p.p50(), p.p95(), p.p99(), null, null, 0, 0, 0, p.method(), "", p.bucketStart())).toList());
    }

    /**
     * The release's performance rows (realised once mature, and the estimate) of the window's hours or days, oldest
     * first, of one segment ({@link LiveProfiles#ALL}: all traffic).
     */
    public List<PerformanceResults.Performance> performance(UUID releaseId, DashboardWindow window, String segment) {
        Range range = window.performanceRange(clock.instant());
        return asReader(() -> performance.series(releaseId, window.performance(), range.from(), range.to(), segment));
    }

    /** The release's drift rows of the window's hours or days, per feature, of all its traffic. */
    @Transactional(readOnly = true)
    public DriftOverview drift(UUID releaseId, DashboardWindow window) {
        return drift(releaseId, window, LiveProfiles.ALL);
    }

    /** The segments (e.g. {@code channel=online}) the release's drift was judged for in the window. */
    public List<String> segments(UUID releaseId, DashboardWindow window) {
        Range range = window.driftRange(clock.instant());
        return asReader(() -> drift.segments(releaseId, window.drift(), range.from(), range.to()));
    }

    /** The release's drift rows of the window's hours or days, per feature, of one segment ({@link LiveProfiles#ALL}: all traffic). */
    @Transactional(readOnly = true)
    public DriftOverview drift(UUID releaseId, DashboardWindow window, String segment) {
        DeploymentView release = readable(releaseId);
        Range range = window.driftRange(clock.instant());
        Granularity g = window.drift();
        List<Drift> rows = asReader(() -> drift.of(releaseId, g, range.from(), range.to(), segment));
        List<Instant> windows = new ArrayList<>();
        for (Instant w = range.from(); w.isBefore(range.to()); w = w.plus(g.length())) {
            windows.add(w);
        }
        Map<String, List<Drift>> byFeature = new LinkedHashMap<>();
        List<Drift> dataset = new ArrayList<>();
        rows.stream().sorted(Comparator.comparing(Drift::column).thenComparing(Drift::windowStart)).forEach(d -> {
            if (d.column().equals(DriftResults.DATASET)) {
                dataset.add(d);
            } else {
                byFeature.computeIfAbsent(d.column(), k -> new ArrayList<>()).add(d);
            }
        });
        dataset.sort(Comparator.comparing(Drift::windowStart));
        List<FeatureDrift> features = byFeature.entrySet().stream().map(e -> {
            List<Drift> list = e.getValue();
            Drift latest = list.getLast();
            return new FeatureDrift(e.getKey(), latest.method().startsWith("numeric"), List.copyOf(list), latest,
                    (int) list.stream().filter(d -> d.verdict() == Verdict.BREACH).count(),
                    (int) list.stream().filter(d -> d.verdict() == Verdict.WARNING).count(),
                    (int) list.stream().filter(d -> d.verdict() == Verdict.INSUFFICIENT_DATA).count());
        }).toList();
        long minimumRows = monitors.findById(releaseId).map(Monitor::getMinimumRows).orElse(DriftRule.DEFAULT.minimumRows());
        boolean hasBaseline = Boolean.TRUE.equals(jdbc.queryForObject(
                "select count(*) > 0 from training_baseline where model_version_id = ?", Boolean.class, release.modelVersionId()));
        return new DriftOverview(g, range, windows, features, dataset, minimumRows, hasBaseline);
    }

    /**
     * A feature's training baseline beside the release's traffic of the window, merged from the
     * stored hourly profiles.
     *
     * @throws InvalidRequestException for a feature the version's baseline and traffic do not have
     */
    @Transactional(readOnly = true)
    public FeatureDistribution distribution(UUID releaseId, String feature, DashboardWindow window) {
        DeploymentView release = readable(releaseId);
        Range range = window.driftRange(clock.instant());
        Object[] baseline = jdbc.query("select kind, profile, built_from from training_baseline where model_version_id = ? and column_name = ? "
                + "and column_role = 'INPUT'", rs -> rs.next() ? new Object[] {Kind.valueOf(rs.getString(1)), rs.getBytes(2), rs.getString(3)}
                        : null, release.modelVersionId(), feature);
        Kind kind = baseline == null ? liveKind(release, feature) : (Kind) baseline[0];
        if (kind == null) {
            throw new InvalidRequestException("feature", release.model() + " v" + release.modelVersion() + " has no input feature " + feature);
        }
        List<byte[]> hours = jdbc.query("select profile from live_profile where deployment_id = ? and version_number = ? and column_name = ? "
                + "and column_role = 'INPUT' and kind = ? and segment = ? and hour_start >= ? and hour_start < ?", (rs, i) -> rs.getBytes(1),
                release.id(), release.modelVersion(), feature, kind.name(), LiveProfiles.ALL, Timestamp.from(range.from()),
                Timestamp.from(range.to()));
        String baselineFrom = baseline == null ? null : (String) baseline[2];
        if (kind == Kind.NUMERIC) {
            NumericProfile base = baseline == null ? NumericProfile.empty() : NumericProfile.fromBytes((byte[]) baseline[1]);
            NumericProfile current = NumericProfile.empty();
            hours.forEach(b -> current.merge(NumericProfile.fromBytes(b)));
            NumericDrift d = ProfileDrift.numeric(base, current);
            List<Bin> bins = new ArrayList<>();
            double[] edges = d.binEdges();
            for (int i = 0; i < d.baselineShares().length; i++) {
                String label = i == 0 ? "≤ " + number(edges[0]) : i == edges.length ? "> " + number(edges[i - 1])
                        : number(edges[i - 1]) + " – " + number(edges[i]);
                bins.add(new Bin(label, d.baselineShares()[i], d.currentShares()[i]));
            }
            return new FeatureDistribution(feature, true, range, base.count() + base.nulls(), current.count() + current.nulls(), bins,
                    finite(d.populationStabilityIndex()), finite(d.jensenShannonDivergence()), baselineFrom,
                    "KLL sketches (k=" + NumericProfile.SKETCH_K + ", rank error ±" + number(base.rankError() * 100 + current.rankError() * 100)
                            + "%): 10 bins on the baseline's deciles, open tails");
        }
        CategoricalProfile base = baseline == null ? CategoricalProfile.empty() : CategoricalProfile.fromBytes((byte[]) baseline[1]);
        CategoricalProfile current = CategoricalProfile.empty();
        hours.forEach(b -> current.merge(CategoricalProfile.fromBytes(b)));
        CategoricalDrift d = ProfileDrift.categorical(base, current, CategoricalDrift.DEFAULT_TOP_CATEGORIES);
        long baseCount = Math.max(1, d.baselineRows());
        long currentCount = Math.max(1, d.currentRows());
        List<Bin> bins = d.bins().stream().map(b -> new Bin(b.label(), (double) b.baselineCount() / baseCount,
                (double) b.currentCount() / currentCount)).toList();
        return new FeatureDistribution(feature, false, range, base.count() + base.nulls(), current.count() + current.nulls(), bins,
                finite(d.populationStabilityIndex()), finite(d.jensenShannonDivergence()), baselineFrom,
                "frequent-items sketches (map " + CategoricalProfile.MAX_MAP_SIZE + "): the baseline's top " + CategoricalDrift.DEFAULT_TOP_CATEGORIES
                        + " categories, \"other\" (its other categories) and \"unseen\" (categories it never had)");
    }

    /** The release's alerts whose life overlaps the window (opened before its end, not resolved before its start), newest first. */
    public List<AlertView> alerts(UUID releaseId, DashboardWindow window) {
        Range range = window.operationalRange(clock.instant());
        return asReader(() -> alerts.of(releaseId)).stream()
                .filter(a -> a.openedAt().isBefore(range.to()) && (a.resolvedAt() == null || !a.resolvedAt().isBefore(range.from()))).toList();
    }

    private Kind liveKind(DeploymentView release, String feature) {
        List<String> kinds = jdbc.queryForList("select distinct kind from live_profile where deployment_id = ? and version_number = ? "
                + "and column_name = ? and column_role = 'INPUT'", String.class, release.id(), release.modelVersion(), feature);
        return kinds.isEmpty() ? null : Kind.valueOf(kinds.getFirst());
    }

    private DeploymentView readable(UUID releaseId) {
        return asReader(() -> deployments.get(releaseId));
    }

    /**
     * Reviewers read every area's monitoring, as they judge every area's changes, but are members of
     * none: what they read is read on the platform's behalf. Everyone else reads as themselves.
     */
    private static <T> T asReader(Supplier<T> read) {
        return reviewer() ? SystemActor.call(read) : read.get();
    }

    static boolean reviewer() {
        return CurrentUser.get().map(u -> u.has(Role.REVIEWER) && u.areaScope() == null).orElse(false);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String number(double v) {
        double a = Math.abs(v);
        String s = a != 0 && (a >= 1e6 || a < 1e-3) ? String.format(Locale.ROOT, "%.3g", v)
                : a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : a >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                        : String.format(Locale.ROOT, "%.3f", v);
        return s;
    }
}
